# An s390 boot image of a kernel linked -pie as 6.1's s390 is, whose
# kallsyms lists code symbols only (Debian's 6.1 s390x vmlinuz): the mini
# kernel of fixtures/kallsyms/kernels-s390raw, its bytes (objcopy -O
# binary, as vmlinux.bin) xz'd after the s390 head.  kallsyms lists _text
# (it is _stext); kallsyms_relative_base and initcall_levels[0] hold 0 in
# the file, set at boot by R_390_64 entries against .dynsym symbols, the
# other pointers by RELATIVE ones.  initscan must read those through
# .dynsym (right before .rela.dyn), put __init_end at the end of the bytes
# rounded up to the page (src/index/rawkernel.c), and give the initcalls
# in run order, console initcalls, init range and freed figure the symbol
# table gives.

while read -r name triple ptr enc machine ver opts; do
  need s390raw-vmlinux s390raw-image s390raw-nodynsym-image s390raw-bin || continue
  expect_eq "$name: the truth's symbols, initcalls and console initcalls" "symtab 11 1" \
    "$(initscan_jq 0 '.images[0] | "\(.symbols) \(.initcalls | length) \(.console_initcalls | length)"' \
       s390raw-vmlinux)"
  expect_eq "$name: kallsyms_relative_base and initcall_levels[0] are relocated against symbols" \
    "R_390_64 _text R_390_64 __initcall0_start" \
    "$("$triple-readelf" -rW s390raw-vmlinux | awk -v b="$("$triple-nm" s390raw-vmlinux |
        awk '$3 == "kallsyms_relative_base" || $3 == "initcall_levels" {print $1}' | paste -sd '|')" \
        '$1 ~ "^(" b ")$" {print $3, $5}' | paste -sd ' ')"
  expect_eq "$name: boot image: symbols from kallsyms, no error" "s390 image kallsyms 0" \
    "$(initscan_jq 0 '.images[0] | "\(.container) \(.symbols) \(.errors | length)"' s390raw-image)"
  expect_same "$name: initcalls, levels, init range and freed as with .symtab" \
    "$(code_symbols_facts s390raw-vmlinux)" "$(code_symbols_facts s390raw-image)"
  expect_eq "$name: freed memory (nm)" "$(nm_freed_kib "$triple-nm" s390raw-vmlinux 4096)" \
    "$(initscan_jq 0 '.images[0].init_memory.freed_kib' s390raw-image)"
  expect_eq "$name: how _text, the base and __init_end were found" \
    "kallsyms relocations 0x1000" \
    "$(initscan_jq 0 '.images[0].notes[]' s390raw-image | sed -nE \
       -e 's/.*_text, their first byte, is in (kallsyms); kallsyms_relative_base from the image.s dynamic (relocations)$/\1 \2/p' \
       -e 's/.*__init_end is the end of the [0-9]+ dynamic relocations .* rounded up to (0x[0-9a-f]+),.*/\1/p' \
       | paste -sd ' ')"
  # without .dynsym the entries against symbols set nothing: the base
  # stays unknown, and so do the initcall levels
  expect_eq "$name: .dynsym zeroed: the base unknown, no initcall table" \
    "kallsyms_relative_base is 0 in the file and no dynamic relocation sets it: addresses are offsets from the lowest symbol
0" \
    "$(initscan_jq 0 '.images[0] | (.notes[] | select(test("^kallsyms_relative_base is 0 in the file and no"))), (.initcalls | length)' \
       s390raw-nodynsym-image)"
  # the bytes alone do not say their machine (init_uts_ns is data,
  # which kallsyms does not list): initscan cannot tell where the
  # init memory ends
  expect_error "$name: the raw bytes without their container" s390raw-bin \
    "kallsyms lists code symbols only (the kernel was built without CONFIG_KALLSYMS_ALL): no init range or initcall table to read"
done < <(grep -v '^#' "$here/fixtures/kallsyms/kernels-s390raw")
