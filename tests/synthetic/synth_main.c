/*
** synth_main.c — tflc_synth: writes the synthetic architectures (archs.h) as .tflite files.
**
**   tflc_synth --list                         names and op sets, one "NAME OPS" line each
**   tflc_synth ARCH float|uint8 OUT.tflite [--seed N]
**
** The same ARCH, dtype and seed give the same file, byte for byte (default seed 1).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archs.h"

static const char usage[] =
    "usage: tflc_synth --list\n"
    "       tflc_synth ARCH float|uint8 OUT.tflite [--seed N]\n";

/* One "NAME OPS" line per architecture. */
static void list_archs(void) {
  for (int i = 0; nb_arch_at(i); i++) printf("%s %s\n", nb_arch_at(i)->name, nb_arch_at(i)->ops);
}

/* Parses a decimal seed; 0 on success. */
static int parse_seed(const char *text, uint64_t *seed) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (errno || end == text || *end || text[0] == '-') return -1;
  *seed = v;
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--list") == 0) return list_archs(), 0;
  if (argc != 4 && !(argc == 6 && strcmp(argv[4], "--seed") == 0)) return fputs(usage, stderr), 1;
  const nb_arch *arch = nb_find_arch(argv[1]);
  if (arch == NULL) return fprintf(stderr, "tflc_synth: no architecture '%s' (see --list)\n", argv[1]), 1;
  nb_dtype dtype;
  if (strcmp(argv[2], "float") == 0) dtype = NB_FLOAT32;
  else if (strcmp(argv[2], "uint8") == 0) dtype = NB_UINT8;
  else return fprintf(stderr, "tflc_synth: dtype '%s' is neither float nor uint8\n", argv[2]), 1;
  uint64_t seed = 1;
  if (argc == 6 && parse_seed(argv[5], &seed) != 0)
    return fprintf(stderr, "tflc_synth: --seed expects a non-negative integer, got '%s'\n", argv[5]), 1;
  char err[512];
  if (nb_make_file(arch, dtype, seed, argv[3], err, sizeof err) != 0)
    return fprintf(stderr, "tflc_synth: %s\n", err), 1;
  return 0;
}
