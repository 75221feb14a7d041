/*
** interpreter.c — building, preparing and running subgraph 0 of a model.
**
** Create:   one TfLiteTensor per model tensor (constants point into the file), one node
**           per operator with its kernel; a missing kernel is an error naming the op.
** Allocate: prepare every node in order (shapes flow forward), then plan the arena from
**           the tensors' lifetimes and bind every data pointer. Small int32/int64 results
**           computable from constants and shapes are computed right after their node's
**           prepare and published as constants (kernel.h, "Values known at prepare").
** Invoke:   run the kernels in order (skipping nodes whose outputs were all published).
*/
#include "runtime/interpreter.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/arena_planner.h"
#include "runtime/threadpool.h"

/*
** Largest tensor and arena tflc will allocate: the defaults are TFLC_DEFAULT_MAX_*_BYTES
** (tflc/runtime.h); tflc_interpreter_options_set_limits changes them per interpreter.
** The limits keep a hostile shape from making tflc allocate and sweep gigabytes.
*/

void tflc_report_to_stderr(void *user_data, const char *format, va_list args) {
  (void)user_data;
  vfprintf(stderr, format, args);
  fputc('\n', stderr);
}

/* Reporters take a format and a va_list: pass the finished message through "%s". */
static void report_message(TfLiteErrorReporterFn reporter, void *data, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  reporter(data, fmt, ap);
  va_end(ap);
}

static void report(TfLiteInterpreter *in) {
  if (in->reporter != NULL) report_message(in->reporter, in->reporter_data, "%s", in->error);
}

static TfLiteStatus verror(TfLiteInterpreter *in, const char *prefix, const char *fmt, va_list ap) {
  int n = snprintf(in->error, sizeof in->error, "%s", prefix);
  if (n < 0 || (size_t)n >= sizeof in->error) n = 0;
  vsnprintf(in->error + n, sizeof in->error - (size_t)n, fmt, ap);
  report(in);
  return kTfLiteError;
}

TfLiteStatus tflc_interpreter_error(TfLiteInterpreter *in, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  verror(in, "", fmt, ap);
  va_end(ap);
  return kTfLiteError;
}

/* ---- Services for kernels (kernel.h) ---- */

TfLiteStatus tflc_kernel_error(tflc_context *ctx, const tflc_node *node, const char *fmt, ...) {
  char prefix[160];
  snprintf(prefix, sizeof prefix, "operator %d (%s): ", node->index, node->op_name);
  va_list ap;
  va_start(ap, fmt);
  verror(ctx->interpreter, prefix, fmt, ap);
  va_end(ap);
  return kTfLiteError;
}

TfLiteTensor *tflc_tensor(tflc_context *ctx, int32_t index) {
  TfLiteInterpreter *in = ctx->interpreter;
  return index >= 0 && index < in->ntensors ? &in->tensors[index] : NULL;
}

TfLiteTensor *tflc_input(tflc_context *ctx, const tflc_node *node, int i) {
  return i >= 0 && i < node->ninputs ? tflc_tensor(ctx, node->inputs[i]) : NULL;
}

TfLiteTensor *tflc_output(tflc_context *ctx, const tflc_node *node, int i) {
  return i >= 0 && i < node->noutputs ? tflc_tensor(ctx, node->outputs[i]) : NULL;
}

int tflc_num_threads(const tflc_context *ctx) { return ctx->interpreter->num_threads; }

bool tflc_use_reference_kernels(const tflc_context *ctx) { return ctx->interpreter->use_reference_kernels != 0; }

int64_t tflc_num_elements(const TfLiteTensor *t) {
  int64_t n = 1;
  for (int i = 0; i < tflc_ndims(t); i++) n *= t->dims->data[i];
  return n;
}

bool tflc_same_shape(const TfLiteTensor *a, const TfLiteTensor *b) {
  return TfLiteIntArrayEqual(a->dims, b->dims) != 0;
}

/* Byte size of a tensor of `type` and shape, or SIZE_MAX when it overflows or exceeds `limit`. */
static size_t tensor_bytes(TfLiteType type, int ndims, const int *dims, size_t limit) {
  size_t elem = tflc_type_size(type);
  if (elem == 0) return SIZE_MAX;
  /* A zero dim makes the tensor empty, but the other dims must still fit the limit: kernels
     multiply dims in int64 (conv's batches * out_h * out_w * out_ch), and [2^31-1 x 8, 0]
     would overflow them. So `extent` is the product of the non-zero dims. */
  size_t extent = elem;
  int empty = 0;
  for (int i = 0; i < ndims; i++) {
    if (dims[i] < 0) return SIZE_MAX;
    if (dims[i] == 0) {
      empty = 1;
      continue;
    }
    if (extent > limit / (size_t)dims[i]) return SIZE_MAX;
    extent *= (size_t)dims[i];
  }
  if (extent > limit) return SIZE_MAX; /* the element size alone may exceed a tiny limit */
  return empty ? 0 : extent;
}

/*
** Whether a shape's dims are non-negative and its non-zero dims' product fits `limit`, whatever
** the element type: a STRING tensor has no byte size here (tensor_bytes gives SIZE_MAX), but its
** dims are multiplied all the same (tflc_num_elements in RESHAPE's prepare overflowed int64 on a
** STRING input of [1, 3, 8, 1970302569, 842358644, 0, 786440]; fuzz_invoke,
** tests/regressions/invoke/reshape_string_shape_overflow.tflite).
*/
static bool shape_fits(int ndims, const int *dims, size_t limit) {
  return tensor_bytes(kTfLiteUInt8, ndims, dims, limit) != SIZE_MAX;
}

