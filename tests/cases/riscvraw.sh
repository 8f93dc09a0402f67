# A RISC-V Image (objcopy -O binary) whose first byte is _start, the
# Image header, and whose _text is a page later, as
# arch/riscv/kernel/vmlinux.lds.S lays it out (Debian 13's riscv64
# vmlinuz): the mini kernel of fixtures/kallsyms/kernels-riscvraw, with
# kallsyms of all symbols.  initscan must load the bytes at _start, not at
# _text, and give the initcalls with their levels, console initcalls,
# init range and freed figure the symbol table gives.

while read -r name triple ptr enc machine ver opts; do
  need riscvraw-vmlinux riscvraw-Image || continue
  read -r rv_start rv_text < <("$triple-nm" riscvraw-vmlinux |
    awk '{a[$3] = $1} END {print a["_start"], a["_text"]}')
  expect_eq "$name: the truth: _start and _text a page apart" 4096 \
    "$((16#${rv_text:-0} - 16#${rv_start:-0}))"
  expect_eq "$name: Image: symbols from kallsyms, no error" "RISC-V Image kallsyms 0" \
    "$(initscan_jq 0 '.images[0] | "\(.container) \(.symbols) \(.errors | length)"' riscvraw-Image)"
  riscv_facts='.images[0] | (.initcalls[] | "\(.level) \(.function) \(.address)"),
    (.console_initcalls[] | "console \(.function) \(.address)"),
    "init \(.init_memory.begin) \(.init_memory.end) \(.init_memory.boot_log_line)"'
  expect_same "$name: initcalls, levels, init range and freed line as with .symtab" \
    "$(initscan_jq 0 "$riscv_facts" riscvraw-vmlinux)" "$(initscan_jq 0 "$riscv_facts" riscvraw-Image)"
  expect_eq "$name: loaded at _start" \
    "0x$rv_start" \
    "$(initscan_jq 0 '.images[0].notes[]' riscvraw-Image | sed -nE 's/.*loaded at _start \((0x[0-9a-f]+)\)$/\1/p')"
done < <(grep -v '^#' "$here/fixtures/kallsyms/kernels-riscvraw")
