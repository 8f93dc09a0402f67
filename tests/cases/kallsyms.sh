# The kernel's own symbol table (src/index/kallsyms.c): the mini kernels
# of fixtures/kallsyms/kernels, whose tables the real scripts/kallsyms of
# Linux 4.4, 6.1 and 6.12 made (three table orders; absolute,
# base-relative and per-cpu addresses; .balign and old .align; 64 and 32
# bits, both byte orders).  Stripped of
# .symtab, and as raw bytes from _text, initscan must find the same
# initcalls (names, labels, order, levels), console initcalls, machine,
# init range and freed figure as from the symbol table, and say that the
# mismatches are unchecked.

# kallsyms_facts FILE: what must not depend on where the symbols come from
kallsyms_facts() {
  initscan_jq 0 '.images[0] | "\(.machine) \(.class) \(.endian) \(.initcall_encoding)",
    "init \(.init_memory.begin) \(.init_memory.end) \(.init_memory.page_size) \(.init_memory.freed_kib)",
    ((.console_initcalls + .initcalls)[] | "\(.level) \(.function) \(.address) \(.label)")' "$1"
}

# kallsyms_initcalls FILE: "level function" in run order, console ones
# first (as asm.sh lists the same mini kernel)
kallsyms_initcalls() {
  initscan_jq 0 '.images[0] | (.console_initcalls + .initcalls)[] | "\(.level) \(.function)"' "$1"
}

while read -r name triple ptr enc machine ver opts; do
  base=kallsyms-$name
  need "$base-vmlinux" "$base-stripped" "$base.bin" || continue
  want=$(kallsyms_facts "$base-vmlinux")
  expect_eq "$name: symtab" "symtab" "$(initscan_jq 0 '.images[0].symbols' "$base-vmlinux")"
  expect_file asm-initcalls.txt 0 kallsyms_initcalls "$base-vmlinux"
  for f in "$base-stripped" "$base.bin"; do
    expect_eq "$f: kallsyms, mismatches unchecked" "kallsyms false" \
      "$(initscan_jq 0 '.images[0] | "\(.symbols) \(.mismatches_checked)"' "$f")"
    expect_same "$f ($ver $opts): as with .symtab" "$want" "$(kallsyms_facts "$f")"
    expect_file asm-initcalls.txt 0 kallsyms_initcalls "$f"
  done
  expect_eq "$name: freed memory (nm)" "$(nm_freed_kib "$triple-nm" "$base-vmlinux" 4096)" \
    "$(initscan_jq 0 '.images[0].init_memory.freed_kib' "$base.bin")"
done < <(grep -v '^#' "$here/fixtures/kallsyms/kernels")

if need kallsyms-x86_64.bin kallsyms-x86_64-stripped; then
  # never a silent pass: stderr says why, --fail-unchecked fails
  unchecked="initscan: kallsyms-x86_64.bin: section mismatches not checked: symbols from kallsyms, no relocations (check the -dbg vmlinux linked with --emit-relocs, or vmlinux.o and the modules' objects)"
  initscan_rc 0 kallsyms-x86_64.bin > /dev/null
  expect_eq "raw: unchecked on stderr" "$unchecked" "$(cat "$work/initscan_rc.err")"
  expect_eq "raw: --fail-unchecked" "1" "$(initscan_status --fail-unchecked kallsyms-x86_64.bin)"
  expect_eq "raw: text header" \
    "kallsyms-x86_64.bin: vmlinux, x86_64, 64-bit little-endian, symbols from kallsyms (raw image: no sections)" \
    "$(initscan_rc 0 kallsyms-x86_64.bin | head -1)"
  expect_eq "stripped: text header" \
    "kallsyms-x86_64-stripped: vmlinux, x86_64, 64-bit little-endian, symbols from kallsyms" \
    "$(initscan_rc 0 kallsyms-x86_64-stripped | head -1)"
  expect_eq "raw: SARIF input" "kallsyms false" \
    "$(initscan_rc 0 --format=sarif kallsyms-x86_64.bin \
       | jq -r '.runs[0].invocations[0].properties.inputs[0] | "\(.symbols) \(.mismatchesChecked)"')"
fi

if need kallsyms-bad-name.bin kallsyms-bad-marker.bin kallsyms-bad-index.bin; then
  expect_error kallsyms-bad-name kallsyms-bad-name.bin \
    "raw kernel bytes: kallsyms damaged: a kallsyms token table, but no names, markers and addresses that agree with it"
  expect_error kallsyms-bad-marker kallsyms-bad-marker.bin \
    "raw kernel bytes: kallsyms damaged: a kallsyms token table, but no names, markers and addresses that agree with it"
  expect_error kallsyms-bad-index kallsyms-bad-index.bin \
    "raw kernel bytes: kallsyms damaged: a kallsyms token index that does not fit a token table before it"
fi