TfLiteStatus tflc_resize_output(tflc_context *ctx, TfLiteTensor *tensor, int ndims, const int32_t *dims) {
  TfLiteInterpreter *in = ctx->interpreter;
  int32_t index = (int32_t)(tensor - in->tensors);
  if (ndims < 0 || ndims > TFLC_MAX_DIMS)
    return tflc_interpreter_error(in, "tensor %d (%s): %d dimensions (limit %d)", index, tensor->name, ndims, TFLC_MAX_DIMS);
  if (tflc_is_constant(tensor))
    return tflc_interpreter_error(in, "tensor %d (%s) is constant and cannot be an operator's output", index, tensor->name);
  size_t bytes = tensor_bytes(tensor->type, ndims, dims, in->max_tensor_bytes);
  if ((bytes == SIZE_MAX && tensor->type != kTfLiteString) || !shape_fits(ndims, dims, in->max_tensor_bytes))
    return tflc_interpreter_error(in, "tensor %d (%s): shape too large or negative (limit %zu bytes per tensor)", index,
                                  tensor->name, in->max_tensor_bytes);
  /* Variables get their memory before any prepare, sized by their declared shape: an
     operator must not resize one (fuzz_invoke found ADD writing past a variable output;
     tests/regressions/invoke/add_grows_variable_output). */
  if (tensor->allocation_type == kTfLiteArenaRwPersistent && bytes != tensor->bytes)
    return tflc_interpreter_error(in, "tensor %d (%s) is a variable of %zu bytes: an operator cannot resize it to %s %s",
                                  index, tensor->name, tensor->bytes, tflc_shape_text(ndims, dims).text,
                                  TfLiteTypeGetName(tensor->type));
  if (tensor->dims == NULL || tensor->dims->size != ndims) {
    TfLiteIntArray *d = TfLiteIntArrayCreate(ndims);
    if (d == NULL) return tflc_interpreter_error(in, "out of memory");
    TfLiteIntArrayFree(tensor->dims);
    tensor->dims = d;
  }
  for (int i = 0; i < ndims; i++) tensor->dims->data[i] = dims[i];
  tensor->bytes = bytes == SIZE_MAX ? 0 : bytes;
  return kTfLiteOk;
}

void *tflc_alloc_op_data(tflc_context *ctx, tflc_node *node, size_t size) {
  free(node->op_data);
  node->op_data = calloc(1, size ? size : 1);
  if (node->op_data == NULL) tflc_kernel_error(ctx, node, "out of memory allocating %zu bytes of op data", size);
  return node->op_data;
}

TfLiteStatus tflc_request_scratch(tflc_context *ctx, tflc_node *node, size_t size) {
  size_t limit = ctx->interpreter->max_tensor_bytes;
  if (size > limit) return tflc_kernel_error(ctx, node, "scratch of %zu bytes is too large (limit %zu)", size, limit);
  node->scratch_size = size;
  return kTfLiteOk;
}

/* ---- Values computed at prepare (kernel.h: "Values known at prepare") ---- */

/* Largest output tflc evaluates at prepare by itself: shape vectors and scalars, not data. */
#define MAX_PREPARE_EVAL_BYTES 1024

static bool is_graph_input(const TfLiteInterpreter *in, int32_t t) {
  for (int32_t i = 0; i < in->subgraph->ninputs; i++)
    if (in->subgraph->inputs[i] == t) return true;
  return false;
}

void *tflc_publish_output(tflc_context *ctx, tflc_node *node, int i) {
  TfLiteInterpreter *in = ctx->interpreter;
  TfLiteTensor *t = tflc_output(ctx, node, i);
  if (t == NULL || t->allocation_type != kTfLiteArenaRw || is_graph_input(in, node->outputs[i])) return NULL;
  int32_t index = node->outputs[i];
  size_t bytes = tensor_bytes(t->type, t->dims->size, t->dims->data, in->max_tensor_bytes);
  if (bytes == SIZE_MAX) return NULL;
  void *data = aligned_alloc(64, (bytes + 63) & ~(size_t)63);
  if (data == NULL) return NULL;
  memset(data, 0, (bytes + 63) & ~(size_t)63);
  free(in->persistent[index]);
  in->persistent[index] = data;
  in->published[index] = 1;
  t->bytes = bytes;
  t->data.raw = data;
  t->allocation_type = kTfLitePersistentRo;
  return data;
}

/* Turns a published tensor back into an activation. */
static void unpublish(TfLiteInterpreter *in, int32_t i) {
  if (i < 0 || !in->published[i]) return;
  free(in->persistent[i]);
  in->persistent[i] = NULL;
  in->published[i] = 0;
  in->tensors[i].allocation_type = kTfLiteArenaRw;
  in->tensors[i].data.raw = NULL;
}

/* Turns everything published by the last AllocateTensors back into activations. */
static void unpublish_all(TfLiteInterpreter *in) {
  for (int32_t i = 0; i < in->ntensors; i++) unpublish(in, i);
  memset(in->done_at_prepare, 0, (size_t)in->nnodes);
}

