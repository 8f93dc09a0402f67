# --by: what the freed memory is made of, largest first.
expect_file "by-symbol.txt" 0 initscan_jq 0 '.images[0].attribution | "\(.by) \(.bytes)", (.parts[] | "\(.name) \(.bytes) \(.section)")' \
  --by=symbol x86_64-prel32-vmlinux
expect_file "by-file.txt" 0 initscan_jq 0 '.images[0].attribution.parts[] | "\(.name) \(.bytes)"' \
  --by=file x86_64-prel32-vmlinux
