# Threads: the same report whatever -j says.

# One file with a spare CPU looks its sources up in a second thread: the
# same report as without, and a whole one (exit status, image, initcalls).
for f in x86_64-prel32-vmlinux:0:13 mismatch-x86_64-vmlinux:1:0 mismatch-x86_64.o:1:0; do
  IFS=: read -r f rc calls <<< "$f"
  j1=$(initscan_rc "$rc" -j1 -f json --by=file "$f")
  expect_same "$f: -j1 and -j2 agree" "$j1" "$(initscan_rc "$rc" -j2 -f json --by=file "$f")"
  expect_eq "$f: -j1 report" "1 $calls" "$(jq -r '.summary | "\(.images) \(.initcalls)"' <<< "$j1")"
done
# -j: the same document whatever the number of threads (the fixtures'
# directory: over a hundred images; exit 2, as some are inputs initscan
# cannot read, such as bootimg/vmlinuz-mips64el, whose kernel has no
# kallsyms).
j1=$(initscan_rc 2 -j1 -f json .)
expect_same "-j1 and -j4 agree" "$j1" "$(initscan_rc 2 -j4 -f json .)"
expect_eq "-j1 on the directory: every image reported" "true" \
  "$(jq '.summary.images == (.images | length) and .summary.images > 100' <<< "$j1")"