/*
** Whether a just-prepared node can run now: a builtin op with no scratch, every present input
** known at prepare, and only small int32/int64 activation outputs (shape arithmetic).
*/
static bool can_evaluate_at_prepare(TfLiteInterpreter *in, const tflc_node *node) {
  if (node->builtin_code == 32 /* CUSTOM */ || node->scratch_size != 0 || node->noutputs < 1) return false;
  int known_inputs = 0;
  for (int32_t i = 0; i < node->ninputs; i++) {
    const TfLiteTensor *t = tflc_input(&in->context, node, i);
    if (t == NULL) continue;
    if (!tflc_is_known_at_prepare(t)) return false;
    known_inputs++;
  }
  if (known_inputs == 0) return false;
  size_t total = 0;
  for (int32_t i = 0; i < node->noutputs; i++) {
    const TfLiteTensor *t = tflc_output(&in->context, node, i);
    if (t == NULL || t->allocation_type != kTfLiteArenaRw || (t->type != kTfLiteInt32 && t->type != kTfLiteInt64))
      return false;
    size_t bytes = tensor_bytes(t->type, t->dims->size, t->dims->data, in->max_tensor_bytes);
    if (bytes == SIZE_MAX || bytes > MAX_PREPARE_EVAL_BYTES - total) return false;
    total += bytes;
  }
  return true;
}

/*
** After a node's prepare: runs it now when can_evaluate_at_prepare says so, so that later
** operators see its outputs as constants; then records whether Invoke may skip it.
*/
static TfLiteStatus evaluate_at_prepare(TfLiteInterpreter *in, tflc_node *node) {
  if (can_evaluate_at_prepare(in, node)) {
    bool all = true;
    for (int32_t i = 0; i < node->noutputs && all; i++) all = tflc_publish_output(&in->context, node, i) != NULL;
    /* All or nothing: a half-published node would show later operators outputs never computed. */
    for (int32_t i = 0; i < node->noutputs && !all; i++) unpublish(in, node->outputs[i]);
    if (all && node->kernel->invoke(&in->context, node) != kTfLiteOk) {
      if (in->error[0] == 0) tflc_kernel_error(&in->context, node, "evaluating at prepare failed");
      return kTfLiteError;
    }
  }
  bool done = node->noutputs > 0;
  for (int32_t i = 0; i < node->noutputs && done; i++) done = node->outputs[i] >= 0 && in->published[node->outputs[i]];
  in->done_at_prepare[node->index] = done;
  return kTfLiteOk;
}

/* ---- Creation ---- */

static TfLiteStatus init_quantization(TfLiteInterpreter *in, TfLiteTensor *t, const tflc_model_tensor *mt, int32_t index) {
  if (mt->nquant == 0) return kTfLiteOk;
  t->params.scale = mt->scales[0];
  if (mt->zero_points[0] < INT32_MIN || mt->zero_points[0] > INT32_MAX)
    return tflc_interpreter_error(in, "tensor %d (%s): zero point out of range", index, t->name);
  t->params.zero_point = (int32_t)mt->zero_points[0];
  TfLiteAffineQuantization *q = calloc(1, sizeof *q);
  if (q == NULL) return tflc_interpreter_error(in, "out of memory");
  t->quantization.type = kTfLiteAffineQuantization;
  t->quantization.params = q;
  q->scale = TfLiteFloatArrayCreate(mt->nquant);
  q->zero_point = TfLiteIntArrayCreate(mt->nquant);
  if (q->scale == NULL || q->zero_point == NULL) return tflc_interpreter_error(in, "out of memory");
  for (int32_t i = 0; i < mt->nquant; i++) {
    q->scale->data[i] = mt->scales[i];
    if (mt->zero_points[i] < INT32_MIN || mt->zero_points[i] > INT32_MAX)
      return tflc_interpreter_error(in, "tensor %d (%s): zero point out of range", index, t->name);
    q->zero_point->data[i] = (int)mt->zero_points[i];
  }
  q->quantized_dimension = mt->quantized_dimension;
  if (mt->nquant > 1 && (mt->quantized_dimension < 0 || mt->quantized_dimension >= mt->ndims ||
                         mt->dims[mt->quantized_dimension] != mt->nquant))
    return tflc_interpreter_error(in, "tensor %d (%s): %d scales do not match dimension %d of its shape", index,
                                  t->name, mt->nquant, mt->quantized_dimension);
  return kTfLiteOk;
}

static TfLiteIntArray *int_array_from(int32_t n, const int32_t *values) {
  TfLiteIntArray *a = TfLiteIntArrayCreate(n);
  if (a != NULL)
    for (int32_t i = 0; i < n; i++) a->data[i] = values[i];
  return a;
}

/* Constants are used in place unless misaligned for their element type (then copied). */
static TfLiteStatus bind_constant(TfLiteInterpreter *in, TfLiteTensor *t, const tflc_model_buffer *b, int32_t index) {
  t->bytes = b->size;
  if (((uintptr_t)b->data % 16) == 0) {
    t->data.raw_const = (const char *)b->data;
    t->allocation_type = kTfLiteMmapRo;
    return kTfLiteOk;
  }
  void *copy = aligned_alloc(64, (b->size + 63) & ~(size_t)63);
  if (copy == NULL) return tflc_interpreter_error(in, "out of memory copying constant tensor %d", index);
  memcpy(copy, b->data, b->size);
  in->persistent[index] = copy;
  t->data.raw = copy;
  t->allocation_type = kTfLitePersistentRo;
  return kTfLiteOk;
}

