// SPDX-License-Identifier: GPL-2.0
/* A module of two objects: modpost checks the linked plant_a.o once.  */
#include <linux/init.h>
#include <linux/module.h>

int plant_a_peek(int i);

static noinline int __init plant_a_setup(void)
{
	pr_info("plant_a: setup\n");
	return 0;
}

/* .data -> .init.text */
int (*plant_a_hook)(void) = plant_a_setup;

static int __init plant_a_init(void)
{
	return plant_a_setup() + plant_a_peek(0);
}

static void __exit plant_a_exit(void)
{
	pr_info("plant_a: exit\n");
}

module_init(plant_a_init);
module_exit(plant_a_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("initscan planted section mismatches");
