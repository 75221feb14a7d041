/*
** arena_planner.h — places every activation buffer of a graph in one arena.
**
** Each buffer is live from the node that writes it (first) to the last node that reads it
** (last). Buffers whose lifetimes overlap must not overlap in memory; the others may share
** it. Greedy by size (TFLite Micro's GreedyMemoryPlanner): take buffers from largest to
** smallest and put each at the lowest offset where it fits between the buffers already
** placed that are live at the same time.
*/
#ifndef TFLC_RUNTIME_ARENA_PLANNER_H_
#define TFLC_RUNTIME_ARENA_PLANNER_H_

#include <stddef.h>
#include <stdint.h>

#define TFLC_ARENA_ALIGNMENT 64

typedef struct tflc_plan_buffer {
  size_t size;    /* bytes (rounded up to TFLC_ARENA_ALIGNMENT by the planner) */
  int32_t first;  /* first node that uses it */
  int32_t last;   /* last node that uses it (>= first) */
  size_t offset;  /* OUT: where it goes in the arena */
} tflc_plan_buffer;

/*
** Plans `n` buffers. Returns the arena size, or SIZE_MAX when out of memory or when the
** sizes overflow. Allocates only temporary memory.
*/
size_t tflc_plan_arena(tflc_plan_buffer *buffers, int32_t n);

#endif /* TFLC_RUNTIME_ARENA_PLANNER_H_ */
