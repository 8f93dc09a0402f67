# --dmesg: the boot log joined by position and name; driver2_init did not
# run, mystery_init is not in the image, pci quirks and modules ignored.
expect_file "dmesg-join.txt" 0 initscan_jq 0 \
  '.images[0] | ((.console_initcalls + .initcalls)[] | "\(.level) \(.function) \(.boot)"),
   (.boot_log | "\(.calls) \(.matched) \([.not_in_image[].function])")' \
  --dmesg="$here/fixtures/boot.log" x86_64-prel32-vmlinux
# dmesg_by_time: the run-order table of the text report sorted by time.
dmesg_by_time() {
  "$bin" --no-source --sort=time --dmesg="$here/fixtures/boot.log" x86_64-prel32-vmlinux \
    | sed -n '/Initcalls in run order/,$p'
}
expect_file "dmesg-by-time.txt" 0 dmesg_by_time
