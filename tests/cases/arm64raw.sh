# A raw arm64 Image (objcopy -O binary) of a kernel linked as arm64 links
# vmlinux (-shared --no-apply-dynamic-relocs: kallsyms_relative_base and
# initcall_levels[] are 0 in the file, set by .rela.dyn at boot) whose
# kallsyms lists code symbols only (Debian's arm64 vmlinuz): the mini
# kernel of fixtures/kallsyms/kernels-arm64raw.  initscan must place _text
# from the header's "b primary_entry", read the pointers through the
# image's own RELATIVE relocations, put __init_end at the end of .rela.dyn
# rounded up to SEGMENT_ALIGN (src/index/rawkernel.c), and give the
# initcalls in run order, console initcalls, init range and freed figure
# the symbol table gives; the same when CONFIG_RELR packs relocations in a
# .relr.dyn after .rela.dyn (Debian 13's arm64).

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
  # CONFIG_RELR: the init memory ends with a .relr.dyn after .rela.dyn
  if need arm64relr-vmlinux arm64relr-Image; then
    expect_same "$name: RELR: initcalls, levels, init range and freed as with .symtab" \
      "$(code_symbols_facts arm64relr-vmlinux)" "$(code_symbols_facts arm64relr-Image)"
    expect_eq "$name: RELR: freed memory (nm)" "$(nm_freed_kib "$triple-nm" arm64relr-vmlinux 4096)" \
      "$(initscan_jq 0 '.images[0].init_memory.freed_kib' arm64relr-Image)"
    expect_eq "$name: RELR: __init_end after the .relr.dyn" "10 3" \
      "$(initscan_jq 0 '.images[0].notes[]' arm64relr-Image | sed -nE \
         's/.*__init_end is the end of the ([0-9]+) dynamic relocations .* and of a .relr.dyn of ([0-9]+) words rounded up.*/\1 \2/p')"
    # a table whose places hold no kernel pointers is no .relr.dyn: the
    # initcalls are found, the init memory's end is not
    read -r relr text < <("$triple-nm" arm64relr-vmlinux |
      awk '{a[$3] = $1} END {print a["__relr_start"], a["_text"]}')
    cp arm64relr-Image "$work/arm64relr-bad-Image"
    printf '\x10' | dd of="$work/arm64relr-bad-Image" bs=1 conv=notrunc status=none \
      seek=$((16#$relr - 16#$text))
    expect_eq "$name: RELR: a place without a pointer: initcalls, no init range" \
      "11 null no __init_begin/__init_end symbols: freed init memory unknown" \
      "$(initscan_jq 0 '.images[0] | "\(.initcalls | length) \(.init_memory.freed_kib) \(.notes[] | select(test("^no __init_begin")))"' \
         "$work/arm64relr-bad-Image")"
  fi
  # without its relocations the image tells neither the base nor __init_end
  expect_error "$name: .rela.dyn zeroed" arm64raw-norela-Image \
    "kallsyms lists code symbols only (the kernel was built without CONFIG_KALLSYMS_ALL): no init range or initcall table to read"
done < <(grep -v '^#' "$here/fixtures/kallsyms/kernels-arm64raw")
