# A 32-bit ARM zImage whose kernel's kallsyms lists code symbols only and
# no _text (Debian's armhf vmlinuz): the mini kernel of
# fixtures/kallsyms/kernels-armraw, its bytes xz'd inside a zImage.
# initscan must place _text by init/main.c's initcall_level_names[], put
# __init_begin at the page below _sinittext and __init_end at the bottom of
# the init stack whose top __mmap_switched loads (head-common.S; the one
# THREAD_SIZE that fits), and give the initcalls in run order, console
# initcalls, init range and freed figure the symbol table gives; without
# that stack top, the initcalls but no init range.

while read -r name triple ptr enc machine ver opts; do
  need armraw-vmlinux armraw-zImage armraw-nostack-zImage || continue
  expect_eq "$name: the truth's symbols, initcalls and console initcalls" "symtab 11 1" \
    "$(initscan_jq 0 '.images[0] | "\(.symbols) \(.initcalls | length) \(.console_initcalls | length)"' \
       armraw-vmlinux)"
  expect_eq "$name: zImage: symbols from kallsyms, no error" "zImage kallsyms 0" \
    "$(initscan_jq 0 '.images[0] | "\(.container) \(.symbols) \(.errors | length)"' armraw-zImage)"
  expect_same "$name: initcalls, levels, init range and freed as with .symtab" \
    "$(code_symbols_facts armraw-vmlinux)" "$(code_symbols_facts armraw-zImage)"
  expect_eq "$name: freed memory (nm)" "$(nm_freed_kib "$triple-nm" armraw-vmlinux 4096)" \
    "$(initscan_jq 0 '.images[0].init_memory.freed_kib' armraw-zImage)"
  expect_eq "$name: how __init_begin and __init_end were found" \
    "_sinittext __mmap_switched" \
    "$(initscan_jq 0 '.images[0].notes[]' armraw-zImage | sed -nE \
       's/.*__init_begin is the page below ([a-z_]+) and __init_end the bottom of the init stack whose top ([a-z_]+) loads.*/\1 \2/p')"
  # the initcall table is found without the stack; the init range is not
  expect_eq "$name: the stack top zeroed: initcalls, no init range" \
    "11 null no __init_begin/__init_end symbols: freed init memory unknown" \
    "$(initscan_jq 0 '.images[0] | "\(.initcalls | length) \(.init_memory.freed_kib) \(.notes[] | select(test("^no __init_begin")))"' \
       armraw-nostack-zImage)"
done < <(grep -v '^#' "$here/fixtures/kallsyms/kernels-armraw")
