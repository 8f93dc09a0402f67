# Compressed inputs (.ko.xz, .ko.gz, .ko.zst): one bound and one wording
# for every format.  Sourced by tests/run-tests inside run_cases.

# peak_kib CMD...: run CMD, print "EXIT SECONDS PEAK_RSS_KIB" (GNU time)
peak_kib() {
  /usr/bin/time -f '%x %e %M' -o "$work/time.out" "$@" > /dev/null 2> "$work/peak.err"
  tail -1 "$work/time.out"
}

# compress EXT: stdin to stdout in that format, with the options of the
# kernel's scripts/Makefile.modinst
compress() {
  case $1 in
    xz) xz -T1 --check=crc32 --lzma2=dict=1MiB -c ;;
    gz) gzip -n -c ;;
    zst) zstd -q -c ;;
  esac
}

# Memory of a run on a small good module: what initscan needs anyway (the
# sanitized build's runtime included), added to every bound below.
rc_base=$(peak_kib "$bin" hello.ko); rc_base=${rc_base##* }
rc_mib=1024 # KiB

for rc_pair in xz:xz gz:gzip zst:zstd; do
  rc_ext=${rc_pair%%:*} rc_name=${rc_pair#*:}

  # Damage: cut short, or bytes overwritten inside the compressed stream.
  head -c 100 "hello.ko.$rc_ext" > "$work/cut.ko.$rc_ext"
  expect_error "truncated-$rc_ext" "$work/cut.ko.$rc_ext" "truncated $rc_name data"
  cp "hello.ko.$rc_ext" "$work/damaged.ko.$rc_ext"
  printf '\377\377\377\377\377\377\377\377' |
    dd of="$work/damaged.ko.$rc_ext" bs=1 seek=200 conv=notrunc status=none
  expect_error "damaged-$rc_ext" "$work/damaged.ko.$rc_ext" "damaged $rc_name data"
  head -c 0 /dev/null | compress "$rc_ext" > "$work/nothing.ko.$rc_ext"
  expect_error "empty-$rc_ext" "$work/nothing.ko.$rc_ext" "not an ELF file"

  # A bomb: 16 MiB of zeros compressed once, its copies concatenated (every
  # format reads concatenated streams) until the file passes 256 KiB, so
  # that the limit in proportion to the file (256 times) is above the
  # 64 MiB minimum; it decompresses to far more than that.
  head -c 16M /dev/zero | compress "$rc_ext" > "$work/unit.$rc_ext"
  cp "$work/unit.$rc_ext" "$work/bomb.ko.$rc_ext"
  while [ "$(stat -c %s "$work/bomb.ko.$rc_ext")" -lt 262144 ]; do
    cat "$work/bomb.ko.$rc_ext" "$work/bomb.ko.$rc_ext" > "$work/bomb2" &&
      mv "$work/bomb2" "$work/bomb.ko.$rc_ext"
  done
  rc_limit=$(( $(stat -c %s "$work/bomb.ko.$rc_ext") * 256 ))
  read -r rc_exit rc_secs rc_peak <<< "$(peak_kib "$bin" "$work/bomb.ko.$rc_ext")"
  expect_eq "bomb-$rc_ext: message" \
    "initscan: $work/bomb.ko.$rc_ext: $rc_name data decompresses to more than X, the limit for this file; see LIMITS in initscan(1)" \
    "$(sed -E 's/more than [0-9.]+ (MiB|KiB)/more than X/' "$work/peak.err")"
  expect_eq "bomb-$rc_ext: exit 2 within 10 s and the limit of $((rc_limit / 1024)) KiB" "2 yes yes" \
    "$rc_exit $(awk -v s="$rc_secs" 'BEGIN { print (s < 10 ? "yes" : "no") }') \
$([ $((rc_peak - rc_base)) -le $((rc_limit / 1024)) ] && echo yes || echo "no: $rc_peak KiB")"

  # --max-decompressed: the absolute cap, below the proportional limit.
  read -r rc_exit rc_secs rc_peak <<< "$(peak_kib "$bin" --max-decompressed=16M "$work/bomb.ko.$rc_ext")"
  expect_eq "bomb-$rc_ext under --max-decompressed=16M" \
    "2 initscan: $work/bomb.ko.$rc_ext: $rc_name data decompresses to more than 16 MiB, the limit for this file; see LIMITS in initscan(1) yes" \
    "$rc_exit $(cat "$work/peak.err") $([ $((rc_peak - rc_base)) -le $((16 * rc_mib)) ] && echo yes || echo "no: $rc_peak KiB")"
done

# A window larger than the decoder may use (xz -9 has a 64 MiB dictionary,
# zstd --long=27 a 128 MiB window): refused before it is allocated, in the
# same words for xz and zstd.
head -c 64K /dev/urandom | xz -T1 -9 -c > "$work/wide.ko.xz"
expect_eq "xz window over the limit" \
  "initscan: $work/wide.ko.xz: xz data needs more decoder memory than 16 MiB, a quarter of the limit for this file; see LIMITS in initscan(1)" \
  "$("$bin" "$work/wide.ko.xz" 2>&1 > /dev/null)"
head -c 64K /dev/urandom | zstd -q --ultra -22 --long=27 -c > "$work/wide.ko.zst"
expect_eq "zstd window over the limit" \
  "initscan: $work/wide.ko.zst: zstd data needs more decoder memory than 16 MiB, a quarter of the limit for this file; see LIMITS in initscan(1)" \
  "$("$bin" "$work/wide.ko.zst" 2>&1 > /dev/null)"

# -j 2 over a tree of bombs: within 2 x the cap.
rm -rf "$work/bombs"; mkdir -p "$work/bombs"
for rc_ext in xz gz zst; do
  cp "$work/bomb.ko.$rc_ext" "$work/bombs/a.ko.$rc_ext"
  cp "$work/bomb.ko.$rc_ext" "$work/bombs/b.ko.$rc_ext"
done
read -r rc_exit rc_secs rc_peak <<< "$(peak_kib "$bin" -j2 --max-decompressed=32M "$work/bombs")"
expect_eq "-j2 over 6 bombs: 6 messages, within 2 x 32 MiB" "2 6 yes" \
  "$rc_exit $(grep -c 'decompresses to more than 32 MiB' "$work/peak.err") \
$([ $((rc_peak - rc_base)) -le $((64 * rc_mib)) ] && echo yes || echo "no: $rc_peak KiB")"

# Inputs that decompress within the limit but are no ELF files (skipped,
# found in a directory): each is dropped once found so, and -j2 over eight
# of them holds at most two.
rm -rf "$work/zeros"; mkdir -p "$work/zeros"
for rc_ext in xz gz zst xz gz zst xz gz; do
  cp "$work/unit.$rc_ext" "$work/zeros/$(ls "$work/zeros" | wc -l).ko.$rc_ext"
done
read -r rc_exit rc_secs rc_peak <<< "$(peak_kib "$bin" -j2 "$work/zeros")"
expect_eq "-j2 over 8 files of 16 MiB of zeros: 8 skipped, at most 3 x 16 MiB held" "2 1 yes" \
  "$rc_exit $(grep -c '^initscan: 8 files skipped: not kernel objects' "$work/peak.err") \
$([ $((rc_peak - rc_base)) -le $((48 * rc_mib)) ] && echo yes || echo "no: $rc_peak KiB")"
