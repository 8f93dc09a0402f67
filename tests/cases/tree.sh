# Kernel build trees, directories of other files, unchecked inputs and
# usage errors (fixtures: fixtures/build.d/tree.sh).

# A build tree as modpost checks it: vmlinux with vmlinux.o's finding,
# the module in modules.order with its pre-link object's, each finding
# once; nothing of the component objects, .mod.o, host tools or text files.
expect_file tree.txt 1 "$bin" tree
expect_file tree-modpost.txt 1 "$bin" --modpost-style tree
expect_eq "tree: nothing on stderr" "1 " "$(initscan_status tree) $(cat "$work/initscan_status.err")"
expect_eq "tree: the images and where their findings come from" \
  "vmlinux tree/vmlinux tree/vmlinux.o 1 true|module tree/drivers/demo/demo.ko tree/drivers/demo/demo.o 2 true|images=2 mismatches=3 unchecked=0" \
  "$(initscan_jq 1 '[(.images[] | "\(.kind) \(.path) \(.mismatches_from) \(.mismatches | length) \(.mismatches_checked)"), (.summary | "images=\(.images) mismatches=\(.mismatches) unchecked=\(.unchecked)")] | join("|")' tree)"
# (the fixtures' directory exits 2: some inputs in it cannot be read,
# such as bootimg/vmlinuz-mips64el, whose kernel has no kallsyms)
expect_eq "tree: found inside a directory" "tree/vmlinux tree/drivers/demo/demo.ko" \
  "$(cd tree/.. && initscan_jq 2 '[.images[].path | select(startswith("./tree/"))] | map(ltrimstr("./")) | join(" ")' .)"

# A directory inside the tree: the modules its modules.order lists, named
# as from the top.
expect_eq "tree subdirectory" "module tree/drivers/demo/demo.ko tree/drivers/demo/demo.o 2|drivers/demo/demo" \
  "$(initscan_jq 1 '[.images[] | "\(.kind) \(.path) \(.mismatches_from) \(.mismatches | length)"] | join("|")' tree/drivers)|$(initscan_rc 1 --modpost-style tree/drivers | sed -n 's/^WARNING: modpost: \([^:]*\): .*/\1/p' | sort -u)"

# Before the final links: the objects modpost checks, alone.
expect_eq "unlinked tree" "object tree-unlinked/vmlinux.o 1|object tree-unlinked/drivers/demo/demo.o 2" \
  "$(initscan_jq 1 '[.images[] | "\(.kind) \(.path) \(.mismatches | length)"] | join("|")' tree-unlinked)"
expect_eq "unlinked tree: modpost's names" \
  "vmlinux: section mismatch|drivers/demo/demo: section mismatch|drivers/demo/demo: section mismatch" \
  "$(initscan_rc 1 --modpost-style tree-unlinked | sed -n 's/^WARNING: modpost: \(.*: section mismatch\) in reference.*/\1/p' | paste -sd '|')"

# An external module's directory, modules.order as Linux 6.1 writes it.
expect_eq "external module tree" "module tree-ext/demo.ko tree-ext/demo.o 2" \
  "$(initscan_jq 1 '[.images[] | "\(.kind) \(.path) \(.mismatches_from) \(.mismatches | length)"] | join("|")' tree-ext)"

# Not a tree: every file named as kernel files are, those that are not
# kernel objects skipped and counted (vmlinux.a, vmlinux.symvers, a
# userland program, a host object, kbuild's demo.mod.o).
"$bin" -f json tree-parts > "$work/tree-parts.json" 2> "$work/tree-parts.err"
expect_eq "directory: kernel objects read, others skipped" \
  "1 initscan: 5 files skipped: not kernel objects (not ELF, not a kernel image, or no init, exit or other kernel sections)|tree-parts/demo.ko tree-parts/demo.o tree-parts/vmlinux.o" \
  "$? $(cat "$work/tree-parts.err")|$(jq -r '[.images[].path] | join(" ")' "$work/tree-parts.json")"
mkdir -p "$work/no-kernel-files"
cp tree/vmlinux.symvers tree/scripts/mod/modpost.o tree/drivers/demo/demo.mod.o "$work/no-kernel-files/"
"$bin" "$work/no-kernel-files" > "$work/no-kernel-files.out" 2> "$work/no-kernel-files.err"
expect_eq "directory of no kernel objects" \
  "2 initscan: 3 files skipped: not kernel objects (not ELF, not a kernel image, or no init, exit or other kernel sections)|initscan: no kernel images or modules among the inputs|" \
  "$? $(paste -sd '|' "$work/no-kernel-files.err")|$(cat "$work/no-kernel-files.out")"
# Named, a file that is not a kernel object is an error, not skipped.
expect_error named-host-tool tree/vmlinux.symvers "not an ELF file"

# No silent pass: a linked image without relocations, or with empty ones.
unchecked_msg="section mismatches not checked: no relocations (link with --emit-relocs, or check vmlinux.o and the modules' objects)"
for f in tree/vmlinux empty-relocs-vmlinux; do
  "$bin" "$f" > /dev/null 2> "$work/unchecked.err"
  expect_eq "$f: unchecked, said on stderr" "0 initscan: $f: $unchecked_msg" "$? $(cat "$work/unchecked.err")"
  expect_eq "$f: unchecked in JSON" "false 1" \
    "$(initscan_jq 0 '"\(.images[0].mismatches_checked) \(.summary.unchecked)"' "$f")"
  expect_eq "$f: --fail-unchecked" 1 "$(initscan_status --fail-unchecked "$f")"
  expect_eq "$f: --fail-unchecked with --warn-only" 1 "$(initscan_status --fail-unchecked --warn-only "$f")"
done
expect_eq "tree: checked, --fail-unchecked fails on findings only" 1 "$(initscan_status --fail-unchecked tree)"
expect_eq "tree: checked, --fail-unchecked --warn-only" 0 "$(initscan_status --fail-unchecked --warn-only tree)"
expect_eq "objects are always checked" "true 0" \
  "$(initscan_jq 1 '"\(.images[0].mismatches_checked) \(.summary.unchecked)"' tree/kernel/tree-kernel.o)"

# Usage errors exit 2 (not argp's 64), with a message and no report.
for args in "--no-such-option" "--format=xml tree" "--jobs=0 tree" "--page-size=3 tree"; do
  # shellcheck disable=SC2086
  "$bin" $args > "$work/usage.out" 2> "$work/usage.err"
  rc=$?
  expect_eq "usage error: $args" "2 message, no report" \
    "$rc $([ -s "$work/usage.err" ] && echo message), $([ -s "$work/usage.out" ] || echo no report)"
done
