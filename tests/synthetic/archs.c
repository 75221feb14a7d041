/*
** archs.c — looks architectures up by name across the four tables of archs.h.
*/
#include "archs.h"

#include <string.h>

/* Every table, each ending with a NULL name. */
static const nb_arch *const all_tables[] = {nb_archs_inception, nb_archs_resnet, nb_archs_mobile, nb_archs_cells};

const nb_arch *nb_arch_at(int i) {
  if (i < 0) return NULL;
  for (size_t t = 0; t < sizeof all_tables / sizeof all_tables[0]; t++)
    for (const nb_arch *a = all_tables[t]; a->name; a++)
      if (i-- == 0) return a;
  return NULL;
}

const nb_arch *nb_find_arch(const char *name) {
  for (int i = 0; nb_arch_at(i); i++)
    if (strcmp(nb_arch_at(i)->name, name) == 0) return nb_arch_at(i);
  return NULL;
}