static TfLiteStatus init_tensor(TfLiteInterpreter *in, int32_t index) {
  const tflc_model_tensor *mt = &in->subgraph->tensors[index];
  const tflc_model_buffer *b = &in->model->parsed.buffers[mt->buffer];
  TfLiteTensor *t = &in->tensors[index];
  t->type = mt->type;
  t->name = mt->name;
  t->buffer_handle = kTfLiteNullBufferHandle;
  t->is_variable = mt->is_variable;
  t->allocation_type = kTfLiteArenaRw;
  t->dims = int_array_from(mt->ndims, mt->dims);
  if (t->dims == NULL) return tflc_interpreter_error(in, "out of memory");
  if (mt->ndims_signature > 0) {
    t->dims_signature = int_array_from(mt->ndims_signature, mt->dims_signature);
    if (t->dims_signature == NULL) return tflc_interpreter_error(in, "out of memory");
  }
  if (init_quantization(in, t, mt, index) != kTfLiteOk) return kTfLiteError;
  if (mt->is_sparse) return tflc_interpreter_error(in, "tensor %d (%s): sparse tensors are not supported", index, t->name);
  /* Refuse a declared shape past the limit here, before any prepare multiplies its dims
     (tflc_num_elements assumes shapes that fit; 8 dims of 2^31 would overflow int64): every
     shape's element count, constant or not, of any type, and an activation's byte size. */
  bool constant = b->data != NULL && !mt->is_variable;
  size_t bytes = tensor_bytes(t->type, t->dims->size, t->dims->data, in->max_tensor_bytes);
  if (!shape_fits(t->dims->size, t->dims->data, in->max_tensor_bytes) ||
      (!constant && bytes == SIZE_MAX && tflc_type_size(t->type) != 0))
    return tflc_interpreter_error(in, "tensor %d (%s): shape %s %s needs more than %zu bytes (the tensor limit)", index,
                                  t->name, tflc_shape_text(mt->ndims, mt->dims).text, TfLiteTypeGetName(t->type),
                                  in->max_tensor_bytes);
  if (constant) return bind_constant(in, t, b, index);
  if (mt->is_variable) t->allocation_type = kTfLiteArenaRwPersistent;
  /* String activations live outside the arena, sized when written (runtime/string_tensor.h). */
  if (t->type == kTfLiteString && !mt->is_variable) t->allocation_type = kTfLiteDynamic;
  t->bytes = bytes == SIZE_MAX ? 0 : bytes;
  return kTfLiteOk;
}

static TfLiteStatus init_node(TfLiteInterpreter *in, int32_t index) {
  const tflc_model_operator *op = &in->subgraph->operators[index];
  const tflc_model_opcode *code = &in->model->parsed.opcodes[op->opcode_index];
  tflc_node *node = &in->nodes[index];
  node->index = index;
  node->builtin_code = code->builtin_code;
  node->version = code->version;
  node->ninputs = op->ninputs;
  node->noutputs = op->noutputs;
  node->inputs = op->inputs;
  node->outputs = op->outputs;
  node->nintermediates = op->nintermediates;
  node->intermediates = op->intermediates;
  node->options_type = op->options_type;
  node->options = op->options;
  node->custom_options = op->custom_options;
  node->custom_options_size = op->custom_options_size;
  if (code->builtin_code == 32 /* CUSTOM */) {
    node->op_name = code->custom_code ? code->custom_code : "CUSTOM";
    node->kernel = tflc_find_custom_kernel(node->op_name);
  } else {
    node->op_name = tflc_builtin_name(code->builtin_code);
    node->kernel = tflc_find_builtin_kernel(code->builtin_code, code->version);
  }
  /* Registrations from the C API options override or replace tflc's kernels (registration.c). */
  if (tflc_capi_resolve_node(in, node, code->custom_code) != kTfLiteOk) return kTfLiteError;
  /* Say which of the three it is: an op code tflc has never heard of, a version newer than
     its kernel implements, or an op it lacks (malformed_model_test checks each). */
  if (node->kernel == NULL && code->builtin_code != 32 && strcmp(node->op_name, "UNKNOWN") == 0)
    return tflc_interpreter_error(in, "operator %d: builtin op code %d is unknown (version %d)", index,
                                  code->builtin_code, code->version);
  if (node->kernel == NULL && code->builtin_code != 32 && tflc_find_builtin_kernel(code->builtin_code, 1) != NULL)
    return tflc_interpreter_error(in, "operator %d: %s version %d is newer than tflc supports", index, node->op_name,
                                  code->version);
  if (node->kernel == NULL)
    return tflc_interpreter_error(in, "operator %d: %s%s version %d is not supported by tflc", index,
                                  code->builtin_code == 32 ? "custom op " : "", node->op_name, code->version);
  return kTfLiteOk;
}

/*
** An operator must never write a constant: constants may live in read-only mapped memory.
** (Reading a tensor nothing wrote is refused by check_read_order.)
*/
static TfLiteStatus check_dataflow(TfLiteInterpreter *in) {
  for (int32_t n = 0; n < in->nnodes; n++) {
    const tflc_node *node = &in->nodes[n];
    for (int32_t i = 0; i < node->noutputs; i++) {
      int32_t t = node->outputs[i];
      if (tflc_is_constant(&in->tensors[t]))
        return tflc_interpreter_error(in, "operator %d (%s): output %d is tensor %d (%s), a constant", n, node->op_name,
                                      i, t, in->tensors[t].name);
    }
  }
  return kTfLiteOk;
}

/*
** Whether tensor t holds a value before any operator runs: a constant, variable or graph input,
** or a tensor with no elements (converters write empty constants without a buffer, as
** testdata/zero_size_constant.bin's RESHAPE shape: nothing can be stale in zero bytes).
*/
static int has_value_at_start(const TfLiteInterpreter *in, int32_t t) {
  const TfLiteTensor *tensor = &in->tensors[t];
  if (tflc_is_constant(tensor) || tensor->is_variable) return 1;
  if (tensor->type != kTfLiteString && tensor->dims != NULL && tflc_num_elements(tensor) == 0) return 1;
  for (int32_t i = 0; i < in->subgraph->ninputs; i++)
    if (in->subgraph->inputs[i] == t) return 1;
  return 0;
}

