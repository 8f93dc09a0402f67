# Sourced by run-tests: the counters and the checks every case file uses.
# In scope when a case file runs: $bin (the initscan under test), $work
# (scratch), $expected (tests/expected), $here (tests), $fixtures (the
# built fixtures, also the current directory), $bless, $first_bin.

set -o pipefail
pass=0 fail=0 skipped=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; }

# summary_line: the closing line (.ci/run and the README read its start).
summary_line() { echo "$pass passed, $fail failed, $skipped skipped"; }

# expect_file NAME EXPECTED_RC CMD...: stdout equals expected/NAME (which
# is not empty), exit code equals EXPECTED_RC.
expect_file() {
  local name=$1 rc=$2; shift 2
  local got=$work/$name.out actual_rc
  "$@" > "$got" 2> "$work/$name.err"
  actual_rc=$?
  if [ "$bless" = 1 ] && [ "$bin" = "$first_bin" ]; then cp "$got" "$expected/$name"; fi
  if [ "$actual_rc" != "$rc" ]; then
    bad "$name: exit $actual_rc, expected $rc ($(head -c 300 "$work/$name.err"))"
  elif [ ! -s "$got" ]; then
    bad "$name: no output"
  elif ! diff -u "$expected/$name" "$got" > "$work/$name.diff" 2>&1; then
    bad "$name: output differs"; head -20 "$work/$name.diff"
  else
    ok
  fi
}

# expect_error NAME FILE MESSAGE: exit 2, stderr is exactly
# "initscan: FILE: MESSAGE", stdout has no report for it.
expect_error() {
  local name=$1 file=$2 msg=$3 actual_rc
  "$bin" "$file" > "$work/$name.out" 2> "$work/$name.err"
  actual_rc=$?
  local want="initscan: $file: $msg"
  if [ $actual_rc != 2 ]; then
    bad "$name: exit $actual_rc, expected 2"
  elif [ "$(cat "$work/$name.err")" != "$want" ]; then
    bad "$name: stderr '$(cat "$work/$name.err")', expected '$want'"
  elif [ -s "$work/$name.out" ]; then
    bad "$name: printed a report for a file it could not analyse"
  else
    ok
  fi
}

# A value that says initscan did not exit as it should (initscan_jq,
# initscan_rc) fails every comparison, even with an equal one.
status_marker="INITSCAN-STATUS:"

# expect_eq NAME WANT GOT
expect_eq() {
  if [[ "$2$3" == *"$status_marker"* ]]; then bad "$1: $(grep -m1 -F "$status_marker" <<< "$2$3")"
  elif [ "$2" = "$3" ]; then ok; else bad "$1: got '$3', expected '$2'"; fi
}

# expect_same NAME A B: two computed values agree and are not empty (two
# failed runs agree too: the same empty output).
expect_same() {
  if [[ "$2$3" == *"$status_marker"* ]]; then bad "$1: $(grep -m1 -F "$status_marker" <<< "$2$3")"
  elif [ -z "$2" ]; then bad "$1: empty output"
  elif [ "$2" = "$3" ]; then ok
  else bad "$1: '$(head -c 300 <<< "$2")' differs from '$(head -c 300 <<< "$3")'"; fi
}

# expect_lines NAME N TEXT: TEXT has exactly N lines (N > 0).
expect_lines() {
  local n=0
  [ -n "$3" ] && n=$(wc -l <<< "$3")
  expect_eq "$1: lines" "$2" "$n"
}

# initscan_jq RC FILTER ARGS...: initscan's JSON report of ARGS through
# the jq filter.  initscan must exit RC: otherwise a line saying so is
# printed ($status_marker: no expect_eq or expect_same passes) and the status
# is 125.  Else the status is initscan's (jq's if jq fails: 124).  stderr
# of initscan in $work/initscan_jq.err.
initscan_jq() {
  local rc=$1 filter=$2 actual json=$work/initscan_jq.$BASHPID.json; shift 2
  # (a file per process: callers run it in parallel, as in <(...) <(...))
  "$bin" --format=json "$@" > "$json" 2> "$json.err"
  actual=$?
  mv -f "$json.err" "$work/initscan_jq.err"
  if [ "$actual" != "$rc" ]; then
    rm -f "$json"
    echo "$status_marker initscan exited $actual, expected $rc: $(head -c 200 "$work/initscan_jq.err")"
    return 125
  fi
  jq -r "$filter" "$json" || { rm -f "$json"; echo "jq failed on initscan's output"; return 124; }
  rm -f "$json"
  return "$actual"
}

