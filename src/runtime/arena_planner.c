/*
** arena_planner.c — see arena_planner.h.
*/
#include "runtime/arena_planner.h"

#include <stdlib.h>

static int by_size_descending(const void *a, const void *b, void *buffers) {
  const tflc_plan_buffer *bufs = buffers;
  const tflc_plan_buffer *x = &bufs[*(const int32_t *)a], *y = &bufs[*(const int32_t *)b];
  if (x->size != y->size) return x->size > y->size ? -1 : 1;
  /* Ties: earlier first use first, then index, so plans are deterministic. */
  if (x->first != y->first) return x->first < y->first ? -1 : 1;
  return *(const int32_t *)a < *(const int32_t *)b ? -1 : 1;
}

static int lifetimes_overlap(const tflc_plan_buffer *a, const tflc_plan_buffer *b) {
  return a->first <= b->last && b->first <= a->last;
}

/* Inserts `index` into placed[0..count) kept sorted by offset. */
static void insert_by_offset(int32_t *placed, int32_t count, int32_t index, const tflc_plan_buffer *bufs) {
  int32_t at = count;
  while (at > 0 && bufs[placed[at - 1]].offset > bufs[index].offset) {
    placed[at] = placed[at - 1];
    at--;
  }
  placed[at] = index;
}

size_t tflc_plan_arena(tflc_plan_buffer *buffers, int32_t n) {
  if (n <= 0) return 0;
  int32_t *order = malloc((size_t)n * sizeof *order);
  int32_t *placed = malloc((size_t)n * sizeof *placed);
  if (order == NULL || placed == NULL) {
    free(order);
    free(placed);
    return SIZE_MAX;
  }
  for (int32_t i = 0; i < n; i++) {
    if (buffers[i].size > SIZE_MAX / 2) {
      free(order);
      free(placed);
      return SIZE_MAX;
    }
    buffers[i].size = (buffers[i].size + TFLC_ARENA_ALIGNMENT - 1) & ~(size_t)(TFLC_ARENA_ALIGNMENT - 1);
    order[i] = i;
  }
  qsort_r(order, (size_t)n, sizeof *order, by_size_descending, buffers);
  size_t total = 0;
  for (int32_t k = 0; k < n; k++) {
    tflc_plan_buffer *b = &buffers[order[k]];
    size_t candidate = 0;
    /* Walk the placed buffers by offset; skip past each live one that collides. */
    for (int32_t j = 0; j < k; j++) {
      const tflc_plan_buffer *p = &buffers[placed[j]];
      if (!lifetimes_overlap(b, p)) continue;
      if (p->offset >= candidate + b->size) break; /* fits in the gap before p */
      if (p->offset + p->size > candidate) candidate = p->offset + p->size;
    }
    b->offset = candidate;
    insert_by_offset(placed, k, order[k], buffers);
    if (candidate + b->size > total) total = candidate + b->size;
  }
  free(order);
  free(placed);
  return total;
}
