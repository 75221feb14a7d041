/*
** slice.c — STRIDED_SLICE and SLICE (TensorFlow Lite 2.9 kernels/strided_slice.cc, slice.cc).
**
** Both reduce, at prepare, to one (start, step, count) per input dim; invoke walks those and
** writes the output contiguously (new axes and shrunk axes do not change the element order).
**
** STRIDED_SLICE: begin/end/strides are a "sparse" spec of n entries; bit i of the masks applies
** to entry i. An ellipsis entry stands for as many full dims as the input has beyond the other
** entries (without one, the missing trailing dims are full); a new-axis entry adds a dim of 1 to
** the output and consumes no input dim. Per dim, as TFLite's StartForAxis/StopForAxis: a masked
** begin (end) is the first (last) element in the stride's direction; negative values count from
** the end; then start is clamped to [0, dim] (stride > 0) or [-1, dim - 1] (stride < 0), and so is
** stop; count = ceil((stop - start) / stride), at least 0. A shrunk dim takes the one element at
** start and is dropped from the output; tflc refuses a shrunk index outside the dim (TFLite
** would read outside the input) and reads that element whatever the stride's sign (TFLite 2.9
** leaves the output unwritten for a negative stride there).
** SLICE: begin and size per dim, size -1 meaning "to the end"; the slice must fit in the input.
*/
#include <string.h>

#include "format/model.h"
#include "kernels/index_util.h"

enum { TFLC_OPTIONS_STRIDED_SLICE = 32 };
#define MAX_SLICE_DIMS 5 /* TFLite's strided slice and slice handle at most 5-D inputs */

typedef struct slice_data {
  int rank;
  size_t elem;
  int64_t start[MAX_SLICE_DIMS], step[MAX_SLICE_DIMS], count[MAX_SLICE_DIMS];
  size_t in_stride[MAX_SLICE_DIMS]; /* bytes */
} slice_data;

/* The masks and the per-input-dim plan being built. */
typedef struct ss_spec {
  int32_t begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_mask;
  int32_t out_dims[TFLC_MAX_DIMS];
  int out_rank;
} ss_spec;

/* Start and count of one input dim for sparse entry i (TFLite's StartForAxis/StopForAxis). */
static TfLiteStatus plan_dim(tflc_context *ctx, const tflc_node *node, const ss_spec *s, int i, int64_t begin,
                             int64_t end, int64_t stride, int64_t dim, int64_t *start, int64_t *count) {
  TFLC_ENSURE_MSG(ctx, node, stride != 0, "stride %d is 0", i);
  bool shrink = (s->shrink_mask >> i) & 1;
  int64_t b = begin, e = end;
  if ((s->begin_mask >> i) & 1) b = stride > 0 ? 0 : dim - 1;
  else if (b < 0) b += dim;
  if (shrink) {
    TFLC_ENSURE_MSG(ctx, node, b >= 0 && b < dim, "shrunk index %lld is outside dim %d of size %lld",
                    (long long)begin, i, (long long)dim);
    *start = b, *count = 1;
    return kTfLiteOk;
  }
  if ((s->end_mask >> i) & 1) e = stride > 0 ? dim : -1;
  else if (e < 0) e += dim;
  int64_t lo = stride > 0 ? 0 : -1, hi = stride > 0 ? dim : dim - 1;
  b = b < lo ? lo : (b > hi ? hi : b);
  e = e < lo ? lo : (e > hi ? hi : e);
  int64_t n = stride > 0 ? (e - b + stride - 1) / stride : (b - e + (-stride) - 1) / (-stride);
  *start = b, *count = n > 0 ? n : 0;
  return kTfLiteOk;
}

static TfLiteStatus add_out_dim(tflc_context *ctx, const tflc_node *node, ss_spec *s, int64_t dim) {
  TFLC_ENSURE_MSG(ctx, node, s->out_rank < TFLC_MAX_DIMS, "the output would have more than %d dims",
                  TFLC_MAX_DIMS);
  s->out_dims[s->out_rank++] = (int32_t)dim;
  return kTfLiteOk;
}

