# initscan diff: initcalls added, removed, moved, reordered; memory; the
# mismatch gate (exit 1 only for new findings).
expect_file "diff.txt" 0 "$bin" --no-source diff x86_64-prel32-vmlinux x86_64-newer-vmlinux
expect_file "diff.json" 0 initscan_jq 0 '{schema, initcalls, init_memory: (.init_memory | del(.by_file))}' \
  diff x86_64-prel32-vmlinux x86_64-newer-vmlinux
expect_eq "diff: new mismatches" 1 "$(initscan_status diff x86_64-prel32-vmlinux.o mismatch-x86_64.o)"
expect_eq "diff: fixed mismatches" 0 "$(initscan_status diff mismatch-x86_64.o x86_64-prel32-vmlinux.o)"
expect_eq "diff: new and fixed" "12 0 0 12" \
  "$(initscan_jq 1 '.mismatches | "\(.new | length) \(.fixed | length)"' diff x86_64-prel32-vmlinux.o mismatch-x86_64.o) $(initscan_jq 0 '.mismatches | "\(.new | length) \(.fixed | length)"' diff mismatch-x86_64.o x86_64-prel32-vmlinux.o)"
"$bin" diff x86_64-prel32-vmlinux > /dev/null 2> "$work/diff-usage.err"
expect_eq "diff needs two files" "2 initscan: diff takes two files, OLD and NEW" "$? $(cat "$work/diff-usage.err")"