/*
** Operators run in file order, so each input must hold a value when its operator runs:
** a constant, a variable, a graph input, or the output of an earlier operator. A hostile
** graph that reads a tensor written later (a cycle is one) or never would compute on
** stale arena bytes; the same holds for graph outputs nothing writes.
*/
static TfLiteStatus check_read_order(TfLiteInterpreter *in) {
  int32_t *writer = malloc(((size_t)in->ntensors + 1) * sizeof *writer); /* first operator writing each tensor */
  if (writer == NULL) return tflc_interpreter_error(in, "out of memory checking the graph");
  for (int32_t t = 0; t < in->ntensors; t++) writer[t] = -1;
  for (int32_t n = in->nnodes - 1; n >= 0; n--)
    for (int32_t i = 0; i < in->nodes[n].noutputs; i++) writer[in->nodes[n].outputs[i]] = n;
  TfLiteStatus status = kTfLiteOk;
  for (int32_t n = 0; n < in->nnodes && status == kTfLiteOk; n++) {
    const tflc_node *node = &in->nodes[n];
    for (int32_t i = 0; i < node->ninputs && status == kTfLiteOk; i++) {
      int32_t t = node->inputs[i];
      if (t < 0 || has_value_at_start(in, t) || (writer[t] >= 0 && writer[t] < n)) continue;
      if (writer[t] >= 0)
        status = tflc_interpreter_error(in, "operator %d (%s): input %d is tensor %d (%s), which operator %d (%s) writes later%s",
                                        n, node->op_name, i, t, in->tensors[t].name, writer[t], in->nodes[writer[t]].op_name,
                                        writer[t] == n ? " (it reads its own output)" : " (a cycle or a misordered graph)");
      else
        status = tflc_interpreter_error(in, "operator %d (%s): input %d is tensor %d (%s), which is not a constant, "
                                        "a graph input or any operator's output", n, node->op_name, i, t, in->tensors[t].name);
    }
  }
  for (int32_t i = 0; i < in->subgraph->noutputs && status == kTfLiteOk; i++) {
    int32_t t = in->subgraph->outputs[i];
    if (writer[t] < 0 && !has_value_at_start(in, t))
      status = tflc_interpreter_error(in, "graph output %d is tensor %d (%s), which no operator writes", i, t,
                                      in->tensors[t].name);
  }
  free(writer);
  return status;
}

static void release_tensors(TfLiteInterpreter *in) {
  for (int32_t i = 0; i < in->ntensors; i++) {
    TfLiteTensor *t = &in->tensors[i];
    TfLiteTensorDataFree(t); /* kTfLiteDynamic (string) data only */
    TfLiteIntArrayFree(t->dims);
    TfLiteIntArrayFree((TfLiteIntArray *)t->dims_signature);
    if (t->quantization.type == kTfLiteAffineQuantization && t->quantization.params) {
      TfLiteAffineQuantization *q = t->quantization.params;
      TfLiteFloatArrayFree(q->scale);
      TfLiteIntArrayFree(q->zero_point);
      free(q);
    }
    if (in->persistent) free(in->persistent[i]);
  }
}

static void interpreter_free(TfLiteInterpreter *in) {
  if (in == NULL) return;
  tflc_capi_release(in); /* registrations' free, while tensors still exist (registration.c) */
  if (in->tensors) release_tensors(in);
  for (int32_t i = 0; in->nodes && i < in->nnodes; i++) free(in->nodes[i].op_data);
  free(in->tensors);
  free(in->nodes);
  free(in->persistent);
  free(in->published);
  free(in->done_at_prepare);
  free(in->arena);
  tflc_threadpool_destroy(in->threadpool);
  TfLiteModelDelete(in->model);
  free(in);
}

