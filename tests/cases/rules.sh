# Mismatch rules per kernel version (tests/fixtures/rules/).  The planted
# objects of build.d/rules.sh, as modules of Linux 6.1 and 6.12 for every
# architecture: `initscan --modpost-style` prints exactly what the real
# modpost of that version printed on the same object (rules/modpost/*.txt,
# written by rules/make-modpost-truth; in modpost's own order, compared
# unsorted; NAME-W.txt: modpost -W, initscan --extra-warn).
#
# Known differences, each kept as the exact diff (rules/known/NAME.diff):
# - 6.1-arm, 6.1-thumb2: modpost 6.1 skips R_ARM_MOVW_ABS_NC/R_ARM_MOVT_ABS
#   and their Thumb forms (addend_arm_rel() returns 1: "skip this"), so it
#   misses code reading __init/__exit data through movw/movt; initscan
#   reports those references (as modpost 6.12 does).
# - 6.1-riscv64: modpost 6.1 names assembler labels (.LANCHOR0 as the
#   target, ".L0 " as an __ex_table entry's source); initscan names the
#   variable, or none, as modpost 6.12 does.
# - dotl-6.1-x86_64: for the same reason modpost 6.1 allows a reference
#   whose nearest symbol is an .L label (secref_whitelist() pattern 6);
#   initscan, which names no .L label, reports it (as modpost 6.12 does).
rules_dir=$here/fixtures/rules
for want in "$rules_dir"/modpost/*.txt; do
  name=$(basename "$want" .txt)
  obj=rules-${name%-W}.o
  extra=()
  [ "$name" != "${name%-W}" ] && extra=(--extra-warn)
  need "$obj" || continue
  "$bin" --modpost-style "${extra[@]}" "$obj" > "$work/rules-$name.out" 2> "$work/rules-$name.err"
  rc=$?
  diff "$want" "$work/rules-$name.out" > "$work/rules-$name.diff"
  known=$rules_dir/known/$name.diff
  if [ $rc != 1 ]; then
    bad "rules $name: exit $rc, expected 1 ($(head -c 200 "$work/rules-$name.err"))"
  elif [ -e "$known" ] && cmp -s "$known" "$work/rules-$name.diff"; then
    ok
  elif [ ! -e "$known" ] && [ ! -s "$work/rules-$name.diff" ]; then
    ok
  else
    bad "rules $name: --modpost-style is not what modpost $name printed"
    head -20 "$work/rules-$name.diff"
  fi
done

# Which set, and from where: the JSON "rules" field.
rules_field='.images[0].rules | "\(.version) \(.from) \(.extra_warn)"'
expect_eq "rules from vermagic 6.1" "6.1 vermagic false" \
  "$(initscan_jq 1 "$rules_field" rules-6.1-x86_64.o)"
expect_eq "rules from vermagic 6.12" "6.12 vermagic false" \
  "$(initscan_jq 1 "$rules_field" rules-6.12-x86_64.o)"
expect_eq "rules from linux_banner" "6.1 linux_banner false" \
  "$(initscan_jq 1 "$rules_field" rules-banner.o)"
expect_eq "rules by default" "6.12 default false" \
  "$(initscan_jq 1 "$rules_field" rules-noversion-x86_64.o)"
expect_eq "rules by --rules, --extra-warn" "6.1 option true" \
  "$(initscan_jq 1 "$rules_field" --rules=6.1 --extra-warn rules-6.12-x86_64.o)"
expect_eq "rules in the text report" "  mismatch rules: modpost 6.1, linux_banner" \
  "$(initscan_rc 1 --no-source rules-banner.o | grep 'mismatch rules')"
expect_eq "rules default in the text report" \
  "  mismatch rules: modpost 6.12, default (the image names no kernel version)" \
  "$(initscan_rc 1 --no-source rules-noversion-x86_64.o | grep 'mismatch rules')"
# --rules forces a set: the object without a version judged as 6.1 is
# what modpost 6.1 printed for the 6.1 one.
initscan_rc 1 --modpost-style --rules=6.1 rules-noversion-x86_64.o | sed 's/rules-noversion-/rules-6.1-/' \
  > "$work/rules-forced.out"
expect_eq "--rules=6.1 on an object without a version" "" \
  "$(diff "$rules_dir/modpost/6.1-x86_64.txt" "$work/rules-forced.out")"
"$bin" --rules=5.4 rules-noversion-x86_64.o > "$work/rules-unknown.out" 2> "$work/rules-unknown.err"
expect_eq "--rules=5.4" "2 initscan: unknown rule set '5.4' (6.1, 6.12) (no report)" \
  "$? $(head -1 "$work/rules-unknown.err") $([ -s "$work/rules-unknown.out" ] || echo '(no report)')"

# --strict: what modpost misses (the planted "beyond modpost" cases, .rodata
# and the .constprop clone); the data allowances still hold
# (rodata_thing_ops), and no modpost finding changes.
strict_findings='.images[] | .path as $p | .mismatches[] | select(.rule | startswith("strict"))
  | "\($p) \(.rule) \(.from.section) \(.from.symbol) \(.to.symbol)"'
expect_file "rules-strict.txt" 1 initscan_jq 1 "$strict_findings" --strict \
  rules-6.1-x86_64.o rules-6.12-x86_64.o rules-6.12-riscv64.o
modpost_findings='.images[] | .mismatches[] | select(.rule | startswith("strict") | not)
  | "\(.rule) \(.from.symbol) \(.to.symbol)"'
for obj in rules-6.1-x86_64.o rules-6.12-x86_64.o; do
  expect_same "--strict keeps the modpost findings of $obj" \
    "$(initscan_jq 1 "$modpost_findings" "$obj" | sort)" \
    "$(initscan_jq 1 "$modpost_findings" --strict "$obj" | sort)"
done
# A linked image's .rodata also holds the kernel's tables of init code
# (__jump_table, .static_call_sites): no strict finding from it there.
strict_rodata='[.images[0].mismatches[] | select(.rule == "strict-data-to-init" and .from.section == ".rodata")] | length'
expect_eq "--strict: .rodata in an object, not in a linked image" "1 0" \
  "$(initscan_jq 1 "$strict_rodata" --strict rules-noversion-x86_64.o) $(initscan_jq 1 "$strict_rodata" --strict rules-linked-x86_64)"
