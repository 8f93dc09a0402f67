# Directory scans: what a tree holds besides kernel images is skipped, or
# reported once, and the scan goes on; the walk stays linear in the number
# of files.  Sourced by tests/run-tests inside run_cases.

rtree=$work/tree
rm -rf "$rtree"; mkdir -p "$rtree/sub" "$rtree/locked"
cp hello.ko "$rtree/a.ko"
cp hello.ko "$rtree/locked/b.ko"
cp hello.ko "$rtree/unreadable.ko"
ln -s loop2.ko "$rtree/loop1.ko"            # a symbolic link loop
ln -s loop1.ko "$rtree/loop2.ko"
ln -s nowhere.ko "$rtree/dangling.ko"       # a dangling link
ln -s .. "$rtree/sub/up"                    # a directory loop through a link
ln -s ../a.ko "$rtree/sub/linked.ko"        # a link to a module: read
mkfifo "$rtree/fifo.ko"                     # would block a reader
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$rtree/socket.ko"
printf 'not a module\n' > "$rtree/notes.txt" # not an input name: not read
chmod 000 "$rtree/locked" "$rtree/unreadable.ko"

# The tests run as root, whom permissions do not stop: the scan runs as
# nobody, so that the locked directory and the unreadable file are.
setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin" --no-source -j1 "$rtree" \
  > "$work/tree.out" 2> "$work/tree.err"
expect_eq "tree: odd entries skipped or reported once" \
  "2 initscan: $rtree/locked: Permission denied|initscan: $rtree/unreadable.ko: Permission denied| $rtree/a.ko $rtree/sub/linked.ko" \
  "$? $(tr '\n' '|' < "$work/tree.err") $(grep -o "^$rtree/[^:]*" "$work/tree.out" | xargs)"
chmod 755 "$rtree/locked"; chmod 644 "$rtree/unreadable.ko"

# More modules than descriptors: each input's descriptor is closed once
# its contents are in place (Debian has 4022 modules; the usual limit is
# 1024).
rm -rf "$work/many"; mkdir -p "$work/many"
for rt_i in $(seq -w 1 100); do ln hello.ko "$work/many/m$rt_i.ko"; done
(ulimit -n 40; "$bin" --no-source -j2 -f json "$work/many") > "$work/many.json" 2> "$work/many.err"
expect_eq "100 modules with 40 descriptors" "0 100 0" \
  "$? $(jq -r '"\(.summary.images) \(.summary.errors)"' "$work/many.json")"

# make_tree DIR DIRS: DIRS directories of 1000 files each (not inputs),
# and one module.
make_tree() {
  local d
  rm -rf "$1"; mkdir -p "$1"
  for d in $(seq -w 1 "$2"); do
    mkdir "$1/d$d" && (cd "$1/d$d" && touch f{000..999}.c)
  done
  cp hello.ko "$1/d$d/m.ko"
}
# cpu_seconds CMD...: user + system time of CMD, which must succeed
cpu_seconds() {
  /usr/bin/time -f '%x %U %S' -o "$work/tree-time" "$@" > /dev/null 2>&1
  awk '$1 == 0 { print $2 + $3 }' "$work/tree-time"
}
make_tree "$work/tree-10k" 10
make_tree "$work/tree-100k" 100
expect_eq "100 000-file tree: 100 000 files" 100001 "$(find "$work/tree-100k" -type f | wc -l)"
rt_small=$(cpu_seconds "$bin" --no-source -j1 "$work/tree-10k")
rt_large=$(cpu_seconds "$bin" --no-source -j1 "$work/tree-100k")
# Ten times the files: about ten times the time (20 allowed, and 0.5 s for
# the noise of a loaded machine), and under 10 s in all.
expect_eq "100 000-file tree: linear walk (${rt_small}s for 10 000, ${rt_large}s for 100 000)" yes \
  "$(awk -v s="$rt_small" -v l="$rt_large" 'BEGIN { print (s != "" && l != "" && l <= 20 * s + 0.5 && l < 10 ? "yes" : "no") }')"
rm -rf "$work/tree-10k" "$work/tree-100k"
