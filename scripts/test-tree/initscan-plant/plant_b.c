// SPDX-License-Identifier: GPL-2.0
/* One object: mismatches of each direction, and one modpost allows.  */
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

static noinline void __exit plant_b_teardown(void)
{
	pr_info("plant_b: teardown\n");
}

struct plant_b_driver {
	void (*remove)(void);
};

/* .data -> .exit.text from a *_driver variable: 6.12 reports it (6.1
   allowed it) */
struct plant_b_driver plant_b_driver = { .remove = plant_b_teardown };

/* .init.text -> .exit.text */
static int __init plant_b_init(void)
{
	plant_b_teardown();
	return plant_b_setup();
}

/* .exit.text -> .init.text */
static void __exit plant_b_exit(void)
{
	plant_b_teardown();
	plant_b_setup();
}

module_init(plant_b_init);
module_exit(plant_b_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("initscan planted section mismatches");
