# The mini kernel of fixtures/gen-asm on every architecture of
# fixtures/asm-arches (every relocation table: both byte orders, REL and
# RELA, 32 and 64 bits, linked and relocatable; loongarch64 as retagged
# riscv64 files, see build-fixtures): the reports, initcalls
# in run order with their levels, the freed figure against nm, and the
# planted section mismatch.

# asm_initcalls FILE: "level function" in run order, console ones first.
asm_initcalls() {
  initscan_jq 0 '.images[0] | (.console_initcalls + .initcalls)[] | "\(.level) \(.function)"' "$1"
}
# asm_mismatches FILE: "rule from (section) -> to (section)", exit 1.
asm_mismatches() {
  initscan_jq 1 '.images[0].mismatches[] | "\(.rule) \(.from.symbol) (\(.from.section)) -> \(.to.symbol) (\(.to.section))"' "$1"
}
while read -r arch triple ptr enc page stand_in; do
  need "$arch.o" "$arch-vmlinux" "mismatch-asm-$arch.o" || continue
  expect_file "$arch-vmlinux.txt" 0 "$bin" "$arch-vmlinux"
  expect_file "$arch-object.txt" 0 "$bin" "$arch.o"
  expect_file "$arch-vmlinux.json" 0 "$bin" --format=json "$arch-vmlinux"
  expect_file asm-initcalls.txt 0 asm_initcalls "$arch-vmlinux"
  expect_file asm-initcalls.txt 0 asm_initcalls "$arch.o"
  expect_eq "$arch: entry encoding, pointer size" "$( [ "$enc" = prel32 ] && echo prel32 || echo absolute) $((ptr * 8))-bit" \
    "$(initscan_jq 0 '.images[0] | "\(.initcall_encoding) \(.class)-bit"' "$arch-vmlinux")"
  # (nm: the target's, or the host's for a stand-in's retagged files)
  nm_tool=$triple-nm; command -v "$nm_tool" > /dev/null || nm_tool=nm
  expect_eq "$arch: freed memory (nm, $page-byte pages)" "$page $(nm_freed_kib "$nm_tool" "$arch-vmlinux" "$page")" \
    "$(initscan_jq 0 '.images[0].init_memory | "\(.page_size) \(.freed_kib)"' "$arch-vmlinux")"
  expect_eq "$arch: freed memory (nm, --page-size=4096)" "4096 $(nm_freed_kib "$nm_tool" "$arch-vmlinux" 4096)" \
    "$(initscan_jq 0 '.images[0].init_memory | "\(.page_size) \(.freed_kib)"' --page-size=4096 "$arch-vmlinux")"
  expect_file mismatch-asm.txt 1 asm_mismatches "mismatch-asm-$arch.o"
done < <(grep -v '^#' "$here/fixtures/asm-arches")