TfLiteInterpreter *tflc_interpreter_create_for_subgraph(const TfLiteModel *model, const TfLiteInterpreterOptions *options,
                                                        int32_t subgraph) {
  if (model == NULL || subgraph < 0 || subgraph >= model->parsed.nsubgraphs) return NULL;
  TfLiteInterpreter *in = calloc(1, sizeof *in);
  if (in == NULL) { /* no handle to keep the message: it goes to the reporter (alloc_failure_test) */
    if (options != NULL && options->reporter != NULL)
      report_message(options->reporter, options->reporter_data, "%s", "out of memory creating the interpreter");
    else
      report_message(tflc_report_to_stderr, NULL, "%s", "out of memory creating the interpreter");
    return NULL;
  }
  in->context.interpreter = in;
  in->num_threads = 1;
  in->reporter = tflc_report_to_stderr;
  in->max_tensor_bytes = TFLC_DEFAULT_MAX_TENSOR_BYTES;
  in->max_arena_bytes = TFLC_DEFAULT_MAX_ARENA_BYTES;
  if (options != NULL) {
    if (options->num_threads > 0) in->num_threads = options->num_threads;
    if (options->max_tensor_bytes > 0) in->max_tensor_bytes = options->max_tensor_bytes;
    if (options->max_arena_bytes > 0) in->max_arena_bytes = options->max_arena_bytes;
    if (options->reporter) {
      in->reporter = options->reporter;
      in->reporter_data = options->reporter_data;
    }
    in->use_reference_kernels = options->use_reference_kernels;
  }
  const char *force_reference = getenv("TFLC_REFERENCE");
  if (force_reference && force_reference[0] && strcmp(force_reference, "0") != 0) in->use_reference_kernels = 1;
  /* Without a pool (threads could not start) kernels run serially: same results, slower. */
  if (in->num_threads > 1) in->threadpool = tflc_threadpool_create((size_t)in->num_threads);
  atomic_fetch_add(&((TfLiteModel *)model)->refcount, 1);
  in->model = (TfLiteModel *)model;
  in->subgraph = &model->parsed.subgraphs[subgraph];
  in->ntensors = in->subgraph->ntensors;
  in->nnodes = in->subgraph->noperators;
  in->tensors = calloc((size_t)in->ntensors + 1, sizeof *in->tensors);
  in->persistent = calloc((size_t)in->ntensors + 1, sizeof *in->persistent);
  in->nodes = calloc((size_t)in->nnodes + 1, sizeof *in->nodes);
  in->published = calloc((size_t)in->ntensors + 1, 1);
  in->done_at_prepare = calloc((size_t)in->nnodes + 1, 1);
  if (in->tensors == NULL || in->persistent == NULL || in->nodes == NULL || in->published == NULL ||
      in->done_at_prepare == NULL) {
    tflc_interpreter_error(in, "out of memory creating the interpreter");
    interpreter_free(in);
    return NULL;
  }
  TfLiteStatus status = tflc_capi_attach(in, options); /* delegates, registrations (registration.c) */
  for (int32_t i = 0; i < in->ntensors && status == kTfLiteOk; i++) status = init_tensor(in, i);
  for (int32_t i = 0; i < in->nnodes && status == kTfLiteOk; i++) status = init_node(in, i);
  if (status == kTfLiteOk) status = check_dataflow(in);
  if (status == kTfLiteOk) status = check_read_order(in);
  if (status == kTfLiteOk) status = tflc_capi_apply_delegates(in); /* offers the graph (registration.c) */
  if (status != kTfLiteOk) {
    interpreter_free(in);
    return NULL;
  }
  return in;
}

TfLiteInterpreter *TfLiteInterpreterCreate(const TfLiteModel *model, const TfLiteInterpreterOptions *options) {
  return tflc_interpreter_create_for_subgraph(model, options, 0);
}

void TfLiteInterpreterDelete(TfLiteInterpreter *interpreter) { interpreter_free(interpreter); }

/* ---- AllocateTensors ---- */

/* A tensor's type and shape as one operator's prepare saw it. */
enum { SNAPSHOT_INTS = 2 + TFLC_MAX_DIMS };

static void take_snapshot(const TfLiteTensor *t, int32_t *snap) {
  memset(snap, 0, SNAPSHOT_INTS * sizeof *snap);
  if (t == NULL) return;
  snap[0] = t->type;
  snap[1] = t->dims->size;
  for (int i = 0; i < t->dims->size && i < TFLC_MAX_DIMS; i++) snap[2 + i] = t->dims->data[i];
}

static int snapshot_matches(const TfLiteTensor *t, const int32_t *snap) {
  int32_t now[SNAPSHOT_INTS];
  take_snapshot(t, now);
  return memcmp(now, snap, sizeof now) == 0;
}

/*
** Every operator's tensors must keep, until Invoke, the type and shape its prepare saw:
** inputs as they were when it started, outputs as it left them. A hostile graph can break
** this (an operator writing its own input with another shape, two operators writing one
** tensor); the kernel would then index a buffer planned for another shape.
*/
static TfLiteStatus check_snapshots(TfLiteInterpreter *in, const int32_t *snaps) {
  for (int32_t n = 0; n < in->nnodes; n++) {
    const tflc_node *node = &in->nodes[n];
    for (int32_t i = 0; i < node->ninputs + node->noutputs; i++, snaps += SNAPSHOT_INTS) {
      int32_t t = i < node->ninputs ? node->inputs[i] : node->outputs[i - node->ninputs];
      if (t >= 0 && !snapshot_matches(&in->tensors[t], snaps))
        return tflc_interpreter_error(in, "operator %d (%s): tensor %d (%s) changes type or shape after the operator was prepared "
                                      "(an operator writes its own input, or several operators write it)",
                                      n, node->op_name, t, in->tensors[t].name);
    }
  }
  return kTfLiteOk;
}

static TfLiteStatus prepare_node(TfLiteInterpreter *in, tflc_node *node, int32_t *snaps) {
  node->scratch_size = 0;
  node->scratch = NULL;
  for (int32_t i = 0; i < node->ninputs; i++) take_snapshot(tflc_input(&in->context, node, i), snaps + i * SNAPSHOT_INTS);
  TfLiteStatus prepared = node->kernel->prepare(&in->context, node);
  if (prepared != kTfLiteOk) {
    if (in->error[0] == 0) tflc_kernel_error(&in->context, node, "prepare failed");
    /* An unregistered custom op fails here with kTfLiteUnresolvedOps, as in TFLite (registration.c). */
    return prepared == kTfLiteUnresolvedOps ? prepared : kTfLiteError;
  }
  if (evaluate_at_prepare(in, node) != kTfLiteOk) return kTfLiteError; /* shape arithmetic, kernel.h */
  for (int32_t i = 0; i < node->noutputs; i++)
    take_snapshot(tflc_output(&in->context, node, i), snaps + (node->ninputs + i) * SNAPSHOT_INTS);
  return kTfLiteOk;
}