/* A full dim (from an ellipsis or past the spec's end). */
static TfLiteStatus full_dim(tflc_context *ctx, const tflc_node *node, ss_spec *s, slice_data *p, int d,
                             int64_t dim) {
  p->start[d] = 0, p->step[d] = 1, p->count[d] = dim;
  return add_out_dim(ctx, node, s, dim);
}

/* Where the ellipsis and the new axes land among the "effective" dims (input dims plus new axes). */
typedef struct ss_layout {
  int effective_dims;
  int32_t ellipsis;  /* effective dims covered by the ellipsis */
  int32_t new_axis;  /* effective dims that are new axes */
  int ellipsis_start, expanded;
} ss_layout;

/*
** Lays out the sparse spec of n entries as TFLite 2.9's BuildStridedSliceParams does: the
** effective rank is the input's plus the new-axis entries that are not also the ellipsis; the
** ellipsis covers max(1, min(1 + new axes + rank - n, what is left)) dims (so with a full-length
** spec it covers one dim, and entries beyond the effective rank are ignored, as there).
*/
static void layout_spec(const ss_spec *s, int rank, int n, ss_layout *l) {
  int num_add_axis = 0;
  for (int i = 0; i < n; i++)
    if (!((s->ellipsis_mask >> i) & 1) && ((s->new_axis_mask >> i) & 1)) num_add_axis++;
  *l = (ss_layout){.effective_dims = rank + num_add_axis, .ellipsis_start = rank + num_add_axis};
  if (l->effective_dims > MAX_SLICE_DIMS) return; /* refused by the caller; keeps the bit shifts small */
  for (int i = 0; i < l->effective_dims;) {
    if ((s->ellipsis_mask >> i) & 1) {
      l->ellipsis_start = i;
      int limit = i + 1 + num_add_axis + rank - n;
      int end = limit < l->effective_dims ? limit : l->effective_dims;
      if (end < i + 1) end = i + 1;
      l->expanded = end - i - 1;
      for (; i < end; i++) l->ellipsis |= (int32_t)1 << i;
      continue;
    }
    if (i - l->expanded < 32 && ((s->new_axis_mask >> (i - l->expanded)) & 1)) l->new_axis |= (int32_t)1 << i;
    i++;
  }
}

/* Expands the sparse spec over the input's dims into p and the output shape into s. */
static TfLiteStatus plan_strided(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *input,
                                 const TfLiteTensor *begin, const TfLiteTensor *end, const TfLiteTensor *strides,
                                 ss_spec *s, slice_data *p) {
  int rank = tflc_ndims(input);
  int n = tflc_dim(begin, 0);
  ss_layout l;
  layout_spec(s, rank, n, &l);
  TFLC_ENSURE_MSG(ctx, node, l.effective_dims <= MAX_SLICE_DIMS,
                  "%d dims with the new axes; TFLite's strided slice handles at most %d", l.effective_dims,
                  MAX_SLICE_DIMS);
  int d = 0; /* input dim */
  for (int i = 0; i < l.effective_dims; i++) {
    if (!((l.ellipsis >> i) & 1) && ((l.new_axis >> i) & 1)) {
      if (add_out_dim(ctx, node, s, 1) != kTfLiteOk) return kTfLiteError;
      continue;
    }
    TFLC_ENSURE_MSG(ctx, node, d < rank, "the spec addresses more dims than the %d-D input has", rank);
    int64_t dim = tflc_dim(input, d);
    int orig = i - (i > l.ellipsis_start ? (i - l.ellipsis_start < l.expanded ? i - l.ellipsis_start : l.expanded) : 0);
    if (((l.ellipsis >> i) & 1) || i >= n + l.expanded) {
      if (full_dim(ctx, node, s, p, d, dim) != kTfLiteOk) return kTfLiteError;
    } else {
      TFLC_ENSURE_MSG(ctx, node, orig >= 0 && orig < n, "spec entry %d out of range", orig);
      ss_spec one = *s; /* the masks of entry `orig`, moved to bit 0 */
      one.begin_mask = (s->begin_mask >> orig) & 1, one.end_mask = (s->end_mask >> orig) & 1;
      one.shrink_mask = (s->shrink_mask >> orig) & 1;
      int64_t stride = tflc_index_at(strides, orig);
      if (plan_dim(ctx, node, &one, 0, tflc_index_at(begin, orig), tflc_index_at(end, orig), stride, dim,
                   &p->start[d], &p->count[d]) != kTfLiteOk)
        return kTfLiteError;
      p->step[d] = one.shrink_mask ? 1 : stride;
      if (!one.shrink_mask && add_out_dim(ctx, node, s, p->count[d]) != kTfLiteOk) return kTfLiteError;
    }
    d++;
  }
  TFLC_ENSURE_MSG(ctx, node, d == rank, "the spec leaves %d of the input's %d dims unaddressed", rank - d, rank);
  return kTfLiteOk;
}

