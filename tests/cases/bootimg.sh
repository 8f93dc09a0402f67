# Boot images (tests/fixtures/build.d/bootimg.sh): the kernel taken out of
# each container and compressor, and every way it can fail.  Sourced by
# tests/run-tests inside run_cases.

bi_formats="gzip bzip2 lzma xz lzo lz4 zstd"
bi_plain=x86_64-prel32-vmlinux

# bi_report FILE: initscan's JSON report of FILE but what names the file
bi_report() {
  initscan_jq 0 '.images[0] | del(.path, .mismatches_from, .container, .compression)' "$1"
}

# bi_raw NAME FILE CONTAINER: FILE is recognised as CONTAINER holding a raw
# kernel, which the kallsyms reader takes (the fixtures' kernels have no
# kallsyms table: the error names the container, the file is no "not ELF")
bi_raw() {
  expect_error "$1" "$2" "$3: the kernel in it has no ELF headers and no kallsyms table (built without CONFIG_KALLSYMS?): no symbols to read"
}

# bi_peak CMD...: "EXIT PEAK_RSS_KIB" of CMD (GNU time), its stderr in $work/bi-peak.err
bi_peak() {
  /usr/bin/time -f '%x %M' -o "$work/bi-time.out" "$@" > /dev/null 2> "$work/bi-peak.err"
  tail -1 "$work/bi-time.out"
}

