// SPDX-License-Identifier: GPL-2.0
/* Built-in: modpost reports these on vmlinux.o.  */
#include <linux/init.h>
#include <linux/printk.h>

static noinline int __init plant_builtin_setup(void)
{
	pr_info("plant_builtin: setup\n");
	return 0;
}

/* .text -> .init.text */
noinline int plant_builtin_late(void)
{
	return plant_builtin_setup();
}

static int plant_builtin_table[2] __initdata = { 1, 2 };

/* .data -> .init.data */
int *plant_builtin_ref = &plant_builtin_table[1];

static int __init plant_builtin_init(void)
{
	return plant_builtin_setup();
}
late_initcall(plant_builtin_init);