/* Checks input 0 and output 0 and starts the op data; NULL on failure. */
static slice_data *prepare_common(tflc_context *ctx, tflc_node *node, int ninputs, const TfLiteTensor **input) {
  if (node->ninputs != ninputs || node->noutputs != 1) {
    tflc_kernel_error(ctx, node, "expects %d inputs and 1 output, got %d and %d", ninputs, (int)node->ninputs,
                      (int)node->noutputs);
    return NULL;
  }
  const TfLiteTensor *in = tflc_input(ctx, node, 0);
  const TfLiteTensor *out = tflc_output(ctx, node, 0);
  if (in == NULL || out == NULL || !tflc_is_movable_type(in->type) || out->type != in->type) {
    tflc_kernel_error(ctx, node, "input and output must be present and of one supported type (got %s, %s)",
                      in ? TfLiteTypeGetName(in->type) : "none", out ? TfLiteTypeGetName(out->type) : "none");
    return NULL;
  }
  if (tflc_ndims(in) > MAX_SLICE_DIMS) {
    tflc_kernel_error(ctx, node, "a %d-D input has too many dims (limit %d)", tflc_ndims(in), MAX_SLICE_DIMS);
    return NULL;
  }
  slice_data *p = tflc_alloc_op_data(ctx, node, sizeof *p);
  if (p == NULL) return NULL;
  p->rank = tflc_ndims(in);
  p->elem = tflc_type_size(in->type);
  size_t s = p->elem;
  for (int d = p->rank - 1; d >= 0; d--) {
    p->in_stride[d] = s;
    s *= (size_t)tflc_dim(in, d);
  }
  *input = in;
  return p;
}

static TfLiteStatus strided_slice_prepare(tflc_context *ctx, tflc_node *node) {
  const TfLiteTensor *input = NULL, *begin = NULL, *end = NULL, *strides = NULL;
  slice_data *p = prepare_common(ctx, node, 4, &input);
  if (p == NULL) return kTfLiteError;
  if (tflc_shape_input(ctx, node, 1, "begin", &begin) != kTfLiteOk ||
      tflc_shape_input(ctx, node, 2, "end", &end) != kTfLiteOk ||
      tflc_shape_input(ctx, node, 3, "strides", &strides) != kTfLiteOk)
    return kTfLiteError;
  TFLC_ENSURE_MSG(ctx, node, begin->type == kTfLiteInt32 && end->type == kTfLiteInt32 && strides->type == kTfLiteInt32,
                  "begin, end and strides must be int32 (as in TFLite 2.9)");
  int n = tflc_ndims(begin) == 1 ? tflc_dim(begin, 0) : -1;
  TFLC_ENSURE_MSG(ctx, node, n >= 0 && n <= 32 && tflc_ndims(end) == 1 && tflc_ndims(strides) == 1 &&
                  tflc_dim(end, 0) == n && tflc_dim(strides, 0) == n,
                  "begin, end and strides must be vectors of one length (at most 32)");
  tflc_fb_table options = tflc_node_options(node, TFLC_OPTIONS_STRIDED_SLICE);
  ss_spec s = {.begin_mask = tflc_fb_i32(&options, 0, 0), .end_mask = tflc_fb_i32(&options, 1, 0),
               .ellipsis_mask = tflc_fb_i32(&options, 2, 0), .new_axis_mask = tflc_fb_i32(&options, 3, 0),
               .shrink_mask = tflc_fb_i32(&options, 4, 0)};
  TFLC_ENSURE_MSG(ctx, node, tflc_fb_u8(&options, 5, 0) == 0, "the offset option is not supported");
  if (plan_strided(ctx, node, input, begin, end, strides, &s, p) != kTfLiteOk) return kTfLiteError;
  return tflc_resize_output(ctx, tflc_output(ctx, node, 0), s.out_rank, s.out_dims);
}

