# --dmesg with the boot log as people keep it (fixtures/build.d/bootlog.sh
# writes boot.log in each layout): every layout joins as the log does.
bootlog_join='.images[0] | ((.console_initcalls + .initcalls)[] | "\(.function) \(.boot)"),
  (.boot_log | "\(.calls) calls, \(.matched) matched, not in the image: \([.not_in_image[].function])")'
bootlog_ref=$(initscan_jq 0 "$bootlog_join" --dmesg="$here/fixtures/boot.log" x86_64-prel32-vmlinux)
# the reference itself: 13 calls, 12 of them in the image (dmesg.sh)
expect_eq "bootlog: reference" "13 calls, 12 matched, not in the image: [\"mystery_init\"]" \
  "$(tail -1 <<< "$bootlog_ref")"
for layout in raw dmesg dmesg-r dmesg-x dmesg-t dmesg-T dmesg-iso dmesg-delta dmesg-reltime \
              dmesg-color dmesg-x-caller caller kmsg journal journal-monotonic journal-iso kern kern-rfc3339 \
              serial boots; do
  need "bootlog-$layout.log" || continue
  expect_same "bootlog: $layout" "$bootlog_ref" \
    "$(initscan_jq 0 "$bootlog_join" --dmesg="bootlog-$layout.log" x86_64-prel32-vmlinux)"
done
# compressed by logrotate; and read from a pipe
need bootlog-kern.log.2.gz &&
  expect_same "bootlog: kern.log.2.gz" "$bootlog_ref" \
    "$(initscan_jq 0 "$bootlog_join" --dmesg=bootlog-kern.log.2.gz x86_64-prel32-vmlinux)"
need bootlog-dmesg.log &&
  expect_same "bootlog: pipe" "$bootlog_ref" \
    "$(initscan_jq 0 "$bootlog_join" --dmesg=<(cat bootlog-dmesg.log) x86_64-prel32-vmlinux)"
need bootlog-dmesg-x.log &&
  expect_same "bootlog: standard input" "$bootlog_ref" \
    "$(initscan_jq 0 "$bootlog_join" --dmesg=- x86_64-prel32-vmlinux < bootlog-dmesg-x.log)"

# Old wordings of init/main.c: msecs (2.6.25-2.6.27) and 2.6.24's two lines
# give the same calls and return values, durations in msecs * 1000.
bootlog_msecs=$(sed -E 's/"usecs":([0-9]+)/"usecs":\1000/; s/"usecs":0000,/"usecs":0,/' <<< "$bootlog_ref")
for era in 2.6.26 2.6.24; do
  need "bootlog-$era.log" || continue
  expect_same "bootlog: $era wording" "$bootlog_msecs" \
    "$(initscan_jq 0 "$bootlog_join" --dmesg="bootlog-$era.log" x86_64-prel32-vmlinux)"
done

# bootlog_error NAME MESSAGE ARGS...: exit 2, and MESSAGE is all stderr
# says but for the fixture's "not checked" line (it has no relocations).
bootlog_error() {
  local name=$1 want=$2 rc; shift 2
  "$bin" "$@" > "$work/bootlog.out" 2> "$work/bootlog.err"
  rc=$?
  if [ $rc != 2 ]; then bad "$name: exit $rc, expected 2 ($(head -c 300 "$work/bootlog.err"))"
  else expect_eq "$name" "$want" "$(grep -v ': section mismatches not checked: ' "$work/bootlog.err")"; fi
}
bootlog_error "bootlog: no initcall_debug" \
  "initscan: --dmesg bootlog-no-initcalls.log: no initcall_debug lines ('calling ...'): boot with initcall_debug" \
  --dmesg=bootlog-no-initcalls.log x86_64-prel32-vmlinux
bootlog_error "bootlog: missing" "initscan: --dmesg no-such.log: No such file or directory" \
  --dmesg=no-such.log x86_64-prel32-vmlinux
bootlog_error "bootlog: directory" "initscan: --dmesg .: Is a directory" \
  --dmesg=. x86_64-prel32-vmlinux
bootlog_error "bootlog: binary" "initscan: --dmesg x86_64-prel32-vmlinux: not a text log (binary data)" \
  --dmesg=x86_64-prel32-vmlinux x86_64-prel32-vmlinux
bootlog_error "bootlog: truncated gzip" \
  "initscan: --dmesg bootlog-truncated.log.gz: truncated gzip data" \
  --dmesg=bootlog-truncated.log.gz x86_64-prel32-vmlinux
bootlog_error "bootlog: no linked image" \
  "initscan: --dmesg bootlog-dmesg.log: no linked kernel image among the inputs to join it to" \
  --dmesg=bootlog-dmesg.log x86_64-prel32-vmlinux.o
