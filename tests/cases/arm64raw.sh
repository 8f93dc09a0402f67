# A raw arm64 Image (objcopy -O binary) of a kernel linked as arm64 links
# vmlinux (-shared --no-apply-dynamic-relocs: kallsyms_relative_base and
# initcall_levels[] are 0 in the file, set by .rela.dyn at boot) whose
# kallsyms lists code symbols only (Debian's arm64 vmlinuz): the mini
# kernel of fixtures/kallsyms/kernels-arm64raw.  initscan must place _text
# from the header's "b primary_entry", read the pointers through the
# image's own RELATIVE relocations, put __init_end at the end of .rela.dyn
# rounded up to SEGMENT_ALIGN (src/index/rawkernel.c), and give the
# initcalls in run order, console initcalls, init range and freed figure
# the symbol table gives.

while read -r name triple ptr enc machine ver opts; do
  need arm64raw-vmlinux arm64raw-Image arm64raw-norela-Image || continue
  expect_eq "$name: truth from .symtab" "symtab" \
    "$(initscan_jq 0 '.images[0].symbols' arm64raw-vmlinux)"
  expect_eq "$name: Image: symbols from kallsyms, no error" "Image kallsyms 0" \
    "$(initscan_jq 0 '.images[0] | "\(.container) \(.symbols) \(.errors | length)"' arm64raw-Image)"
  want=$(code_symbols_facts arm64raw-vmlinux)
  expect_eq "$name: the truth's initcalls and console initcalls" "11 1" \
    "$(initscan_jq 0 '.images[0] | "\(.initcalls | length) \(.console_initcalls | length)"' \
       arm64raw-vmlinux)"
  expect_same "$name: initcalls, levels, init range and freed as with .symtab" "$want" \
    "$(code_symbols_facts arm64raw-Image)"
  expect_eq "$name: freed memory (nm)" "$(nm_freed_kib "$triple-nm" arm64raw-vmlinux 4096)" \
    "$(initscan_jq 0 '.images[0].init_memory.freed_kib' arm64raw-Image)"
  expect_eq "$name: how _text, the base and __init_end were found" \
    "primary_entry relocations 10 0x10000" \
    "$(initscan_jq 0 '.images[0].notes[]' arm64raw-Image | sed -nE \
       -e 's/.*_text, their first byte, is ([a-z_]+) less .*kallsyms_relative_base from the image.s dynamic (relocations)$/\1 \2/p' \
       -e 's/.*__init_end is the end of the ([0-9]+) dynamic relocations .* rounded up to (0x[0-9a-f]+),.*/\1 \2/p' \
       | paste -sd ' ')"
  # without its relocations the image tells neither the base nor __init_end
  expect_error "$name: .rela.dyn zeroed" arm64raw-norela-Image \
    "kallsyms lists code symbols only (the kernel was built without CONFIG_KALLSYMS_ALL): no init range or initcall table to read"
done < <(grep -v '^#' "$here/fixtures/kallsyms/kernels-arm64raw")
