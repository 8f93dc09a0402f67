# The text report for people: a terminal's width, colour, --quiet, the
# grand total.  A terminal is script(1)'s pseudo-terminal (util-linux).

# on_tty RC COLUMNS ARGS...: initscan ARGS on a terminal, COLUMNS wide, its
# output without the terminal's carriage returns; any exit status but RC
# prints $status_marker, as initscan_rc does.
on_tty() {
  local rc=$1 cols=$2 actual; shift 2
  COLUMNS=$cols SHELL=/bin/sh script -qec "$(printf '%q ' "$bin" "$@")" /dev/null \
    < /dev/null > "$work/on_tty.out"
  actual=$?
  sed 's/\r$//' "$work/on_tty.out"
  if [ "$actual" != "$rc" ]; then
    echo "$status_marker initscan exited $actual on a terminal, expected $rc"
    return 125
  fi
}

# count_of PATTERN: lines of standard input with the extended regex PATTERN
count_of() { grep -cE -- "$1" || true; }
esc=$'\e'
deep_source=drivers/a-rather-long-directory-name/with-another-long-part/for-narrow-terminals/minikernel.c

if need human-deep.o; then
  # 60 columns: addresses left out, sources shortened in the middle keeping
  # the file name and line
  tty60() { NO_COLOR=1 on_tty 0 60 human-deep.o; }
  expect_file "human-tty-60.txt" 0 tty60
  # 44 columns: function names shortened in the middle too
  tty44() { NO_COLOR=1 on_tty 0 44 human-deep.o | sed -n '/^  Console/,$p'; }
  expect_file "human-tty-44.txt" 0 tty44
  expect_eq "human: initcall rows over 60 columns on a 60-column terminal" 0 \
    "$(tty60 | awk '/^ +[0-9]+  / && length > 60' | count_of .)"
  expect_eq "human: sources shortened on a terminal, file and line kept" 11 \
    "$(tty60 | count_of '  [^ ]*\.\.\./minikernel\.c:[0-9]+$')"
  # a file or pipe: every cell in full, whatever COLUMNS says, no colour
  expect_eq "human: full sources in a pipe" 11 \
    "$(COLUMNS=60 initscan_rc 0 human-deep.o | count_of "  $deep_source:[0-9]+\$")"
  expect_eq "human: no colour in a pipe" 0 \
    "$(initscan_rc 0 human-deep.o | count_of "$esc")"
  # colour: headings bold on a terminal; NO_COLOR (not empty), --color=never
  # and TERM=dumb turn it off, --color=always on anywhere
  expect_eq "human: bold headings on a terminal" 3 \
    "$(on_tty 0 200 human-deep.o | count_of "^  $esc\[1m[A-Z][^$esc]*$esc\[m:\$")"
  expect_eq "human: NO_COLOR" 0 "$(NO_COLOR=1 on_tty 0 200 human-deep.o | count_of "$esc")"
  expect_eq "human: NO_COLOR empty is unset" 3 \
    "$(NO_COLOR= on_tty 0 200 human-deep.o | count_of "$esc\[1m")"
  expect_eq "human: --color=never" 0 \
    "$(on_tty 0 200 --color=never human-deep.o | count_of "$esc")"
  expect_eq "human: TERM=dumb" 0 "$(TERM=dumb on_tty 0 200 human-deep.o | count_of "$esc")"
  expect_eq "human: --color=always in a pipe" 3 \
    "$(initscan_rc 0 --color=always human-deep.o | count_of "$esc\[1m")"
  expect_eq "human: --color=always beats NO_COLOR" 3 \
    "$(NO_COLOR=1 initscan_rc 0 --color=always human-deep.o | count_of "$esc\[1m")"
  expect_eq "human: --color=sometimes is a usage error" 2 \
    "$("$bin" --color=sometimes human-deep.o > /dev/null 2>&1; echo $?)"
  # the clean file says nothing with --quiet
  expect_eq "human: --quiet on a clean file" "" "$(initscan_rc 0 --quiet human-deep.o)"
fi

if need mismatch-x86_64.o; then
  # findings red (failing the gate) or yellow (suppressed)
  expect_eq "human: red warnings" 12 \
    "$(initscan_rc 1 --color=always mismatch-x86_64.o | count_of "^mismatch\.c:[0-9]+: $esc\[1;31mwarning$esc\[m: ")"
  expect_eq "human: yellow notes" 12 \
    "$(initscan_rc 0 --color=always --allow='*:*' mismatch-x86_64.o \
       | count_of "^mismatch\.c:[0-9]+: $esc\[33mnote$esc\[m: ")"
  # --quiet: the findings of the full report and nothing else, same status
  full=$(initscan_rc 1 mismatch-x86_64.o | grep '^mismatch\.c:')
  quiet=$(initscan_rc 1 --quiet mismatch-x86_64.o)
  expect_same "human: --quiet prints the findings alone" "$full" "$quiet"
  expect_lines "human: --quiet" 12 "$quiet"
  expect_eq "human: --quiet on a terminal" "$full" "$(on_tty 1 200 --quiet --color=never mismatch-x86_64.o)"
  expect_eq "human: --quiet leaves out suppressed findings" "" \
    "$(initscan_rc 0 --quiet --allow='*:*' mismatch-x86_64.o)"
  expect_lines "human: --quiet --warn-only" 12 "$(initscan_rc 0 --quiet --warn-only mismatch-x86_64.o)"
fi

if need x86_64-prel32-vmlinux; then
  # notes wrapped at spaces on a terminal, the same words as in a pipe
  note_tty=$(on_tty 0 60 x86_64-prel32-vmlinux \
             | awk '/^  note: / { p = 1; print; next } p && /^        [^ ]/ { print; next } { p = 0 }')
  # (its two notes, the release unknown and the mismatches unchecked, take
  # three lines each)
  expect_eq "human: notes wrapped on a terminal" 6 "$(count_of . <<< "$note_tty")"
  expect_eq "human: no wrapped line over 60 columns" 0 "$(awk 'length > 60' <<< "$note_tty" | count_of .)"
  expect_eq "human: the wrapped notes' words" \
    "$(initscan_rc 0 x86_64-prel32-vmlinux | sed -n 's/^  note: /note: /p' | tr -s '\n ' ' ' | sed 's/ $//')" \
    "$(tr -s '\n ' ' ' <<< "$note_tty" | sed 's/^ //; s/ $//')"
fi

if need x86_64-prel32-vmlinux mismatch-x86_64.o human-deep.o; then
  # the grand total of several inputs, its figures against the JSON report
  inputs=(x86_64-prel32-vmlinux mismatch-x86_64.o human-deep.o)
  total() { initscan_rc 1 "${inputs[@]}" | sed -n '/^Total of/,$p'; }
  expect_file "human-total.txt" 0 total
  expect_eq "human: total initcalls as in JSON" \
    "$(initscan_jq 1 '[.images[] | .initcalls | length] | add' "${inputs[@]}")" \
    "$(total | sed -n 's/^  initcalls: \([0-9]*\),.*/\1/p')"
  expect_eq "human: total findings as in JSON" \
    "$(initscan_jq 1 '[.images[] | .mismatches | length] | add' "${inputs[@]}")" \
    "$(total | sed -n 's/^  section mismatches: \([0-9]*\) .*/\1/p')"
  # the init range of the vmlinux and the allocated .init sections of the objects
  expect_eq "human: total init memory as in JSON" \
    "$(initscan_jq 1 '[.images[] | if .init_memory then .init_memory.bytes
                        else ([.sections[] | select(.kind == "init" and (.flags | contains("A")))
                               | .size] | add // 0) end] | add' "${inputs[@]}")" \
    "$(total | sed -n 's/^  init memory: .* (\([0-9]*\) bytes)$/\1/p')"
  expect_eq "human: no total for one image" 0 \
    "$(initscan_rc 0 human-deep.o | count_of '^Total of')"
  expect_eq "human: no total with --quiet" 0 \
    "$(initscan_rc 1 --quiet "${inputs[@]}" | count_of '^Total of')"
fi

# the progress line on a terminal's stderr: a run held up at its first
# file (INITSCAN_TEST_STOP_AT) for longer than the half second before the
# line shows draws it once it goes on, and erases it at the end.
# held_up FILE OUT ERR CMD...: CMD in the background (output to OUT and
# ERR), continued 0.6 s after it stopped at FILE; its exit status printed
held_up() {
  local file=$1 out=$2 err=$3 pid stopped waited=0; shift 3
  INITSCAN_TEST_STOP_AT=$file "$@" < /dev/null > "$out" 2> "$err" &
  pid=$!
  until stopped=$(stopped_in_tree $pid) || ! kill -0 $pid 2> /dev/null || [ $waited -ge 600 ]; do
    sleep 0.05; waited=$((waited + 1))
  done
  sleep 0.6
  [ -n "$stopped" ] && kill -CONT "$stopped"
  wait $pid
  echo "exit $?"
}
if need tree; then
  first=$(initscan_jq 1 '.images[0].path' tree)
  expect_eq "human: the progress run" "exit 1" \
    "$(held_up "$first" "$work/progress.out" /dev/null \
       script -qec "$(printf '%q ' "$bin") -j1 tree > /dev/null" /dev/null)"
  # (one line, or more if the rest takes longer than a quarter second)
  lines=$(tr '\r' '\n' < "$work/progress.out" | count_of '^initscan: [0-9]+/[0-9]+ files$')
  expect_eq "human: a progress line on a terminal ($lines)" yes "$( ((lines >= 1)) && echo yes)"
  expect_eq "human: the progress line erased" "$(printf '\r\e[K' | od -c)" \
    "$(tail -c 4 "$work/progress.out" | od -c)"
  expect_eq "human: the run without a terminal" "exit 1" \
    "$(held_up "$first" /dev/null "$work/progress.err" "$bin" -j1 tree)"
  expect_eq "human: no progress line when stderr is not a terminal" 0 \
    "$(count_of 'files$' < "$work/progress.err")"
fi
