# Initcall levels of every kernel era (tests/fixtures/build.d/eras.sh):
# what the linked image tells, "none" in 2.4's flat table, "unknown"
# where it tells nothing, and the levels read from the objects.

eras_levels='.images[0] | "\(.machine) \(.endian) levels=\(.initcall_levels)",
  ((.console_initcalls + .initcalls)[] | "\(.level) \(.function) \(.address)")'
for f in eras-24-i386 eras-2612-i386 eras-2620-i386 eras-2628-i386 eras-34-i386 eras-2628-mips32be \
         eras-34-riscv32 eras-44-thumb eras-2612-arm-oabi eras-2628-or1k; do
  need "$f-vmlinux" || continue
  expect_file "$f.txt" 0 initscan_jq 0 "$eras_levels" "$f-vmlinux"
done

if need eras-2612-i386-vmlinux eras-2612-build; then
  # a vmlinux.o beside the image tells the levels; --objects names the
  # objects, whatever their order on the command line
  expect_file "eras-2612-objects.txt" 0 initscan_jq 0 "$eras_levels" eras-2612-build/vmlinux
  expect_file "eras-2612-objects.txt" 0 initscan_jq 0 "$eras_levels" \
    --objects=eras-2612-i386-vmlinux.o eras-2612-i386-vmlinux
  expect_file "eras-2612-objects.txt" 0 initscan_jq 0 "$eras_levels" \
    --objects=eras-2612-i386-b.o --objects=eras-2612-i386-a.o eras-2612-i386-vmlinux
  expect_eq "eras: unknown levels say so" \
    "8 of 8 initcalls have no level in the image (no per-level boundary symbols, labels without an initcall id or with one of two levels): level unknown; the build's vmlinux.o or built-in.o (--objects) tells them" \
    "$(initscan_jq 0 '.images[0].notes[0]' eras-2612-i386-vmlinux)"
  expect_eq "eras: objects named in a note" \
    "initcall levels of 8 entries read from eras-2612-build/vmlinux.o" \
    "$(initscan_jq 0 '.images[0].notes[] | select(startswith("initcall levels of"))' eras-2612-build/vmlinux)"
  # an object that is not relocatable tells nothing, and says so
  expect_eq "eras: --objects not an object" "unknown 1" \
    "$(initscan_jq 0 '.images[0] | "\(.initcall_levels) \([.notes[] | select(contains("not a relocatable object"))] | length)"' \
         --objects=eras-2612-i386-vmlinux eras-2612-i386-vmlinux)"
  # a relocatable file names the level of each entry by its section
  expect_eq "eras: 2.6.12 vmlinux.o" "sections 1 3 4 5 6 6 7 7" \
    "$(initscan_jq 0 '.images[0] | "\(.initcall_levels) \([.initcalls[] | select(.level != "security") | .level] | join(" "))"' \
         eras-2612-i386-vmlinux.o)"
fi

if need eras-24-i386-vmlinux eras-24-i386-vmlinux.o; then
  # 2.4: the object's one .initcall.init, no levels; .text.init and
  # .data.init are init sections, inside the freed range
  expect_eq "eras: 2.4 vmlinux.o" "flat none none none none" \
    "$(initscan_jq 0 '.images[0] | "\(.initcall_levels) \([.initcalls[].level] | join(" "))"' \
         eras-24-i386-a.o)"
  expect_eq "eras: 2.4 init sections" ".text.init:init .data.init:init .initcall.init:initcall" \
    "$(initscan_jq 0 '[.images[0].sections[] | "\(.name):\(.kind)"] | join(" ")' eras-24-i386-vmlinux)"
  expect_eq "eras: 2.4 note" "a 2.4 kernel: its one initcall table (.initcall.init) has no levels" \
    "$(initscan_jq 0 '.images[0].notes[0]' eras-24-i386-vmlinux)"
fi

# OpenRISC: 8K pages
if need eras-2628-or1k-vmlinux; then
  expect_eq "eras: openrisc page size" "8192" \
    "$(initscan_jq 0 '.images[0].init_memory.page_size' eras-2628-or1k-vmlinux)"
fi

# 2.6.19-2.6.23: pure_initcall() labels its entries with id 1, as
# core_initcall() does: those are level 0 or 1, the objects tell which
if need eras-2620-i386-vmlinux; then
  expect_eq "eras: 2.6.20 pure_initcall id 1" "labels unknown:a_pure unknown:a_core objects 0:a_pure 1:a_core" \
    "$(initscan_jq 0 '.images[0] | "\(.initcall_levels) \([.initcalls[1,2] | "\(.level):\(.function)"] | join(" "))"' eras-2620-i386-vmlinux) $(
       initscan_jq 0 '.images[0] | "\(.initcall_levels) \([.initcalls[1,2] | "\(.level):\(.function)"] | join(" "))"' --objects=eras-2620-i386-vmlinux.o eras-2620-i386-vmlinux)"
fi

# ARM 2.6: one output section .init from _stext holds init code, the
# initcall tables and init data; the init range opens at _stext
if need eras-2612-arm-oabi-vmlinux; then
  expect_eq "eras: ARM 2.6 init range" "0xc0009000 0xc000a000 4096 .init:in-init-range" \
    "$(initscan_jq 0 '.images[0] | "\(.init_memory.begin) \(.init_memory.end) \(.init_memory.freed_bytes) \([.sections[] | "\(.name):\(.kind)"] | join(" "))"' \
         eras-2612-arm-oabi-vmlinux)"
fi
