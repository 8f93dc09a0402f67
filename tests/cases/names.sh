# Naming both ends of a mismatch (tests/fixtures/build.d/names.sh): what
# the source wrote, not an alias, a marker or a neighbour.

# The findings of FILE, one line each, as the text report words them.
names_findings() {
  "$bin" --no-source "$1" > "$work/names-$1.txt"
  local rc=$?
  grep 'section mismatch:' "$work/names-$1.txt"
  return $rc
}

# module_init()/module_exit() aliases: the module's own function names,
# in the findings and in the module's init/exit.
expect_file names-module.txt 1 names_findings names-module.ko
expect_eq "names: module init and exit" "plant_init plant_exit" \
  "$(initscan_jq 1 '.images[0].module | "\(.init) \(.exit)"' names-module.ko)"

# A marker at a sized NOTYPE function's address, a bare label, and bytes
# no symbol covers (SECTION+0xOFF).
expect_file names-labels.txt 1 names_findings names-labels.o

# Section anchors: the variable the load or store reaches, on every
# architecture whose compiler addresses variables from an anchor.
names_anchor_findings() {
  local arch rc=0
  for arch in aarch64 arm arm32 s390x; do
    "$bin" -f json "names-anchor-$arch.o" > "$work/names-anchor-$arch.json"
    [ $? = 1 ] || rc=2
    jq -r --arg a "$arch" '.images[0].mismatches[] | "\($a) \(.rule) \(.from.symbol) \(.to.symbol)"' \
      "$work/names-anchor-$arch.json" | sort -u
  done
  return $rc
}
if need names-anchor-{aarch64,arm,arm32,s390x}.o; then
  expect_file names-anchor.txt 0 names_anchor_findings
fi

# ... and not when the register gets a new value before the load or store.
names_reload_findings() {
  local arch rc=0
  for arch in aarch64 arm s390x; do
    "$bin" -f json "names-reload-$arch.o" > "$work/names-reload-$arch.json"
    [ $? = 1 ] || rc=2
    jq -r --arg a "$arch" '.images[0].mismatches[] | "\($a) \(.from.symbol) \(.to.symbol)"' \
      "$work/names-reload-$arch.json" | sort -u
  done
  return $rc
}
if need names-reload-{aarch64,arm,s390x}.o; then
  expect_file names-reload.txt 0 names_reload_findings
fi

# Load addresses (lgdt _pa(gdt)) and an end label where another object's
# variable starts, in a linked image; in the object alone the load
# address lies outside the section: SECTION+0xOFF, wrapped to 32 bits.
expect_file names-head.txt 1 names_findings names-head-vmlinux
expect_file names-head-object.txt 1 names_findings names-head.o
