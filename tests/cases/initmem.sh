# Freed init memory: the figure the kernel prints, against nm's symbols;
# the page size per architecture and --page-size.

for f in x86_64-prel32-vmlinux x86_64-absolute-vmlinux i386-vmlinux; do
  need "$f" || continue
  expect_eq "$f freed_kib" "$(nm_freed_kib nm "$f" 4096)" \
    "$(initscan_jq 0 '.images[0].init_memory.freed_kib' "$f")"
done

# --page-size: ppc64 defaults to 64K pages, where the fixture frees none.
if need ppc64-vmlinux; then
  expect_eq "ppc64 default page" "65536 0" \
    "$(initscan_jq 0 '.images[0].init_memory | "\(.page_size) \(.freed_kib)"' ppc64-vmlinux)"
  expect_eq "ppc64 --page-size=4096" "4096 $(nm_freed_kib powerpc64-linux-gnu-nm ppc64-vmlinux 4096)" \
    "$(initscan_jq 0 '.images[0].init_memory | "\(.page_size) \(.freed_kib)"' --page-size=4096 ppc64-vmlinux)"
fi
