// SPDX-License-Identifier: GPL-2.0
#include <linux/init.h>

int plant_a_peek(int i);

int plant_a_table[4] __initdata = { 1, 2, 3, 4 };

/* .text -> .init.data */
noinline int plant_a_peek(int i)
{
	return plant_a_table[i & 3];
}
