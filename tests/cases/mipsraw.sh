# Raw mips64el kernel bytes (objcopy -O binary, as vmlinux.bin) whose
# kallsyms lists code symbols only and no _text (Debian's mips64el
# vmlinuz): the mini kernel of fixtures/kallsyms/kernels-mipsraw.  Its
# header says nothing of where it runs: initscan must place _text by
# init/main.c's initcall_level_names[] (eight pointers to "pure" ...
# "late", one of them into the tail of "postcore") and give the initcalls
# in run order and the console initcalls the symbol table gives; in the ELF
# wrapper of a mips vmlinuz, which says the machine, also the init range and
# freed figure; with that array zeroed, the bytes stay unplaced.

while read -r name triple ptr enc machine ver opts; do
  need mipsraw-vmlinux mipsraw-bin mipsraw-nonames-bin mipsraw-vmlinuz || continue
  expect_eq "$name: the truth's initcalls and console initcalls" "symtab 11 1" \
    "$(initscan_jq 0 '.images[0] | "\(.symbols) \(.initcalls | length) \(.console_initcalls | length)"' \
       mipsraw-vmlinux)"
  expect_eq "$name: raw bytes: symbols from kallsyms, no error" "kallsyms 0" \
    "$(initscan_jq 0 '.images[0] | "\(.symbols) \(.errors | length)"' mipsraw-bin)"
  expect_same "$name: initcalls in run levels and console initcalls as with .symtab" \
    "$(run_level_facts mipsraw-vmlinux)" "$(run_level_facts mipsraw-bin)"
  expect_eq "$name: _text placed by the level names, at the truth's _text" \
    "initcall_level_names 0x$("$triple-nm" mipsraw-vmlinux | awk '$3 == "_text" {print $1}')" \
    "$(initscan_jq 0 '.images[0].notes[]' mipsraw-bin | sed -nE \
       -e 's/.*_text, their first byte, placed by init.main.c.s ([a-z_]+)\[\].*/\1/p' \
       -e 's/.*loaded at _text \((0x[0-9a-f]+)\)$/\1/p' | paste -sd ' ')"
  # in its ELF wrapper the machine is known, and so is where the init
  # memory ends: the end of the bytes rounded up to 64K (vmlinux.lds.S)
  expect_same "$name: vmlinuz: initcalls, levels, init range and freed as with .symtab" \
    "$(code_symbols_facts mipsraw-vmlinux)" "$(code_symbols_facts mipsraw-vmlinuz)"
  expect_eq "$name: vmlinuz: freed memory (nm)" "$(nm_freed_kib "$triple-nm" mipsraw-vmlinux 4096)" \
    "$(initscan_jq 0 '.images[0].init_memory.freed_kib' mipsraw-vmlinuz)"
  expect_error "$name: initcall_level_names[] zeroed" mipsraw-nonames-bin \
    "raw kernel bytes: kallsyms lists no _text (without CONFIG_KALLSYMS_ALL it lists code symbols only), so where the bytes run is unknown"
  # Bytes holding the eight names a thousand times over are not searched
  # (each word would be tried against every place: quadratic), at once.
  { cat mipsraw-bin
    for i in $(seq 1000); do printf 'pure\0core\0postcore\0arch\0subsys\0fs\0device\0late\0'; done
  } > "$work/mipsraw-many-names"
  timeout 20 "$bin" "$work/mipsraw-many-names" > /dev/null 2> "$work/mipsraw-many-names.err"
  expect_eq "$name: the names a thousand times: unplaced, at once" \
    "2 initscan: $work/mipsraw-many-names: raw kernel bytes: kallsyms lists no _text (without CONFIG_KALLSYMS_ALL it lists code symbols only), so where the bytes run is unknown" \
    "$? $(cat "$work/mipsraw-many-names.err")"
done < <(grep -v '^#' "$here/fixtures/kallsyms/kernels-mipsraw")
