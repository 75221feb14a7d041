/*
** reshape.c — RESHAPE and SQUEEZE: new dims, same bytes.
**
** Both ops only relabel the shape, so invoke is a byte copy (skipped when the planner
** let output and input share memory). All the work is in prepare, which follows
** TensorFlow Lite 2.9's kernels/reshape.cc and kernels/squeeze.cc.
*/
#include <stdbool.h>
#include <string.h>

#include "format/model.h"
#include "runtime/kernel.h"
#include "runtime/string_tensor.h"

/* ReshapeOptions.new_shape and SqueezeOptions.squeeze_dims: TFLite copies them into
   fixed arrays of 8 (TFLITE_RESHAPE_PARAMS_MAX_DIMENSION_COUNT) and refuses longer ones. */
#define MAX_OPTION_DIMS 8

/* Output and input must hold the same type; reshape never converts. */
static TfLiteStatus check_copy_types(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *input,
                                     const TfLiteTensor *output) {
  TFLC_ENSURE_MSG(ctx, node, output->type == input->type, "output type %s differs from input type %s",
                  TfLiteTypeGetName(output->type), TfLiteTypeGetName(input->type));
  /* Strings are copied whole at invoke (runtime/string_tensor.h). */
  TFLC_ENSURE_MSG(ctx, node, tflc_type_size(input->type) > 0 || input->type == kTfLiteString, "type %s is not supported",
                  TfLiteTypeGetName(input->type));
  return kTfLiteOk;
}

/*
** Reads an int vector option into dims (at most MAX_OPTION_DIMS). An absent vector
** gives 0 entries: TFLite leaves its params zeroed then.
*/
static TfLiteStatus read_dims_option(tflc_context *ctx, const tflc_node *node, uint8_t options_type,
                                     const char *what, int32_t *dims, int *ndims) {
  tflc_fb_table options = tflc_node_options(node, options_type);
  tflc_fb_vector v;
  int rc = tflc_fb_vector_field(&options, 0, sizeof(int32_t), &v);
  TFLC_ENSURE_MSG(ctx, node, rc != TFLC_FB_BAD, "the %s option is malformed", what);
  *ndims = 0;
  if (rc == TFLC_FB_ABSENT) return kTfLiteOk;
  TFLC_ENSURE_MSG(ctx, node, v.length <= MAX_OPTION_DIMS, "the %s option has %u entries (limit %d)", what,
                  (unsigned)v.length, MAX_OPTION_DIMS);
  for (uint32_t i = 0; i < v.length; i++) dims[i] = tflc_fb_vector_i32(&v, i);
  *ndims = (int)v.length;
  return kTfLiteOk;
}

/*
** The requested shape, before -1 is resolved. As in TFLite, input 1 wins when it is an
** int32 vector; otherwise the ReshapeOptions new_shape is used, where the legacy value
** [0] means a scalar.
*/
static TfLiteStatus requested_shape(tflc_context *ctx, const tflc_node *node, int32_t *dims, int *ndims) {
  const TfLiteTensor *shape = node->ninputs == 2 ? tflc_input(ctx, node, 1) : NULL;
  if (shape != NULL && tflc_ndims(shape) == 1 && shape->type == kTfLiteInt32) {
    /* A shape computed at run time would make the output size dynamic; the planner
       sizes everything at prepare, so such models are refused for now. */
    /* An empty shape vector means a scalar, whatever wrote it. */
    TFLC_ENSURE_MSG(ctx, node, tflc_is_constant(shape) || tflc_dim(shape, 0) == 0,
                    "the shape (tensor %d) is computed at run time; only constant shapes are supported",
                    (int)node->inputs[1]);
    int32_t n = tflc_dim(shape, 0);
    TFLC_ENSURE_MSG(ctx, node, n <= TFLC_MAX_DIMS, "the shape tensor has %d entries (limit %d)", (int)n,
                    TFLC_MAX_DIMS);
    for (int32_t i = 0; i < n; i++) dims[i] = shape->data.i32[i];
    *ndims = (int)n;
    return kTfLiteOk;
  }
  if (read_dims_option(ctx, node, TFLC_OPTIONS_RESHAPE, "new_shape", dims, ndims) != kTfLiteOk) return kTfLiteError;
  if (*ndims == 1 && dims[0] == 0) *ndims = 0; /* legacy converters wrote [0] for a scalar */
  return kTfLiteOk;
}

