# --by=file: every byte of init memory to a file of the tree (attrib-vmlinux,
# tests/fixtures/build.d/attrib.sh): global and per-cpu data through their
# DWARF variables, the .return_sites entries through their relocations,
# assembler data by link order, paths without "." and "DIR/..".
need attrib-vmlinux || return 0
expect_file "attrib-by-file.txt" 0 initscan_jq 0 \
  '.images[0].attribution | "\(.by) \(.bytes)", (.parts[] | "\(.name) \(.bytes) \(.section // "-")")' \
  --by=file attrib-vmlinux
# what no symbol covers: the two .return_sites entries, charged by file...
expect_eq "attrib: .return_sites by symbol" "8" \
  "$(initscan_jq 0 '[.images[0].attribution.parts[] | select(.section == ".return_sites") | .bytes] | add' \
     --by=symbol attrib-vmlinux)"
expect_eq "attrib: .return_sites by file" "null" \
  "$(initscan_jq 0 '[.images[0].attribution.parts[] | select(.section == ".return_sites") | .bytes] | add' \
     --by=file attrib-vmlinux)"
# ...and nothing left unknown (global, per-cpu and assembler data have files)
expect_eq "attrib: no unknown data" "0" \
  "$(initscan_jq 0 '[.images[0].attribution.parts[] | select(.name == "(unknown)")] | length' \
     --by=file attrib-vmlinux)"
# the sums agree with the sections looked at
expect_eq "attrib: parts add up" "962 962" \
  "$(initscan_jq 0 '.images[0].attribution | "\(.bytes) \([.parts[].bytes] | add)"' \
     --by=file attrib-vmlinux)"

# arm64: the self-relocation entries (.rela.dyn) and the PC-relative
# struct alt_instr fields tell the files of .rela.dyn, the pointer in
# .init.data no symbol names and .altinstructions
need attrib-arm64-vmlinux || return 0
expect_eq "attrib: arm64 by symbol" ".altinstructions 12 .init.data 8 .rela.dyn 48" \
  "$(initscan_jq 0 '[.images[0].attribution.parts[] | select(.name == "(unattributed)") | "\(.section) \(.bytes)"] | sort | join(" ")' \
     --by=symbol attrib-arm64-vmlinux)"
expect_eq "attrib: arm64 by file" "84 attrib-arm64.c 84" \
  "$(initscan_jq 0 '.images[0].attribution | "\(.bytes) " + ([.parts[] | "\(.name) \(.bytes)"] | join(" "))' \
     --by=file attrib-arm64-vmlinux)"