if need bootimg; then
  # Every compressor: the same report as the ELF file wrapped, and the
  # container and compression named.
  for bi_f in $bi_formats none; do
    expect_same "bzImage ($bi_f): the report of the kernel in it" \
      "$(bi_report "$bi_plain")" "$(bi_report "bootimg/bz-$bi_f")"
    bi_want=$bi_f; [ "$bi_f" = none ] && bi_want=null
    expect_eq "bzImage ($bi_f): container and compression" "bzImage $bi_want" \
      "$(initscan_jq 0 '.images[0] | "\(.container) \(.compression)"' "bootimg/bz-$bi_f")"
  done
  expect_eq "a plain ELF file has no container" "null null" \
    "$(initscan_jq 0 '.images[0] | "\(.container) \(.compression)"' "$bi_plain")"
  expect_eq "text summary names the container" \
    "bootimg/bz-xz: vmlinux, x86_64, 64-bit little-endian, from boot image bzImage, xz-compressed" \
    "$(initscan_rc 0 bootimg/bz-xz | head -1)"

  # Damage, one wording per kind whatever the compressor: the stream cut in
  # half (payload_length saying so), and bytes overwritten inside it (lz4
  # has no checksum: its first block length is overwritten).
  for bi_f in $bi_formats; do
    bi_n=$(stat -c %s "bootimg/kernel.$bi_f")
    head -c $((bi_n / 2)) "bootimg/kernel.$bi_f" > "$work/cut.$bi_f"
    "$here/fixtures/mkbootimg" bzimage "$work/bz-cut-$bi_f" "$work/cut.$bi_f"
    expect_error "bzImage ($bi_f) cut short" "$work/bz-cut-$bi_f" \
      "bzImage: truncated $bi_f data"
    cp "bootimg/kernel.$bi_f" "$work/damaged.$bi_f"
    bi_at=200; [ "$bi_f" = lz4 ] && bi_at=4
    printf '\377\377\377\377\377\377\377\377' |
      dd of="$work/damaged.$bi_f" bs=1 seek=$bi_at conv=notrunc status=none
    "$here/fixtures/mkbootimg" bzimage "$work/bz-damaged-$bi_f" "$work/damaged.$bi_f"
    expect_error "bzImage ($bi_f) damaged" "$work/bz-damaged-$bi_f" \
      "bzImage: damaged $bi_f data"
  done

  # The block formats over many blocks (lz4: 8 MiB, lzo: 256 KiB), the
  # kernel followed by other bytes as x86's vmlinux.relocs follows it:
  # 16 MiB exactly (lz4's appended size follows a full block) and more;
  # level 1, the framing being that of -9 and the test faster.
  for bi_size in 16777216 16789561; do
    { cat "$bi_plain"; seq 1 4000000; } | head -c $bi_size > "$work/bi-big"
    for bi_f in lz4 lzo; do
      compress_big() {
        case $bi_f in
          lz4) lz4 -q -l -1 - - < "$work/bi-big" ;;
          lzo) lzop -1 -c < "$work/bi-big" ;;
        esac
        python3 -c 'import struct, sys; sys.stdout.buffer.write(struct.pack("<I", int(sys.argv[1])))' $bi_size
      }
      compress_big > "$work/bi-big.$bi_f"
      "$here/fixtures/mkbootimg" bzimage "$work/bz-big-$bi_f" "$work/bi-big.$bi_f"
      expect_same "bzImage ($bi_f, $bi_size bytes): the report of the kernel in it" \
        "$(bi_report "$bi_plain")" "$(bi_report "$work/bz-big-$bi_f")"
    done
  done
  rm -f "$work"/bi-big*  "$work"/bz-big-*

  # A payload_length past the end of the file, and a file cut before its
  # payload_offset.
  bi_n=$(stat -c %s bootimg/kernel.xz)
  head -c 1500 bootimg/bz-xz > "$work/bz-cut-header"
  expect_error "bzImage cut before its payload" "$work/bz-cut-header" \
    "bzImage: the payload ($bi_n bytes at offset 1792) is not inside the file (1500 bytes)"
  "$here/fixtures/mkbootimg" bzimage "$work/bz-outside" bootimg/kernel.xz $((bi_n + 4096))
  expect_error "bzImage payload outside the file" "$work/bz-outside" \
    "bzImage: the payload ($((bi_n + 4096)) bytes at offset 1792) is not inside the file ($(stat -c %s "$work/bz-outside") bytes)"

  # Bombs: 1 GiB of zeros (zstd, a 64 MiB limit for so small a file), and
  # 64 MiB under --max-decompressed=16M in the block formats; within the
  # limit in time and memory (the run on the plain kernel as the base).
  bi_base=$(bi_peak "$bin" "$bi_plain"); bi_base=${bi_base##* }
  head -c 1G /dev/zero | zstd -q -c > "$work/bi-zeros.zstd"
  "$here/fixtures/mkbootimg" bzimage "$work/bz-bomb-zstd" "$work/bi-zeros.zstd"
  read -r bi_exit bi_peak_kib <<< "$(bi_peak "$bin" "$work/bz-bomb-zstd")"
  expect_eq "bzImage zstd bomb: exit, message, memory" \
    "2 initscan: $work/bz-bomb-zstd: bzImage: zstd data decompresses to more than 64 MiB, the limit for this file; see LIMITS in initscan(1) yes" \
    "$bi_exit $(cat "$work/bi-peak.err") $([ $((bi_peak_kib - bi_base)) -le $((64 * 1024)) ] && echo yes || echo "no: $bi_peak_kib KiB")"
  for bi_f in lzo lz4; do
    case $bi_f in
      lzo) head -c 64M /dev/zero | lzop -1 -c > "$work/bi-zeros.$bi_f" ;;
      lz4) head -c 64M /dev/zero | lz4 -q -l -1 - - > "$work/bi-zeros.$bi_f" ;;
    esac
    "$here/fixtures/mkbootimg" bzimage "$work/bz-bomb-$bi_f" "$work/bi-zeros.$bi_f"
    expect_eq "bzImage $bi_f bomb under --max-decompressed=16M" \
      "initscan: $work/bz-bomb-$bi_f: bzImage: $bi_f data decompresses to more than 16 MiB, the limit for this file; see LIMITS in initscan(1)" \
      "$("$bin" --max-decompressed=16M "$work/bz-bomb-$bi_f" 2>&1 > /dev/null)"
  done
  rm -f "$work"/bi-zeros.* "$work"/bz-bomb-*
fi