/* Replaces the one allowed -1 by whatever makes the element count match the input's. */
static TfLiteStatus resolve_stretch_dim(tflc_context *ctx, const tflc_node *node, int64_t input_elements,
                                        int32_t *dims, int ndims) {
  int stretch = -1;
  int64_t known = 1;
  for (int i = 0; i < ndims; i++) {
    if (dims[i] == -1) {
      TFLC_ENSURE_MSG(ctx, node, stretch == -1, "the new shape has more than one -1 (dims %d and %d)", stretch, i);
      stretch = i;
      continue;
    }
    TFLC_ENSURE_MSG(ctx, node, dims[i] >= 0, "new shape dim %d is %d; only -1 may be negative", i, (int)dims[i]);
    known *= dims[i];
    TFLC_ENSURE_MSG(ctx, node, known <= INT32_MAX, "the new shape has more than %d elements", INT32_MAX);
  }
  if (stretch != -1) {
    TFLC_ENSURE_MSG(ctx, node, known > 0, "cannot infer the -1 dim: the other dims multiply to 0");
    dims[stretch] = (int32_t)(input_elements / known);
    known *= dims[stretch];
  }
  TFLC_ENSURE_MSG(ctx, node, known == input_elements,
                  "the new shape has %lld elements but the input has %lld", (long long)known,
                  (long long)input_elements);
  return kTfLiteOk;
}

static TfLiteStatus reshape_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1 || node->ninputs == 2, "expects 1 or 2 inputs, got %d",
                  (int)node->ninputs);
  TFLC_ENSURE_MSG(ctx, node, node->noutputs == 1, "expects 1 output, got %d", (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input != NULL && output != NULL, "input 0 or output 0 is missing");
  if (check_copy_types(ctx, node, input, output) != kTfLiteOk) return kTfLiteError;

  int32_t dims[TFLC_MAX_DIMS > MAX_OPTION_DIMS ? TFLC_MAX_DIMS : MAX_OPTION_DIMS];
  int ndims = 0;
  if (requested_shape(ctx, node, dims, &ndims) != kTfLiteOk) return kTfLiteError;
  if (resolve_stretch_dim(ctx, node, tflc_num_elements(input), dims, ndims) != kTfLiteOk) return kTfLiteError;
  return tflc_resize_output(ctx, output, ndims, dims);
}

/* Marks squeezed dims: the listed ones (negative counts from the end), or every 1 when none are listed. */
static TfLiteStatus squeeze_mask(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *input,
                                 bool *squeeze) {
  int32_t axes[MAX_OPTION_DIMS];
  int naxes = 0;
  int rank = tflc_ndims(input);
  if (read_dims_option(ctx, node, TFLC_OPTIONS_SQUEEZE, "squeeze_dims", axes, &naxes) != kTfLiteOk) return kTfLiteError;
  for (int d = 0; d < rank; d++) squeeze[d] = naxes == 0 && tflc_dim(input, d) == 1;
  for (int i = 0; i < naxes; i++) {
    int axis = axes[i] < 0 ? axes[i] + rank : axes[i];
    TFLC_ENSURE_MSG(ctx, node, axis >= 0 && axis < rank, "squeeze axis %d out of range for a %d-D input",
                    (int)axes[i], rank);
    TFLC_ENSURE_MSG(ctx, node, tflc_dim(input, axis) == 1, "cannot squeeze axis %d: its size is %d, not 1",
                    (int)axes[i], (int)tflc_dim(input, axis));
    squeeze[axis] = true;
  }
  return kTfLiteOk;
}

static TfLiteStatus squeeze_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1, "expects 1 input, got %d", (int)node->ninputs);
  TFLC_ENSURE_MSG(ctx, node, node->noutputs == 1, "expects 1 output, got %d", (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input != NULL && output != NULL, "input 0 or output 0 is missing");
  if (check_copy_types(ctx, node, input, output) != kTfLiteOk) return kTfLiteError;
  int rank = tflc_ndims(input);
  TFLC_ENSURE_MSG(ctx, node, rank <= MAX_OPTION_DIMS, "a %d-D input has too many dims (limit %d)", rank,
                  MAX_OPTION_DIMS);

  bool squeeze[MAX_OPTION_DIMS];
  if (squeeze_mask(ctx, node, input, squeeze) != kTfLiteOk) return kTfLiteError;
  int32_t dims[MAX_OPTION_DIMS];
  int ndims = 0;
  for (int d = 0; d < rank; d++)
    if (!squeeze[d]) dims[ndims++] = tflc_dim(input, d);
  return tflc_resize_output(ctx, output, ndims, dims);
}

/* Shared by both ops: prepare made the byte counts equal. */
static TfLiteStatus copy_invoke(tflc_context *ctx, tflc_node *node) {
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  if (input->type == kTfLiteString) {
    /* The one allocation at invoke tflc allows: a string output's size is known only now. */
    if (tflc_string_tensor_copy(input, output) != kTfLiteOk)
      return tflc_kernel_error(ctx, node, "cannot copy the string tensor %d (%zu bytes): out of memory or not dynamic",
                               (int)node->outputs[0], input->bytes);
    return kTfLiteOk;
  }
  if (output->data.raw != input->data.raw) memcpy(output->data.raw, input->data.raw, output->bytes);
  return kTfLiteOk;
}

const tflc_kernel tflc_reshape_kernel = {"RESHAPE", reshape_prepare, copy_invoke};
const tflc_kernel tflc_squeeze_kernel = {"SQUEEZE", squeeze_prepare, copy_invoke};
