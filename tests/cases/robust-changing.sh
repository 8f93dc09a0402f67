# Inputs that change while initscan reads them: one message, exit 2, no
# report for that input, the other inputs unaffected.  Sourced by
# tests/run-tests inside run_cases.
#
# INITSCAN_TEST_STOP_AT=PATH makes initscan stop itself (SIGSTOP) once
# PATH's bytes are mapped or decompressed, before any is read: the test
# changes the file at that point, then lets it go on.

# changed_run NAME FILE CHANGE ARGS...: initscan ARGS, stopped at FILE
# while the shell command CHANGE runs; stdout and stderr in $work/NAME.*,
# the exit status printed.
changed_run() {
  local name=$1 file=$2 change=$3 pid stopped waited=0; shift 3
  INITSCAN_TEST_STOP_AT=$file "$bin" "$@" > "$work/$name.out" 2> "$work/$name.err" &
  pid=$!
  until stopped=$(stopped_in_tree $pid) || ! kill -0 $pid 2> /dev/null || [ $waited -ge 600 ]; do
    sleep 0.05; waited=$((waited + 1))
  done
  eval "$change"
  [ -n "$stopped" ] && kill -CONT "$stopped"
  wait $pid
  echo $?
}

"$bin" hello.ko > "$work/hello-alone.txt"
"$bin" x86_64-prel32-vmlinux > "$work/vmlinux-alone.txt"
rch_file=$work/changing-vmlinux

# Each change: the run's exit status, its messages, and whether the other
# input's report is the one it gets alone.
for rch_change in "truncate -s 0" "truncate -s 100" "truncate -s 6000" "truncate -s -1" \
                  "echo >>" "touch -d '2001-01-01 00:00:00'" "cp hello.ko $work/replacement && mv $work/replacement"; do
  cp x86_64-prel32-vmlinux "$rch_file"
  rch_rc=$(changed_run changing "$rch_file" "$rch_change $rch_file" -j1 hello.ko "$rch_file")
  expect_eq "changed while read ($rch_change)" \
    "2 initscan: $rch_file: changed while being read same" \
    "$rch_rc $(grep -F "changed while" "$work/changing.err") $(cmp -s "$work/changing.out" "$work/hello-alone.txt" && echo same)"
done

# The stop itself changes nothing: the same report as without it.
cp x86_64-prel32-vmlinux "$rch_file"
rch_rc=$(changed_run unchanged "$rch_file" ":" "$rch_file")
expect_eq "stopped, not changed" "0 same" \
  "$rch_rc $(sed "s|$rch_file|x86_64-prel32-vmlinux|" "$work/unchanged.out" | cmp -s - "$work/vmlinux-alone.txt" && echo same)"

# A compressed input is read into memory: a change is still noticed.
cp hello.ko.xz "$work/changing.ko.xz"
rch_rc=$(changed_run changing-xz "$work/changing.ko.xz" "echo >> $work/changing.ko.xz" \
         -f json "$work/changing.ko.xz" x86_64-prel32-vmlinux)
expect_eq "compressed input changed while read" \
  "2 initscan: $work/changing.ko.xz: changed while being read 2 1 13" \
  "$rch_rc $(grep -F "changed while" "$work/changing-xz.err") $(jq -r '"\(.summary.images) \(.summary.errors) \(.summary.initcalls)"' "$work/changing-xz.out")"

# Several threads: the truncated file does not disturb the others.
cp x86_64-prel32-vmlinux "$rch_file"
rch_rc=$(changed_run changing-j4 "$rch_file" "truncate -s 4096 $rch_file" \
         -j4 -f json aarch64-vmlinux "$rch_file" s390x.o hello.ko)
expect_eq "-j4: one input changed while read" \
  "2 initscan: $rch_file: changed while being read 4 1 24" \
  "$rch_rc $(grep -F "changed while" "$work/changing-j4.err") $(jq -r '"\(.summary.images) \(.summary.errors) \(.summary.initcalls)"' "$work/changing-j4.out")"
