/*
** broadcast.h — numpy-style broadcasting of two inputs onto one output (up to 6-D), shared by the
** binary elementwise kernels (SUB, MUL, DIV, SQUARED_DIFFERENCE, FLOOR_DIV).
**
** The output shape is padded on the left to TFLC_BROADCAST_MAX_DIMS; each input gets an element
** stride per output dimension, 0 where it is broadcast. Iteration walks the outer dimensions with
** an odometer and hands the kernel one row along the last dimension at a time, so the per-element
** loop stays a plain strided loop.
*/
#ifndef TFLC_KERNELS_BROADCAST_H_
#define TFLC_KERNELS_BROADCAST_H_

#include <stdbool.h>
#include <stdint.h>

#include "runtime/kernel.h"

enum { TFLC_BROADCAST_MAX_DIMS = 6 };

typedef struct tflc_broadcast {
  int64_t size;  /* output elements */
  bool needed;   /* false: both inputs have the output's shape */
  int32_t dims[TFLC_BROADCAST_MAX_DIMS];
  int64_t stride1[TFLC_BROADCAST_MAX_DIMS], stride2[TFLC_BROADCAST_MAX_DIMS];
} tflc_broadcast;

/*
** One row of the iteration: n outputs starting at output element `o`, reading input 1 from
** element i1 stepping s1 and input 2 from i2 stepping s2 (a step of 0 repeats a broadcast value).
*/
typedef void (*tflc_broadcast_row_fn)(void *user, int64_t i1, int64_t s1, int64_t i2, int64_t s2, int64_t o,
                                      int64_t n);

/*
** Computes the broadcast output shape of inputs a and b into dims/ndims (dims must hold
** TFLC_BROADCAST_MAX_DIMS) and fills bc. Refuses shapes that do not broadcast, naming the dimension.
*/
TfLiteStatus tflc_broadcast_prepare(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *a,
                                    const TfLiteTensor *b, tflc_broadcast *bc, int32_t *dims, int *ndims);

/* Calls fn once per output row (once over everything when no broadcast is needed). */
void tflc_broadcast_rows(const tflc_broadcast *bc, tflc_broadcast_row_fn fn, void *user);

#endif /* TFLC_KERNELS_BROADCAST_H_ */
