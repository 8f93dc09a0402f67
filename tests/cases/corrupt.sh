# Bad input: one clear message naming the file, exit 2, no report; damaged
# files (fixtures/corrupt.c), the fuzzer's past crashes, the running
# kernel when no FILE is given.

# No FILE: the running kernel's image, or where initscan looked.
release=$(uname -r)
if ! ls /usr/lib/debug/boot/vmlinux-"$release" /usr/lib/debug/lib/modules/"$release"/vmlinux \
        /boot/vmlinux-"$release" /lib/modules/"$release"/build/vmlinux \
        /boot/vmlinuz-"$release" > /dev/null 2>&1; then
  "$bin" > /dev/null 2> "$work/no-file.err"
  expect_eq "no FILE" "2 initscan: no FILE given and no image of the running kernel ($release) found in: 5" \
    "$? $(head -1 "$work/no-file.err") $(grep -c "^  /.*$release" "$work/no-file.err")"
else
  skip "no FILE: this machine has an image of the running kernel"
fi

: > "$work/empty"
printf 'not an ELF file at all\n' > "$work/text"
head -c 200 aarch64-vmlinux > "$work/truncated-headers"
expect_error missing "$work/no-such-file" "No such file or directory"
expect_error empty "$work/empty" "empty file"
expect_error text "$work/text" "not an ELF file"
shnum=$(readelf -h aarch64-vmlinux | awk '/Number of section headers/ {print $NF}')
shoff=$(readelf -h aarch64-vmlinux | awk '/Start of section headers/ {print $5}')
expect_error truncated-headers "$work/truncated-headers" \
  "truncated: the section header table ($shnum entries at offset $shoff) ends past the end of the file (200 bytes)"
expect_error stripped stripped-vmlinux \
  "no symbol table (.symtab), and no kallsyms in the image: it is stripped; use the unstripped one (e.g. Debian's linux-image-*-dbg)"
expect_error not-a-kernel not-a-kernel \
  "not a Linux kernel image: no __init_begin or __initcall_start symbol"
mkdir -p "$work/nothing-here"; : > "$work/nothing-here/README"
expect_error directory-of-nothing "$work/nothing-here" "no kernel images or modules found in this directory"
rm -f "$work/fifo"; mkfifo "$work/fifo"
expect_error fifo "$work/fifo" "not a regular file"
expect_error not-a-directory "$work/empty/x" "Not a directory"
# Damaged and oversized compressed files: tests/cases/robust-compressed.sh.

# Every damaged file: exit 2, its message, no report; or, for damaged
# DWARF ("sources=N"), a report with N initcalls still given a source.
expect_eq "broken/MANIFEST lists damaged files" "yes" "$([ -s broken/MANIFEST ] && echo yes)"
while IFS=$'\t' read -r name msg; do
  if [ "${msg#sources=}" != "$msg" ]; then
    expect_eq "broken-$name" "${msg#sources=}" \
      "$(initscan_jq 0 '[.images[0] | (.console_initcalls + .initcalls)[] | select(.source)] | length' "broken/$name")$(grep -v ': section mismatches not checked: ' "$work/initscan_jq.err")"
  else
    expect_error "broken-$name" "broken/$name" "$msg"
  fi
done < broken/MANIFEST

# Inputs the fuzzer once crashed on: analysed without a crash or a
# sanitizer report, whatever the exit status.
for f in "$here"/fixtures/fuzz-regressions/*.bin; do
  "$bin" "$f" > /dev/null 2> "$work/regression.err"
  rc=$?
  if [ $rc -le 2 ] && ! grep -qE 'Sanitizer|runtime error' "$work/regression.err"; then ok
  else bad "fuzz regression $(basename "$f"): exit $rc $(head -3 "$work/regression.err")"; fi
done

# A bad file does not stop the others (stderr: its error, and that the
# other's mismatches could not be checked).
"$bin" -f json broken/huge-section x86_64-prel32-vmlinux > "$work/mixed.json" 2> "$work/mixed.err"
expect_eq "bad file among good ones" "2 2 13 1" \
  "$? $(wc -l < "$work/mixed.err") $(jq -r '"\(.summary.initcalls) \(.summary.errors)"' "$work/mixed.json")"