static TfLiteStatus slice_prepare(tflc_context *ctx, tflc_node *node) {
  const TfLiteTensor *input = NULL, *begin = NULL, *size = NULL;
  slice_data *p = prepare_common(ctx, node, 3, &input);
  if (p == NULL) return kTfLiteError;
  if (tflc_shape_input(ctx, node, 1, "begin", &begin) != kTfLiteOk ||
      tflc_shape_input(ctx, node, 2, "size", &size) != kTfLiteOk)
    return kTfLiteError;
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(begin) == 1 && tflc_dim(begin, 0) == p->rank && tflc_ndims(size) == 1 &&
                  tflc_dim(size, 0) == p->rank,
                  "begin and size must be vectors of %d entries", p->rank);
  int32_t dims[MAX_SLICE_DIMS];
  for (int d = 0; d < p->rank; d++) {
    int64_t b = tflc_index_at(begin, d), n = tflc_index_at(size, d), dim = tflc_dim(input, d);
    if (n == -1) n = dim - b;
    TFLC_ENSURE_MSG(ctx, node, b >= 0 && n >= 0 && b <= dim && n <= dim - b,
                    "begin %lld, size %lld do not fit dim %d of size %lld", (long long)b,
                    (long long)tflc_index_at(size, d), d, (long long)dim);
    p->start[d] = b, p->step[d] = 1, p->count[d] = n;
    dims[d] = (int32_t)n;
  }
  return tflc_resize_output(ctx, tflc_output(ctx, node, 0), p->rank, dims);
}

/* Copies the planned elements of dims d.. from `in`; returns the output position after them. */
static uint8_t *copy_block(const slice_data *p, int d, const uint8_t *in, uint8_t *out) {
  if (d >= p->rank || d >= MAX_SLICE_DIMS) {
    memcpy(out, in, p->elem);
    return out + p->elem;
  }
  const uint8_t *at = in + (size_t)p->start[d] * p->in_stride[d];
  if (d == p->rank - 1 && p->step[d] == 1) {
    size_t bytes = (size_t)p->count[d] * p->elem;
    memcpy(out, at, bytes);
    return out + bytes;
  }
  ptrdiff_t step = (ptrdiff_t)p->step[d] * (ptrdiff_t)p->in_stride[d];
  for (int64_t k = 0; k < p->count[d]; k++, at += step) out = copy_block(p, d + 1, at, out);
  return out;
}

static TfLiteStatus slice_invoke(tflc_context *ctx, tflc_node *node) {
  const slice_data *p = node->op_data;
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  if (output->bytes == 0) return kTfLiteOk;
  copy_block(p, 0, (const uint8_t *)tflc_input(ctx, node, 0)->data.raw_const, (uint8_t *)output->data.raw);
  return kTfLiteOk;
}

const tflc_kernel tflc_strided_slice_kernel = {"STRIDED_SLICE", strided_slice_prepare, slice_invoke};
const tflc_kernel tflc_slice_kernel = {"SLICE", slice_prepare, slice_invoke};