static TfLiteStatus prepare_nodes(TfLiteInterpreter *in) {
  unpublish_all(in); /* values computed at the last prepare may depend on shapes that changed */
  /* Prepare must not read activations: make any attempt fail loudly (NULL) rather than read stale data. */
  for (int32_t i = 0; i < in->ntensors; i++)
    if (in->tensors[i].allocation_type == kTfLiteArenaRw) in->tensors[i].data.raw = NULL;
  size_t slots = 0;
  for (int32_t n = 0; n < in->nnodes; n++) slots += (size_t)in->nodes[n].ninputs + (size_t)in->nodes[n].noutputs;
  int32_t *snaps = malloc((slots + 1) * SNAPSHOT_INTS * sizeof *snaps);
  if (snaps == NULL) return tflc_interpreter_error(in, "out of memory preparing operators");
  TfLiteStatus status = kTfLiteOk;
  int32_t *at = snaps;
  for (int32_t n = 0; n < in->nnodes && status == kTfLiteOk; n++) {
    status = prepare_node(in, &in->nodes[n], at);
    at += ((size_t)in->nodes[n].ninputs + (size_t)in->nodes[n].noutputs) * SNAPSHOT_INTS;
  }
  if (status == kTfLiteOk) status = check_snapshots(in, snaps);
  free(snaps);
  return status;
}

static void note_use(int32_t *first, int32_t *last, int32_t t, int32_t n) {
  if (t < 0) return;
  if (first[t] < 0 || n < first[t]) first[t] = n;
  if (n > last[t]) last[t] = n;
}

/*
** A tensor lives from its first use to its last, reads and writes alike (a hostile graph
** may read a tensor before an operator writes it). Graph inputs and outputs, and tensors
** nothing uses, live throughout: callers set inputs once and invoke many times.
*/
static void compute_lifetimes(const TfLiteInterpreter *in, int32_t *first, int32_t *last) {
  const tflc_model_subgraph *sg = in->subgraph;
  int32_t end = in->nnodes > 0 ? in->nnodes - 1 : 0;
  for (int32_t i = 0; i < in->ntensors; i++) first[i] = last[i] = -1;
  for (int32_t n = 0; n < in->nnodes; n++) {
    const tflc_node *node = &in->nodes[n];
    for (int32_t i = 0; i < node->noutputs; i++) note_use(first, last, node->outputs[i], n);
    for (int32_t i = 0; i < node->ninputs; i++) note_use(first, last, node->inputs[i], n);
  }
  for (int32_t i = 0; i < sg->ninputs; i++) first[sg->inputs[i]] = 0, last[sg->inputs[i]] = end;
  for (int32_t i = 0; i < sg->noutputs; i++) first[sg->outputs[i]] = 0, last[sg->outputs[i]] = end;
  for (int32_t i = 0; i < in->ntensors; i++)
    if (first[i] < 0) first[i] = 0, last[i] = end;
}

static TfLiteStatus plan_and_bind(TfLiteInterpreter *in) {
  int32_t nbuf = in->ntensors + in->nnodes;
  tflc_plan_buffer *bufs = calloc((size_t)nbuf + 1, sizeof *bufs);
  int32_t *first = calloc((size_t)in->ntensors + 1, sizeof *first);
  int32_t *last = calloc((size_t)in->ntensors + 1, sizeof *last);
  if (bufs == NULL || first == NULL || last == NULL) {
    free(bufs), free(first), free(last);
    return tflc_interpreter_error(in, "out of memory planning the arena");
  }
  compute_lifetimes(in, first, last);
  for (int32_t i = 0; i < in->ntensors; i++) {
    int arena = in->tensors[i].allocation_type == kTfLiteArenaRw;
    bufs[i] = (tflc_plan_buffer){arena ? in->tensors[i].bytes : 0, first[i], last[i], 0};
  }
  for (int32_t n = 0; n < in->nnodes; n++) bufs[in->ntensors + n] = (tflc_plan_buffer){in->nodes[n].scratch_size, n, n, 0};
  size_t total = tflc_plan_arena(bufs, nbuf);
  free(first), free(last);
  if (total == SIZE_MAX) {
    free(bufs);
    return tflc_interpreter_error(in, "out of memory planning the arena");
  }
  if (total > in->max_arena_bytes) {
    free(bufs);
    return tflc_interpreter_error(in, "the activation arena would need %zu bytes (limit %zu)", total, in->max_arena_bytes);
  }
  free(in->arena);
  in->arena = aligned_alloc(TFLC_ARENA_ALIGNMENT, total ? total : TFLC_ARENA_ALIGNMENT);
  in->arena_size = total;
  if (in->arena == NULL) {
    free(bufs);
    return tflc_interpreter_error(in, "out of memory allocating a %zu-byte arena", total);
  }
  for (int32_t i = 0; i < in->ntensors; i++)
    if (in->tensors[i].allocation_type == kTfLiteArenaRw) in->tensors[i].data.raw = (char *)in->arena + bufs[i].offset;
  for (int32_t n = 0; n < in->nnodes; n++)
    in->nodes[n].scratch = in->nodes[n].scratch_size ? in->arena + bufs[in->ntensors + n].offset : NULL;
  free(bufs);
  return kTfLiteOk;
}

