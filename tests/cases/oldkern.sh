# The freed-memory line as each kernel version and architecture prints it
# (src/analysis/freedline.c): one fixture per row, listed with the line
# expected in tests/fixtures/oldkern-lines (built by build.d/oldkern.sh).

while IFS='|' read -r fields want; do
  read -r name _ _ _ release _ <<< "$fields"
  case $name in ''|'#'*) continue ;; esac
  need "$name" || continue
  expect_eq "$name: boot_log_line" "${want# }" \
    "$(initscan_jq 0 '.images[0].init_memory.boot_log_line' "$name")"
  expect_eq "$name: kernel" "$release" "$(initscan_jq 0 '.images[0].init_memory.kernel' "$name")"
done < "$here/fixtures/oldkern-lines"

# The text report prints the same line.
if need oldkern-arm-2.6.29; then
  expect_eq "oldkern-arm-2.6.29: text report" "    Freeing init memory: 80K" \
    "$(initscan_rc 0 oldkern-arm-2.6.29 | grep -F 'Freeing')"
fi

# --page-size changes the figure of the page-counting eras only.
if need oldkern-mips-2.6 oldkern-x86_64-4.14; then
  expect_eq "oldkern-mips-2.6 --page-size=16384" "Freeing unused kernel memory: 79k freed" \
    "$(initscan_jq 0 '.images[0].init_memory.boot_log_line' --page-size=16384 oldkern-mips-2.6)"
  expect_eq "oldkern-x86_64-4.14 --page-size=16384" "Freeing unused kernel memory: 64K" \
    "$(initscan_jq 0 '.images[0].init_memory.boot_log_line' --page-size=16384 oldkern-x86_64-4.14)"
fi

# The page size the .config an image carries chooses (CONFIG_IKCONFIG).
if need oldkern-mips-4.9-16k oldkern-mips-4.9; then
  expect_eq "oldkern-mips-4.9-16k: page size" "16384 kernel .config" \
    "$(initscan_jq 0 '.images[0].init_memory | "\(.page_size) \(.page_size_from)"' oldkern-mips-4.9-16k)"
  expect_eq "oldkern-mips-4.9: page size" "4096 architecture default" \
    "$(initscan_jq 0 '.images[0].init_memory | "\(.page_size) \(.page_size_from)"' oldkern-mips-4.9)"
  expect_eq "oldkern-mips-4.9-16k --page-size=4096" "4096 option" \
    "$(initscan_jq 0 '.images[0].init_memory | "\(.page_size) \(.page_size_from)"' --page-size=4096 oldkern-mips-4.9-16k)"
fi
