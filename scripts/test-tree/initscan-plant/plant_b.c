// SPDX-License-Identifier: GPL-2.0
/* One object: a real mismatch and one modpost allows.  */
#include <linux/init.h>
#include <linux/module.h>

struct plant_b_ops {
	int (*setup)(void);
};

static noinline int __init plant_b_setup(void)
{
	pr_info("plant_b: setup\n");
	return 0;
}

/* .text -> .init.text */
noinline int plant_b_late(void)
{
	return plant_b_setup();
}

/* .data -> .init.text from a *_ops variable: modpost allows it */
struct plant_b_ops plant_b_ops = { .setup = plant_b_setup };

static int __init plant_b_init(void)
{
	return plant_b_setup();
}

static void __exit plant_b_exit(void)
{
}

module_init(plant_b_init);
module_exit(plant_b_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("initscan planted section mismatches");
