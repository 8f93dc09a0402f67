# Initcalls (tests/cases/asm.sh: on every architecture): entry encodings, sources from
# DWARF in every shape, modules, clang LTO stubs, several inputs at once.

# ppc64 ELFv1 descriptors: the code address, the descriptor's name.
if need ppc64-opd-vmlinux; then
  expect_file "ppc64-opd.txt" 0 initscan_jq 0 '.images[0].initcalls[] | "\(.level) \(.function) \(.address)"' ppc64-opd-vmlinux
fi

# The same C program in every form: one run order, one set of sources.
for f in x86_64-prel32-vmlinux x86_64-absolute-vmlinux x86_64-prel32-vmlinux.o \
         x86_64-absolute-vmlinux.o i386-vmlinux i386-vmlinux.o \
         x86_64-dwarf4-vmlinux x86_64-dwarf4-vmlinux.o x86_64-zdebug-vmlinux \
         x86_64-zdebug-vmlinux.o x86_64-clang-vmlinux aarch64-patchable-vmlinux \
         aarch64-patchable-vmlinux.o; do
  need "$f" || continue
  expect_file "minikernel-initcalls.txt" 0 initscan_jq 0 "$initcall_lines" "$f"
done
# Function entries: a function's opening line, not the rows the code
# before leaves at its address, nor the one in effect before its first row.
for f in lines-vmlinux lines.o; do
  expect_file "lines.txt" 0 initscan_jq 0 "$initcall_lines" "$f"
done
expect_eq "x86_64 entry encodings" "prel32 absolute relocations" \
  "$(for f in x86_64-prel32-vmlinux x86_64-absolute-vmlinux x86_64-prel32-vmlinux.o; do
       initscan_jq 0 '.images[0].initcall_encoding' "$f"; done | xargs)"

# Modules, plain and compressed.
for f in hello.ko hello.ko.xz hello.ko.gz hello.ko.zst; do
  expect_file "module.json" 0 initscan_jq 0 '.images[0] | {kind: .kind, module: .module}' "$f"
done

# clang LTO: the entry points at a stub; the callee is reported.
expect_file "lto-stub.txt" 0 initscan_jq 0 \
  '.images[] | .path as $p | .initcalls[] | "\($p) \(.level) \(.function) stub=\(.stub != null)"' \
  lto-stub-vmlinux lto-stub.o

# Several inputs in one JSON document, in the order given.
expect_eq "json summary" "initscan/1 3 24 0" \
  "$(initscan_jq 0 '"\(.schema) \(.summary.images) \(.summary.initcalls) \(.summary.errors)"' aarch64-vmlinux s390x.o hello.ko)"
