# HTML and SVG reports (sourced by run-tests in run_cases): made for a
# linked fixture with a boot log, a module with findings, three inputs
# (one not ELF) and a diff pair, then opened in headless Chromium (tests/tools/check-html.js,
# installed by make check with npm ci in tests/tools) which fails on any
# console message, failed or outside request, and checks what it drew
# against the JSON report of the same input.  Names full of markup (a
# function of the boot log, the path of an input) must come out escaped.

html_dir=$work/html-$(basename "$(dirname "$bin")")
rm -rf "$html_dir"
mkdir -p "$html_dir"

# A boot log with, after the fixture's, a call with a name of markup
# characters and two calls whose boxes overlap (none is an initcall of the
# image: their bars are drawn as "not in the image"; the two overlapping
# ones must go in two rows).  Calls run one after the other, but a
# "returned" line without a printk time ends its box at the start plus the
# duration it reports, which early in boot (ktime_get() still counting in
# jiffies) can pass the next call's start.
markup_name='x<y>&"z'"'"
html_log=$html_dir/boot.log
{ cat "$here/fixtures/boot.log"
  echo "[    1.300000] calling  $markup_name+0x0/0x10 @ 1"
  echo "[    1.300042] initcall $markup_name+0x0/0x10 returned -5 after 42 usecs"
  echo "[    1.400000] calling  async_a+0x0/0x10 @ 1"
  echo "initcall async_a+0x0/0x10 returned 0 after 1000 usecs"
  echo "[    1.400010] calling  async_b+0x0/0x10 @ 1"
  echo "[    1.400500] initcall async_b+0x0/0x10 returned 0 after 490 usecs"
} > "$html_log"
markup_input=$html_dir/'a<b>&"c'"'"'.vmlinux'
cp x86_64-prel32-vmlinux "$markup_input"

# html_make FILE RC ARGS...: initscan ARGS > FILE exits RC and writes it.
html_make() {
  local file=$html_dir/$1 rc=$2; shift 2
  "$bin" "$@" > "$file" 2> "$file.err"
  local actual=$?
  [ -s "$file" ] || actual="$actual (no report)"
  expect_eq "$1: exit status" "$rc" "$actual"
}

# html_pair NAME RC ARGS...: NAME.html (-f html) and NAME.json (-f json
# --by=symbol) of ARGS, both exiting RC.
html_pair() {
  local name=$1 rc=$2; shift 2
  html_make "$name.html" "$rc" -f html "$@"
  html_make "$name.json" "$rc" -f json --by=symbol "$@"
}

html_pair linked 0 --dmesg="$html_log" "$markup_input"
html_pair module 1 mismatch-x86_64.o
html_pair two 2 hello.ko mismatch-x86_64.o broken/bad-class
html_make linked.svg 0 -f svg --dmesg="$html_log" "$markup_input"
# the diff's JSON has no --by
html_make diff.html 1 -f html diff x86_64-prel32-vmlinux.o mismatch-x86_64.o
html_make diff.json 1 -f json diff x86_64-prel32-vmlinux.o mismatch-x86_64.o

"$bin" -f svg x86_64-prel32-vmlinux > "$work/svg-nolog.out" 2> "$work/svg-nolog.err"
expect_eq "svg without --dmesg" "2 initscan: --format=svg draws the boot timeline: it needs --dmesg=LOG" \
  "$? $(cat "$work/svg-nolog.err")$(cat "$work/svg-nolog.out")"

"$bin" -f svg diff x86_64-prel32-vmlinux.o mismatch-x86_64.o > "$work/svg-diff.out" 2> "$work/svg-diff.err"
expect_eq "svg of a diff" "2 initscan: --format=svg draws a boot timeline: diff has none (text, json or html)" \
  "$? $(cat "$work/svg-diff.err")$(cat "$work/svg-diff.out")"
"$bin" -f svg --dmesg="$html_log" hello.ko > "$work/svg-module.out" 2> "$work/svg-module.err"
expect_eq "svg of a module" "2 initscan: --dmesg $html_log: no linked kernel image among the inputs to join it to" \
  "$? $(cat "$work/svg-module.err")$(cat "$work/svg-module.out")"

async_bars=$(grep -E 'data-function="async_[ab]"' "$html_dir/linked.svg")
expect_eq "timeline: overlapping calls in two rows" "2 bars, 2 rows" \
  "$(grep -c . <<< "$async_bars") bars, $(grep -oE ' y="[0-9.]+"' <<< "$async_bars" | sort -u | wc -l) rows"

# Self-contained: no address but the SVG namespace, a policy that loads
# nothing; the markup escaped, never raw.
expect_eq "html: the only URL is the SVG namespace" "http://www.w3.org/2000/svg" \
  "$(cat "$html_dir"/*.html "$html_dir/linked.svg" | grep -oE '[a-z]+://[^"<> ]*' | sort -u)"
expect_eq "html: Content-Security-Policy" 4 \
  "$(grep -l "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"" \
       "$html_dir"/*.html | wc -l)"
expect_eq "html: markup escaped" "escaped, raw 0" \
  "$(grep -qF 'x&lt;y&gt;&amp;&quot;z&#39;' "$html_dir/linked.html" && echo escaped), raw $(grep -cF 'x<y>' "$html_dir/linked.html")"

html_checker=$here/tools/check-html.js
if [ ! -d "$here/tools/node_modules/puppeteer-core" ]; then
  bad "html: puppeteer-core is not installed (make check runs npm ci in tests/tools)"
elif [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  bad "html: no Chromium at ${CHROMIUM:-/usr/bin/chromium} (Debian package chromium, .ci/packages-test)"
else
  # populate_rootfs starts at 0.800000 s and runs 12345 us in the log; the
  # markup-named call at 1.300000 s for 42 us
  (cd "$html_dir" && timeout 120 node "$html_checker" \
     report linked.html linked.json bar populate_rootfs 800000 12345 bar "$markup_name" 1300000 42 \
     svg linked.svg linked.json bar populate_rootfs 800000 12345 \
     report module.html module.json \
     report two.html two.json \
     diff diff.html diff.json) > "$work/check-html.out" 2> "$work/check-html.err"
  html_rc=$?
  if [ $html_rc = 0 ] && grep -qE '^ok [1-9][0-9]* checks$' "$work/check-html.out"; then
    ok
  else
    bad "html: the browser checks failed (exit $html_rc):"; head -20 "$work/check-html.err"
  fi
fi
