# Linked images (man page, LINKED IMAGES): a --emit-relocs link with a
# kernel-shaped script (fixtures/linked.lds, build.d/linked.sh), where
# .head.text, .ref.text and .ref.data lie inside .text and .data.
local lk_findings lk_pairs
if need linked-vmlinux; then
  lk_findings='.images[0].mismatches[] | "\(.rule) \(.from.symbol) (\(.from.section)) -> \(.to.symbol) (\(.to.section)) \(.suppressed_by // "-")"'
  # With DWARF: the planted bad_* ones, none of the __head, __ref,
  # __refdata, page-aligned or read-mostly ones.
  expect_file "linked-vmlinux.txt" 1 initscan_jq 1 "$lk_findings" linked-vmlinux
  expect_file "linked-vmlinux.txt" 1 initscan_jq 1 "$lk_findings" linked-zdebug-vmlinux
  expect_file "linked-vmlinux.txt" 1 initscan_jq 1 "$lk_findings" --no-source linked-zdebug-vmlinux
  # STT_FILE symbols only: the same, but for what no local symbol places:
  # the code after .ref.text (all of that stretch is then taken for
  # .ref.text) and the global at the end of .data's main run.
  expect_file "linked-nodwarf-vmlinux.txt" 1 initscan_jq 1 "$lk_findings" linked-nodwarf-vmlinux
  # Neither: the head code's references are reported, .data's are listed
  # but suppressed (merged-section).
  expect_file "linked-nosyms-vmlinux.txt" 1 initscan_jq 1 "$lk_findings" linked-nosyms-vmlinux
  expect_same "linked-zdebug-vmlinux: -j1 and -j2 agree" \
    "$(initscan_rc 1 -j1 -f json linked-zdebug-vmlinux)" "$(initscan_rc 1 -j2 -f json linked-zdebug-vmlinux)"
  # The image says what its objects say one by one, and what vmlinux.o says.
  lk_pairs='.images[].mismatches[] | "\(.rule) \(.from.symbol) \(.to.symbol)"'
  expect_same "linked image = its objects" \
    "$(initscan_jq 1 "$lk_pairs" linked-head.o linked-head64.o linked-a.o linked-c.o linked-b.o | sort)" \
    "$(initscan_jq 1 "$lk_pairs" linked-vmlinux | sort)"
  expect_same "linked image = its vmlinux.o" \
    "$(initscan_jq 1 "$lk_pairs" linked-vmlinux.o | sort)" "$(initscan_jq 1 "$lk_pairs" linked-vmlinux | sort)"
  # ... and what the real modpost says of that vmlinux.o (its output kept
  # by fixtures/linked-modpost.sh; 6.12 names the target by address).
  local lk_mine='.images[0].mismatches[] | "\(.from.symbol) \(.to.symbol) \(.to.section)"'
  expect_same "linked image = modpost 6.1 on vmlinux.o" \
    "$(sed -n 's/.*reference: \([^ ]*\) (section: [^)]*) -> \([^ ]*\) (section: \([^)]*\))$/\1 \2 \3/p' \
         "$here/fixtures/linked-modpost-6.1.txt" | sort)" \
    "$(initscan_jq 1 "$lk_mine" linked-vmlinux | sort)"
  expect_same "linked image = modpost 6.12 on vmlinux.o" \
    "$(sed -n 's/.*reference: \([^+ ]*\)[^ ]* (section: [^)]*) -> [^ ]* (section: \([^)]*\))$/\1 \2/p' \
         "$here/fixtures/linked-modpost-6.12.txt" | sort)" \
    "$(initscan_jq 1 '.images[0].mismatches[] | "\(.from.symbol) \(.to.section)"' linked-vmlinux | sort)"
fi
# i386: REL relocations, 32-bit DWARF; the same findings, the same as its
# objects.
if need linked-i386-vmlinux; then
  expect_file "linked-vmlinux.txt" 1 initscan_jq 1 "$lk_findings" linked-i386-vmlinux
  expect_same "i386 linked image = its objects" \
    "$(initscan_jq 1 "$lk_pairs" linked-i386-{head,head64,a,c,b}.o | sort)" \
    "$(initscan_jq 1 "$lk_pairs" linked-i386-vmlinux | sort)"
fi
