# A kernel whose kallsyms lists code symbols only (built without
# CONFIG_KALLSYMS_ALL, as Debian's i386): the mini kernels of
# fixtures/kallsyms/kernels-noall, tables made by the real
# scripts/kallsyms without --all-symbols.  Stripped of .symtab, initscan
# must find the initcall boundaries from init/main.c's initcall_levels[]
# and x86's __init_end from .smp_locks (src/index/boundaries.c), and give
# the same initcalls in run order, console initcalls, init range and freed
# figure as the symbol table does; levels as init/main.c runs them (rootfs
# within 5, a sync sub-level Ns within N: kallsyms has no labels for them).

while read -r name triple ptr enc machine ver opts; do
  base=noall-$name
  need "$base-vmlinux" "$base-stripped" "$base-nolevels-stripped" || continue
  expect_eq "$name: truth from .symtab" "symtab" "$(initscan_jq 0 '.images[0].symbols' "$base-vmlinux")"
  expect_eq "$name: symbols from kallsyms, no error" "kallsyms 0" \
    "$(initscan_jq 0 '.images[0] | "\(.symbols) \(.errors | length)"' "$base-stripped")"
  want=$(code_symbols_facts "$base-vmlinux")
  expect_same "$name: initcalls, levels, init range and freed as with .symtab" "$want" \
    "$(code_symbols_facts "$base-stripped")"
  expect_eq "$name: freed memory (nm)" "$(nm_freed_kib "$triple-nm" "$base-vmlinux" 4096)" \
    "$(initscan_jq 0 '.images[0].init_memory.freed_kib' "$base-stripped")"
  expect_eq "$name: how the boundaries were found" \
    "$enc walked 1 forward 1 smp_locks" \
    "$(initscan_jq 0 '.images[0].notes[]' "$base-stripped" | sed -nE \
       -e 's/.*initcall_levels\[\] found in .init.data \(([a-z0-9]+) entries\); the early initcalls \(([0-9]+)\) were walked .*console initcalls \(([0-9]+)\) forward.*/\1 walked \2 forward \3/p' \
       -e 's/.*__init_end is the start of \.(smp_locks).*/\1/p' | paste -sd ' ')"
  # the array zeroed: no initcall table, said so; the init range still known
  expect_eq "$name: initcall_levels[] zeroed" "0 0 $(nm_freed_kib "$triple-nm" "$base-vmlinux" 4096) 1" \
    "$(initscan_jq 0 '.images[0] | "\(.initcalls | length) \(.console_initcalls | length) \(.init_memory.freed_kib) \([.notes[] | select(test("no array in .init.data is init/main.c.s initcall_levels"))] | length)"' \
       "$base-nolevels-stripped")"
done < <(grep -v '^#' "$here/fixtures/kallsyms/kernels-noall")
