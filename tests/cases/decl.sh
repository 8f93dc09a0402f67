# Source lines of every finding (DWARF declarations for data, exports and
# extable entries) and fingerprints that outlive strip, rebuilds and
# other build directories.  Fixtures: tests/fixtures/build.d/decl.sh.

# line_of FILE TEXT: the line of FILE where TEXT first occurs
line_of() { grep -n -m1 -F "$2" "$here/fixtures/$1" | cut -d: -f1; }
# fingerprints FILE: its findings' fingerprints, sorted
fingerprints() { initscan_jq 1 '.images[0].mismatches[].fingerprint' "$1" | sort; }

# Data, export and extable findings carry the line of their declaration
# (an export made in assembly: the exported function's; an extable
# entry: its instruction's); a reference to init data names its line.
for arch in x86_64 i386; do
  need "mismatch-$arch.o" || continue
  expect_eq "decl lines $arch" \
"data-to-exit bad_data_points_to_exit mismatch.c:$(line_of mismatch.c 'void (*bad_data_points_to_exit)')
data-to-exit ok_thing_driver mismatch.c:$(line_of mismatch.c 'struct thing_driver ok_thing_driver')
data-to-init bad_data_points_to_init mismatch.c:$(line_of mismatch.c 'fn_t bad_data_points_to_init')
export-of-exit __export_symbol_teardown_thing mismatch.c:$(line_of mismatch.c 'void __exit teardown_thing')
extable-to-non-text null mismatch.c:$(line_of mismatch.c 'int keep bad_text_calls_init')
pci-fixup-to-init bad_pci_fixup_setup mismatch.c:$(line_of mismatch.c 'pci_fixup bad_pci_fixup_setup')
to init_value mismatch.c:$(line_of mismatch.c 'int init_value __initdata')" \
    "$(initscan_jq 1 '.images[0].mismatches[]
        | select(.rule | test("^(data|export|extable|pci)")) | "\(.rule) \(.from.symbol) \(.from.source.file):\(.from.source.line)"' "mismatch-$arch.o" | sort
       initscan_jq 1 '[.images[0].mismatches[] | select(.to.symbol == "init_value")][0]
        | "to \(.to.symbol) \(.to.source.file):\(.to.source.line)"' "mismatch-$arch.o")"
  # the 6.1-style export (a ___ksymtab+ section), which 6.12's rules do not read
  expect_eq "decl line of a 6.1 export $arch" \
    "export-of-init __ksymtab_setup_thing mismatch.c:$(line_of mismatch.c 'kernel_symbol __ksymtab_setup_thing')" \
    "$(initscan_jq 1 '.images[0].mismatches[]
        | select(.rule == "export-of-init") | "\(.rule) \(.from.symbol) \(.from.source.file):\(.from.source.line)"' --rules=6.1 "mismatch-$arch.o")"
done
expect_eq "decl lines of a local and a global" \
  "local_pointer decl.c:$(line_of decl.c 'fn_t local_pointer') global_pointer decl.c:$(line_of decl.c 'fn_t global_pointer')" \
  "$(initscan_jq 1 '.images[0].mismatches[] | select(.from.symbol | test("_pointer$"))
      | "\(.from.symbol) \(.from.source.file):\(.from.source.line)"' decl.o | sort -r | xargs)"
# A compressed module is relocated for its declarations like a plain one.
for f in decl.ko.xz decl.ko.zst decl.ko.gz; do
  expect_same "decl lines of $f" \
    "$(initscan_jq 1 '[.images[0].mismatches[] | .from.source]' decl.ko)" \
    "$(initscan_jq 1 '[.images[0].mismatches[] | .from.source]' "$f")"
done
expect_eq "every finding has a line" "12 12" \
  "$(initscan_jq 1 '.images[0].mismatches | "\(length) \([.[] | select(.from.source.line > 0)] | length)"' mismatch-x86_64.o)"

# strip --strip-debug: no source left, the same fingerprints; a baseline
# of one suppresses everything on the other, both ways.
expect_eq "stripped copy has no sources" "12 0" \
  "$(initscan_jq 1 '.images[0].mismatches | "\(length) \([.[] | select(.from.source)] | length)"' mismatch-x86_64-nodebug.o)"
expect_same "strip --strip-debug keeps fingerprints" "$(fingerprints mismatch-x86_64.o)" \
  "$(fingerprints mismatch-x86_64-nodebug.o)"
expect_eq "baselines written" "1 1" \
  "$(initscan_status --write-baseline="$work/decl-debug.baseline" mismatch-x86_64.o) $(initscan_status --write-baseline="$work/decl-nodebug.baseline" mismatch-x86_64-nodebug.o)"
expect_eq "baseline with DWARF holds after strip" "0 0 12" \
  "$("$bin" -f json --baseline="$work/decl-debug.baseline" mismatch-x86_64-nodebug.o > "$work/decl-strip.json"; echo $?) $(jq -r '.summary | "\(.mismatches) \(.suppressed)"' "$work/decl-strip.json")"
expect_eq "baseline without DWARF holds with it" "0 0 12" \
  "$("$bin" -f json --baseline="$work/decl-nodebug.baseline" mismatch-x86_64.o > "$work/decl-strip.json"; echo $?) $(jq -r '.summary | "\(.mismatches) \(.suppressed)"' "$work/decl-strip.json")"

# A rebuild in another directory, by another path, every address moved,
# another __COUNTER__ in a __UNIQUE_ID name: the same fingerprints.
expect_eq "rebuild moved the findings" "different" \
  "$([ "$(initscan_jq 1 '[.images[0].mismatches[] | .from.address, .from.symbol]' decl.o)" != \
       "$(initscan_jq 1 '[.images[0].mismatches[] | .from.address, .from.symbol]' decl-rebuilt.o)" ] && echo different)"
expect_same "rebuild keeps fingerprints" "$(fingerprints decl.o)" "$(fingerprints decl-rebuilt.o)"
decl_rebuild_diff() { "$bin" diff decl.o decl-rebuilt.o | grep '^mismatches'; }
expect_file "decl-rebuild-diff.txt" 0 decl_rebuild_diff

# The object and the image linked from it: each finding both report has
# one fingerprint (the kernel is "vmlinux" in both), written once.
# findings FILE: "rule from to" of each finding, with FP its fingerprint
findings() { initscan_jq 1 ".images[0].mismatches[] | \"\(.rule) \(.from.symbol) \(.to.symbol)${2:-}\"" "$1" | sort; }
expect_same "object and linked image share fingerprints" \
  "$(comm -12 <(findings mismatch-x86_64.o) <(findings mismatch-x86_64-vmlinux))" \
  "$(comm -12 <(findings mismatch-x86_64.o ' \(.fingerprint)') <(findings mismatch-x86_64-vmlinux ' \(.fingerprint)') \
     | sed 's/ [0-9a-f]*$//')"
expect_eq "baseline of an object and its image written" 1 \
  "$(initscan_status --write-baseline="$work/decl-linked.baseline" mismatch-x86_64.o mismatch-x86_64-vmlinux)"
expect_eq "object and linked image: one baseline line each" \
  "$(sort -u <(fingerprints mismatch-x86_64.o) <(fingerprints mismatch-x86_64-vmlinux) | wc -l)" \
  "$(grep -c '^[0-9a-f]\{16\}$' "$work/decl-linked.baseline")"

# Two references from one function to one init function: two findings,
# two fingerprints; every fingerprint of an input distinct.
expect_eq "equal findings told apart" "2 2" \
  "$(initscan_jq 1 '[.images[0].mismatches[] | select(.from.symbol == "twice_calls_init") | .fingerprint] | "\(length) \(unique | length)"' decl.o)"
expect_eq "fingerprints distinct" "5 5" "$(fingerprints decl.o | wc -l) $(fingerprints decl.o | sort -u | wc -l)"
# The module is part of what a finding is.
expect_eq "module name in fingerprints" "5 5 0" \
  "$(fingerprints decl.o | wc -l) $(fingerprints decl.ko | wc -l) $(comm -12 <(fingerprints decl.o) <(fingerprints decl.ko) | wc -l)"

# Baselines: each fingerprint written once, however many inputs have it;
# the comment says where; a baseline listing one twice is read.
expect_eq "baseline of two inputs written" 1 \
  "$(initscan_status --write-baseline="$work/decl-twice.baseline" mismatch-x86_64.o mismatch-x86_64-nodebug.o)"
expect_eq "baseline without duplicates" "12 12" \
  "$(grep -c '^[0-9a-f]\{16\}$' "$work/decl-twice.baseline") $(grep '^[0-9a-f]\{16\}$' "$work/decl-twice.baseline" | sort -u | wc -l)"
expect_eq "baseline comment" "# data-to-init: bad_data_points_to_init -> setup_thing (mismatch-x86_64.o, mismatch.c:$(line_of mismatch.c 'fn_t bad_data_points_to_init'))" \
  "$(grep 'bad_data_points_to_init' "$work/decl-twice.baseline")"
sed 'p' "$work/decl-debug.baseline" > "$work/decl-doubled.baseline"
expect_eq "baseline with duplicates read" "0 0 12" \
  "$("$bin" -f json --baseline="$work/decl-doubled.baseline" mismatch-x86_64.o > "$work/decl-doubled.json"; echo $?) $(jq -r '.summary | "\(.mismatches) \(.suppressed)"' "$work/decl-doubled.json")"

# initscan diff: new and fixed findings with file:line.
expect_eq "diff: new with file:line" \
  "1   mismatch.c:$(line_of mismatch.c 'fn_t bad_data_points_to_init'): [data-to-init] bad_data_points_to_init -> setup_thing" \
  "$("$bin" diff x86_64-prel32-vmlinux.o mismatch-x86_64.o > "$work/decl-diff.txt"; echo $?) $(grep -F '[data-to-init]' "$work/decl-diff.txt" | sed 's/  [0-9a-f]\{16\}$//')"
expect_eq "diff: fixed with file:line" "mismatch.c:$(line_of mismatch.c 'kernel_symbol __ksymtab_setup_thing') __ksymtab_setup_thing" \
  "$(initscan_jq 0 '.mismatches.fixed[] | select(.rule == "export-of-init") | "\(.source.file):\(.source.line) \(.from)"' --rules=6.1 diff mismatch-x86_64.o x86_64-prel32-vmlinux.o)"