static TfLiteStatus allocate_variables(TfLiteInterpreter *in) {
  for (int32_t i = 0; i < in->ntensors; i++) {
    TfLiteTensor *t = &in->tensors[i];
    if (t->allocation_type != kTfLiteArenaRwPersistent) continue;
    size_t bytes = tensor_bytes(t->type, t->dims->size, t->dims->data, in->max_tensor_bytes);
    if (bytes == SIZE_MAX) return tflc_interpreter_error(in, "tensor %d (%s): shape too large", i, t->name);
    free(in->persistent[i]);
    in->persistent[i] = calloc(1, bytes ? bytes : 1);
    if (in->persistent[i] == NULL) return tflc_interpreter_error(in, "out of memory for variable tensor %d", i);
    /* As TFLite's ResetVariableTensor: zeros, the zero point for INT8; a buffer in the file is ignored. */
    if (t->type == kTfLiteInt8) memset(in->persistent[i], t->params.zero_point, bytes);
    t->bytes = bytes;
    t->data.raw = in->persistent[i];
  }
  return kTfLiteOk;
}

static TfLiteStatus check_tensor_sizes(TfLiteInterpreter *in) {
  for (int32_t i = 0; i < in->ntensors; i++) {
    TfLiteTensor *t = &in->tensors[i];
    /* A variable's type may not change under its allocation either (a prepare that sets
       an output's type without resizing it). */
    if (t->allocation_type == kTfLiteArenaRwPersistent &&
        tensor_bytes(t->type, t->dims->size, t->dims->data, in->max_tensor_bytes) != t->bytes)
      return tflc_interpreter_error(in, "tensor %d (%s): variable changed to type %s after its %zu bytes were allocated",
                                    i, t->name, TfLiteTypeGetName(t->type), t->bytes);
    if (t->allocation_type != kTfLiteArenaRw) continue;
    if (t->type == kTfLiteString)
      return tflc_interpreter_error(in, "tensor %d (%s): string activations are not supported yet", i, t->name);
    size_t bytes = tensor_bytes(t->type, t->dims->size, t->dims->data, in->max_tensor_bytes);
    if (bytes == SIZE_MAX)
      return tflc_interpreter_error(in, "tensor %d (%s): type %s with shape %s is too large (limit %zu bytes) or unsupported",
                                    i, t->name, TfLiteTypeGetName(t->type),
                                    tflc_shape_text(t->dims->size, t->dims->data).text, in->max_tensor_bytes);
    t->bytes = bytes;
  }
  return kTfLiteOk;
}

TfLiteStatus TfLiteInterpreterAllocateTensors(TfLiteInterpreter *in) {
  if (in == NULL) return kTfLiteError;
  in->error[0] = 0;
  in->prepared = 0;
  if (allocate_variables(in) != kTfLiteOk) return kTfLiteError;
  TfLiteStatus prepared = prepare_nodes(in); /* kTfLiteUnresolvedOps for an unregistered custom op */
  if (prepared != kTfLiteOk) return prepared == kTfLiteUnresolvedOps ? prepared : kTfLiteError;
  if (check_tensor_sizes(in) != kTfLiteOk || plan_and_bind(in) != kTfLiteOk) return kTfLiteError;
  in->prepared = 1;
  return kTfLiteOk;
}

TfLiteStatus TfLiteInterpreterInvoke(TfLiteInterpreter *in) {
  if (in == NULL) return kTfLiteError;
  if (!in->prepared)
    return tflc_interpreter_error(in, "Invoke called before AllocateTensors succeeded (call it after creating or resizing)");
  tflc_capi_invoke_begins(in); /* TfLiteInterpreterCancel (registration.c) */
  for (int32_t n = 0; n < in->nnodes; n++) {
    tflc_node *node = &in->nodes[n];
    if (tflc_capi_cancel_requested(in)) {
      tflc_interpreter_error(in, "Client requested cancel during Invoke()");
      return kTfLiteCancelled;
    }
    if (in->done_at_prepare[n]) continue; /* its outputs were computed at prepare */
    if (node->kernel->invoke(&in->context, node) != kTfLiteOk) {
      if (in->error[0] == 0) tflc_kernel_error(&in->context, node, "invoke failed");
      return kTfLiteError;
    }
  }
  return kTfLiteOk;
}

TfLiteStatus TfLiteInterpreterResizeInputTensor(TfLiteInterpreter *in, int32_t input_index, const int *dims,
                                                int32_t ndims) {
  if (in == NULL) return kTfLiteError;
  if (input_index < 0 || input_index >= in->subgraph->ninputs)
    return tflc_interpreter_error(in, "ResizeInputTensor: input %d out of range (%d inputs)", input_index, in->subgraph->ninputs);
  if (ndims < 0 || ndims > TFLC_MAX_DIMS || (ndims > 0 && dims == NULL))
    return tflc_interpreter_error(in, "ResizeInputTensor: %d dimensions (limit %d)", ndims, TFLC_MAX_DIMS);
  TfLiteTensor *t = &in->tensors[in->subgraph->inputs[input_index]];
  bool dynamic_string = t->allocation_type == kTfLiteDynamic && t->type == kTfLiteString;
  if (t->allocation_type != kTfLiteArenaRw && !dynamic_string)
    return tflc_interpreter_error(in, "ResizeInputTensor: input %d (%s) is not resizable", input_index, t->name);
  for (int32_t i = 0; i < ndims; i++)
    if (dims[i] < 0) return tflc_interpreter_error(in, "ResizeInputTensor: dimension %d is %d", i, dims[i]);
  if (tflc_resize_output(&in->context, t, ndims, dims) != kTfLiteOk) return kTfLiteError;
  if (dynamic_string) TfLiteTensorDataFree(t); /* its strings no longer match the shape: copy new ones in */
  in->prepared = 0;
  return kTfLiteOk;
}
