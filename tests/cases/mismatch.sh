# Section mismatches: the same findings on every architecture, the text
# and modpost-style reports, and the gate (exit status, baselines,
# --allow).

# mismatch_findings FILE: "rule from to suppressed_by" of each finding of
# FILE, each once (aarch64 and arm need two relocations for some
# references); initscan must exit 1.
mismatch_findings() {
  initscan_jq 1 '.images[0].mismatches[] | "\(.rule) \(.from.symbol) \(.to.symbol) \(.suppressed_by)"' "$1" \
    | sort -u
}
for arch in x86_64 i386 aarch64 arm; do
  need "mismatch-$arch.o" || continue
  expect_file "mismatch-findings.txt" 1 mismatch_findings "mismatch-$arch.o"
done
expect_file "mismatch-x86_64.txt" 1 "$bin" mismatch-x86_64.o
expect_file "mismatch-x86_64-modpost.txt" 1 "$bin" --modpost-style --no-source mismatch-x86_64.o
expect_file "mismatch-linked.txt" 1 mismatch_findings mismatch-x86_64-vmlinux

# The gate.
"$bin" --warn-only mismatch-x86_64.o > "$work/warn-only.out"
expect_eq "--warn-only exit, with a report" "0 12" \
  "$? $(grep -c ': warning: section mismatch:' "$work/warn-only.out")"
rm -f "$work/baseline"
expect_eq "--write-baseline exit" 1 "$(initscan_status --write-baseline="$work/baseline" mismatch-x86_64.o)"
expect_eq "baseline fingerprints" 12 "$(grep -c '^[0-9a-f]\{16\}$' "$work/baseline")"
# Fingerprints name rule, symbols, module and kinds of section: an x86_64
# baseline holds for the same code built for another architecture that
# makes as many references (aarch64 and arm reach data with two
# relocations, adrp+ldr and movw+movt, each a finding).
for arch in x86_64 i386; do
  need "mismatch-$arch.o" || continue
  expect_eq "baseline of x86_64 applies to $arch" "0 12" \
    "$(initscan_jq 0 '"\(.summary.mismatches) \(.summary.suppressed)"' --baseline="$work/baseline" "mismatch-$arch.o")"
done
expect_eq "--baseline exit" 0 "$(initscan_status --baseline="$work/baseline" mismatch-x86_64.o)"
expect_eq "--allow" "3 9" \
  "$(initscan_jq 1 '"\(.summary.mismatches) \(.summary.suppressed)"' --allow='bad_*:*' --allow='__ksymtab_*:setup_thing' mismatch-x86_64.o)"
expect_eq "--allow everything exit" 0 "$(initscan_status --allow='*:*' mismatch-x86_64.o)"
printf 'not-a-fingerprint\n' > "$work/bad-baseline"
"$bin" --baseline="$work/bad-baseline" mismatch-x86_64.o > /dev/null 2> "$work/bad-baseline.err"
expect_eq "bad baseline" "2 initscan: $work/bad-baseline:1: not a fingerprint (16 hex digits): not-a-fingerprint" \
  "$? $(cat "$work/bad-baseline.err")"
expect_eq "sarif" "2.1.0 initscan 14 12 12 12" \
  "$(initscan_rc 1 -f sarif mismatch-x86_64.o | jq -r '"\(.version) \(.runs[0].tool.driver.name) \(.runs[0].tool.driver.rules | length) \(.runs[0].results | length) \([.runs[0].results[] | select(.locations[0].physicalLocation.artifactLocation.uri)] | length) \([.runs[0].results[] | select(.partialFingerprints."initscanFingerprint/v1")] | length)"')"