# The containers of a raw kernel, recognised by their headers.
for bi_pair in Image:Image Image.gz:Image "zboot-gzip:EFI zboot image" \
               "Image-riscv64:RISC-V Image" zImage:zImage \
               "s390-image:s390 image" "vmlinuz-mips64el:vmlinuz (ELF wrapper)"; do
  bi_file=bootimg/${bi_pair%%:*}
  need "$bi_file" || continue
  bi_raw "raw-${bi_pair%%:*}" "$bi_file" "${bi_pair#*:}"
done

# A zImage whose compressed kernel is cut short (other bytes follow it, as
# they follow any payload): the search names the first candidate and why
# it is not the kernel.
if need bootimg/zImage; then
  bi_n=$(stat -c %s bootimg/arm.bin.xz)
  head -c $((bi_n / 2)) bootimg/arm.bin.xz > "$work/arm-cut.xz"
  "$here/fixtures/mkbootimg" zimage "$work/zImage-cut" "$work/arm-cut.xz"
  expect_error "zImage cut short" "$work/zImage-cut" \
    "zImage: damaged xz data (no compressed kernel found; the first candidate, at offset 1024)"
fi

# An ELF executable without symbols and nothing compressed in its .data is
# no wrapper: the ELF reader says what it lacks.
if need stripped-vmlinux; then
  expect_eq "a stripped vmlinux is no boot image" "1" \
    "$("$bin" stripped-vmlinux 2>&1 | grep -c 'no symbol table (.symtab)')"
fi

# No FILE: the debug images first, the boot image last, with a note.
if need bootimg; then
  bi_release=$(uname -r)
  rm -rf "$work/root"; mkdir -p "$work/root/boot"
  cp bootimg/bz-xz "$work/root/boot/vmlinuz-$bi_release"
  expect_eq "no FILE: the boot image, and what it cannot give" \
    "bzImage initscan: no debug image of the running kernel ($bi_release) found; reading its boot image $work/root/boot/vmlinuz-$bi_release: symbols come from its kallsyms table, and section mismatches cannot be checked" \
    "$(INITSCAN_TEST_ROOT=$work/root initscan_jq 0 '.images[0].container') $(head -1 "$work/initscan_jq.err")"
  mkdir -p "$work/root/usr/lib/debug/boot"
  cp "$bi_plain" "$work/root/usr/lib/debug/boot/vmlinux-$bi_release"
  expect_eq "no FILE: a debug image comes first" \
    "$work/root/usr/lib/debug/boot/vmlinux-$bi_release null" \
    "$(INITSCAN_TEST_ROOT=$work/root initscan_jq 0 '.images[0] | "\(.path) \(.container)"')"
  rm -rf "$work/root"; mkdir -p "$work/root"
  INITSCAN_TEST_ROOT=$work/root "$bin" > /dev/null 2> "$work/bi-none.err"
  bi_exit=$?
  expect_eq "no FILE and no image: exit 2, the five places listed, the boot image last" \
    "2 5 $work/root/boot/vmlinuz-$bi_release" \
    "$bi_exit $(grep -c "^  $work/root/" "$work/bi-none.err") $(grep "^  " "$work/bi-none.err" | tail -1 | sed 's/^  //')"
fi

# A directory such as /boot: its vmlinuz-RELEASE boot images are read, its
# System.map, config and initrd files are not kernel images.
if need bootimg armraw-zImage; then
  rm -rf "$work/bootdir"; mkdir -p "$work/bootdir"
  cp bootimg/bz-xz "$work/bootdir/vmlinuz-5.10.0-mini"
  cp armraw-zImage "$work/bootdir/vmlinuz-5.10.0-mini-armmp"
  echo "CONFIG_KALLSYMS=y" > "$work/bootdir/config-5.10.0-mini"
  : > "$work/bootdir/initrd.img-5.10.0-mini"
  expect_eq "a /boot directory: each vmlinuz-RELEASE, nothing else" \
    "bootdir/vmlinuz-5.10.0-mini bzImage
bootdir/vmlinuz-5.10.0-mini-armmp zImage" \
    "$(initscan_jq 0 '.images[] | "\(.path | sub(".*/(?=bootdir/)"; "")) \(.container)"' "$work/bootdir")"
fi
