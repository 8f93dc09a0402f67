# Output files are never half-written, a failed write names the file and
# leaves the old one, and every message says "initscan".  Sourced by
# tests/run-tests inside run_cases.

rout=$work/output
rm -rf "$rout"; mkdir -p "$rout"
"$bin" x86_64-prel32-vmlinux > "$rout/stdout.txt"

# write_errors: the messages about writing (other notes, such as
# unchecked inputs, may be there too)
write_errors() { grep 'cannot write' "$rout/err"; }

# files_in DIR: the names in DIR, hidden ones (a temporary file) included
files_in() { ls -A "$1" | xargs; }

# -o: the report, and nothing else left in the directory.
"$bin" -o "$rout/report.txt" x86_64-prel32-vmlinux
expect_eq "-o writes the report" "0 same report.txt stdout.txt" \
  "$? $(cmp -s "$rout/report.txt" "$rout/stdout.txt" && echo same) $(files_in "$rout")"

# Writes that fail: exit 2, one message naming the file.
# /dev/full: a device, written directly; every write fails.
"$bin" -o /dev/full hello.ko 2> "$rout/err"
expect_eq "-o /dev/full" "2 initscan: cannot write /dev/full: No space left on device" \
  "$? $(write_errors)"
"$bin" hello.ko > /dev/full 2> "$rout/err"
expect_eq "standard output on /dev/full" \
  "2 initscan: cannot write standard output: No space left on device" "$? $(write_errors)"
"$bin" -o /dev/null --write-baseline=/dev/full mismatch-x86_64.o 2> "$rout/err"
expect_eq "--write-baseline=/dev/full" "2 initscan: cannot write /dev/full: No space left on device" \
  "$? $(write_errors)"
# A directory that does not exist, and one where no file can be created
# (the tests run as root, whom permissions do not stop).
"$bin" -o "$rout/no-such-dir/report.txt" hello.ko 2> "$rout/err"
expect_eq "-o in a missing directory" \
  "2 initscan: cannot write $rout/no-such-dir/report.txt: No such file or directory" \
  "$? $(write_errors)"
"$bin" -o /proc/initscan-report hello.ko 2> "$rout/err"
expect_eq "-o in /proc" "2 initscan: cannot write /proc/initscan-report: No such file or directory" \
  "$? $(write_errors)"

# A write failing half-way (the file size limit, SIGXFSZ ignored so that
# write(2) fails with EFBIG past 1 KiB; the report and the baseline are
# larger): the old file stays as it was.
printf 'the old report\n' > "$rout/report.txt"
printf 'the old baseline\n' > "$rout/baseline.txt"
(trap '' XFSZ; ulimit -f 1; "$bin" -o "$rout/report.txt" x86_64-prel32-vmlinux) 2> "$rout/err"
expect_eq "-o failing half-way keeps the old file" \
  "2 initscan: cannot write $rout/report.txt: File too large the old report baseline.txt err report.txt stdout.txt" \
  "$? $(write_errors) $(cat "$rout/report.txt") $(files_in "$rout")"
(trap '' XFSZ; ulimit -f 1; "$bin" -o /dev/null --write-baseline="$rout/baseline.txt" mismatch-x86_64.o) \
  2> "$rout/err"
expect_eq "--write-baseline failing keeps the old file" \
  "2 initscan: cannot write $rout/baseline.txt: File too large the old baseline" \
  "$? $(write_errors) $(cat "$rout/baseline.txt")"

# Replacing keeps the old file's permissions and writes through a link.
chmod 640 "$rout/report.txt"
ln -s report.txt "$rout/link.txt"
"$bin" -o "$rout/link.txt" x86_64-prel32-vmlinux
expect_eq "-o through a link, permissions kept" "0 same link 640" \
  "$? $(cmp -s "$rout/report.txt" "$rout/stdout.txt" && echo same) $(stat -c %F "$rout/link.txt" | cut -d' ' -f2) $(stat -c %a "$rout/report.txt")"
(umask 027; "$bin" -o "$rout/new.txt" hello.ko)
expect_eq "a new file's permissions follow the umask" "640" "$(stat -c %a "$rout/new.txt")"

# One program name, however initscan was started.
ln -sf "$bin" "$rout/other-name"
"$rout/other-name" --no-such-option 2> "$rout/err"
expect_eq "program name in getopt's message" "2 initscan: unrecognized option '--no-such-option'" \
  "$? $(head -1 "$rout/err")"
"$rout/other-name" -o "$rout/no-such-dir/x" hello.ko 2> "$rout/err"
expect_eq "program name in a write error" \
  "2 initscan: cannot write $rout/no-such-dir/x: No such file or directory" "$? $(write_errors)"