# run_level_facts FILE: FILE's console initcalls and initcalls (function,
# address, entry) with their run levels, a sync sub-level Ns as N and
# rootfs as 5 (a kernel whose kallsyms has code symbols only has no entry
# labels to tell them apart): what must not depend on where the symbols
# come from.  code_symbols_facts FILE: the same after machine, encoding, rules
# and init range.
run_level_facts() {
  initscan_jq 0 '.images[0] |
    (.console_initcalls[] | "console \(.function) \(.address) \(.entry)"),
    (.initcalls[] | "\(.level | sub("^rootfs$"; "5") | sub("(?<n>[0-9])s$"; "\(.n)"))"
                    + " \(.function) \(.address) \(.entry)")' "$1"
}

code_symbols_facts() {
  initscan_jq 0 '.images[0] | "\(.machine) \(.class) \(.initcall_encoding)",
    "rules \(.rules.version) from \(.rules.from)",
    "init \(.init_memory.begin) \(.init_memory.end) \(.init_memory.freed_kib)"' "$1" &&
    run_level_facts "$1"
}

# initscan_rc RC ARGS...: initscan ARGS, stdout to stdout, stderr to
# $work/initscan_rc.err; unless it exits RC, a line first (so that a jq
# reading the output fails at once: after the report, jq would print its
# result and only then stumble on the line) and status 125.
initscan_rc() {
  local rc=$1 actual out=$work/initscan_rc.$BASHPID.out; shift
  "$bin" "$@" > "$out" 2> "$out.err"
  actual=$?
  mv -f "$out.err" "$work/initscan_rc.err"
  if [ "$actual" != "$rc" ]; then
    echo "$status_marker initscan exited $actual, expected $rc: $(head -c 200 "$work/initscan_rc.err")"
    cat "$out"; rm -f "$out"
    return 125
  fi
  cat "$out"; rm -f "$out"
  return 0
}

# initscan_status ARGS...: initscan's exit status, and " (no report)"
# when it printed nothing (stdout in $work/initscan_status.out).
initscan_status() {
  "$bin" "$@" > "$work/initscan_status.out" 2> "$work/initscan_status.err"
  local rc=$?
  [ -s "$work/initscan_status.out" ] || rc="$rc (no report)"
  echo "$rc"
}

initcall_lines='.images[0] | (.console_initcalls + .initcalls)[]
  | "\(.level) \(.function) \(.source.file // "-"):\(.source.line // "-")"'

# The freed figure the kernel would print, from nm's symbols (not from
# initscan): [__init_begin, __init_end) rounded inward to PAGE.
nm_freed_kib() {
  local nm=$1 file=$2 page=$3 b e
  b=$($nm "$file" | awk '$3 == "__init_begin" {print $1}')
  e=$($nm "$file" | awk '$3 == "__init_end" {print $1}')
  [ -n "$b" ] && [ -n "$e" ] || { echo "no __init_begin/__init_end in $file"; return; }
  # masks and a difference: right for 64-bit kernel addresses, negative
  # in bash's signed arithmetic
  b=$((16#$b)); e=$((16#$e))
  b=$(( (b + page - 1) & -page )); e=$(( e & -page ))
  echo $(( e - b > 0 ? (e - b) / 1024 : 0 ))
}

has() { [ -e "$1" ]; }

# stopped_in_tree PID: the process of PID's tree that is stopped (state T),
# PID itself or a descendant ($bin may be a wrapper running initscan;
# INITSCAN_TEST_STOP_AT stops it: tests/cases/robust-changing.sh)
stopped_in_tree() {
  local child
  if [ "$(awk '{print $3}' "/proc/$1/stat" 2> /dev/null)" = T ]; then echo "$1"; return 0; fi
  for child in $(pgrep -P "$1"); do stopped_in_tree "$child" && return 0; done
  return 1
}

# need FIXTURE...: true when every fixture was built.  Otherwise false,
# after counting a skip when the builder recorded why it could not build
# it ($fixtures/SKIPPED: "FIXTURE<TAB>reason" lines), or a failure when
# it did not.  Use: need f || continue (or return).
need() {
  local f reason
  for f in "$@"; do
    has "$f" && continue
    reason=$(awk -F '\t' -v f="$f" '$1 == f {print $2; exit}' "$fixtures/SKIPPED" 2> /dev/null)
    if [ -n "$reason" ]; then skip "$f: $reason"
    else bad "fixture $f was not built (see $work/build-fixtures.log)"; fi
    return 1
  done
}
