/*
** interpreter.c — building, preparing and running subgraph 0 of a model.
**
** Create:   one TfLiteTensor per model tensor (constants point into the file), one node
**           per operator with its kernel; a missing kernel is an error naming the op.
** Allocate: prepare every node in order (shapes flow forward), then plan the arena from
**           the tensors' lifetimes and bind every data pointer.
** Invoke:   run the kernels in order.
*/
#include "runtime/interpreter.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/arena_planner.h"

/*
** Largest tensor and arena tflc will allocate. The hosted models need tens of MiB; the
** limits keep a hostile shape from making tflc allocate and sweep gigabytes.
*/
#define MAX_TENSOR_BYTES ((size_t)1 << 30)
#define MAX_ARENA_BYTES ((size_t)1 << 32)

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

int64_t tflc_num_elements(const TfLiteTensor *t) {
  int64_t n = 1;
  for (int i = 0; i < tflc_ndims(t); i++) n *= t->dims->data[i];
  return n;
}

bool tflc_same_shape(const TfLiteTensor *a, const TfLiteTensor *b) {
  return TfLiteIntArrayEqual(a->dims, b->dims) != 0;
}

/* Byte size of a tensor of `type` and shape, or SIZE_MAX when it overflows or is absurd. */
static size_t tensor_bytes(TfLiteType type, int ndims, const int *dims) {
  size_t elem = tflc_type_size(type);
  if (elem == 0) return SIZE_MAX;
  size_t bytes = elem;
  for (int i = 0; i < ndims; i++) {
    if (dims[i] < 0) return SIZE_MAX;
    if (dims[i] != 0 && bytes > MAX_TENSOR_BYTES / (size_t)dims[i]) return SIZE_MAX;
    bytes *= (size_t)dims[i];
  }
  return bytes;
}

TfLiteStatus tflc_resize_output(tflc_context *ctx, TfLiteTensor *tensor, int ndims, const int32_t *dims) {
  TfLiteInterpreter *in = ctx->interpreter;
  int32_t index = (int32_t)(tensor - in->tensors);
  if (ndims < 0 || ndims > TFLC_MAX_DIMS)
    return tflc_interpreter_error(in, "tensor %d (%s): %d dimensions (limit %d)", index, tensor->name, ndims, TFLC_MAX_DIMS);
  if (tflc_is_constant(tensor))
    return tflc_interpreter_error(in, "tensor %d (%s) is constant and cannot be an operator's output", index, tensor->name);
  size_t bytes = tensor_bytes(tensor->type, ndims, dims);
  if (bytes == SIZE_MAX && tensor->type != kTfLiteString)
    return tflc_interpreter_error(in, "tensor %d (%s): shape too large or negative", index, tensor->name);
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
  if (size > MAX_TENSOR_BYTES) return tflc_kernel_error(ctx, node, "scratch of %zu bytes is too large", size);
  node->scratch_size = size;
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
  if (b->data != NULL && !mt->is_variable) return bind_constant(in, t, b, index);
  if (mt->is_variable) t->allocation_type = kTfLiteArenaRwPersistent;
  size_t bytes = tensor_bytes(t->type, t->dims->size, t->dims->data);
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
  if (node->kernel == NULL)
    return tflc_interpreter_error(in, "operator %d: %s%s version %d is not supported by tflc", index,
                                  code->builtin_code == 32 ? "custom op " : "", node->op_name, code->version);
  return kTfLiteOk;
}

/*
** An operator must never write a constant: constants may live in read-only mapped memory.
** (Reading a tensor nothing wrote is allowed, as in TFLite: it reads arena memory.)
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

static void release_tensors(TfLiteInterpreter *in) {
  for (int32_t i = 0; i < in->ntensors; i++) {
    TfLiteTensor *t = &in->tensors[i];
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
  if (in->tensors) release_tensors(in);
  for (int32_t i = 0; in->nodes && i < in->nnodes; i++) free(in->nodes[i].op_data);
  free(in->tensors);
  free(in->nodes);
  free(in->persistent);
  free(in->arena);
  TfLiteModelDelete(in->model);
  free(in);
}

TfLiteInterpreter *TfLiteInterpreterCreate(const TfLiteModel *model, const TfLiteInterpreterOptions *options) {
  if (model == NULL) return NULL;
  TfLiteInterpreter *in = calloc(1, sizeof *in);
  if (in == NULL) return NULL;
  in->context.interpreter = in;
  in->num_threads = 1;
  in->reporter = tflc_report_to_stderr;
  if (options != NULL) {
    if (options->num_threads > 0) in->num_threads = options->num_threads;
    if (options->reporter) {
      in->reporter = options->reporter;
      in->reporter_data = options->reporter_data;
    }
  }
  atomic_fetch_add(&((TfLiteModel *)model)->refcount, 1);
  in->model = (TfLiteModel *)model;
  in->subgraph = &model->parsed.subgraphs[0];
  in->ntensors = in->subgraph->ntensors;
  in->nnodes = in->subgraph->noperators;
  in->tensors = calloc((size_t)in->ntensors + 1, sizeof *in->tensors);
  in->persistent = calloc((size_t)in->ntensors + 1, sizeof *in->persistent);
  in->nodes = calloc((size_t)in->nnodes + 1, sizeof *in->nodes);
  if (in->tensors == NULL || in->persistent == NULL || in->nodes == NULL) {
    tflc_interpreter_error(in, "out of memory creating the interpreter");
    interpreter_free(in);
    return NULL;
  }
  TfLiteStatus status = kTfLiteOk;
  for (int32_t i = 0; i < in->ntensors && status == kTfLiteOk; i++) status = init_tensor(in, i);
  for (int32_t i = 0; i < in->nnodes && status == kTfLiteOk; i++) status = init_node(in, i);
  if (status == kTfLiteOk) status = check_dataflow(in);
  if (status != kTfLiteOk) {
    interpreter_free(in);
    return NULL;
  }
  return in;
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
  if (node->kernel->prepare(&in->context, node) != kTfLiteOk) {
    if (in->error[0] == 0) tflc_kernel_error(&in->context, node, "prepare failed");
    return kTfLiteError;
  }
  for (int32_t i = 0; i < node->noutputs; i++)
    take_snapshot(tflc_output(&in->context, node, i), snaps + (node->ninputs + i) * SNAPSHOT_INTS);
  return kTfLiteOk;
}

static TfLiteStatus prepare_nodes(TfLiteInterpreter *in) {
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
  if (total > MAX_ARENA_BYTES) {
    free(bufs);
    return tflc_interpreter_error(in, "the activation arena would need %zu bytes (limit %zu)", total, MAX_ARENA_BYTES);
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
    size_t bytes = tensor_bytes(t->type, t->dims->size, t->dims->data);
    if (bytes == SIZE_MAX) return tflc_interpreter_error(in, "tensor %d (%s): shape too large", i, t->name);
    free(in->persistent[i]);
    in->persistent[i] = calloc(1, bytes ? bytes : 1);
    if (in->persistent[i] == NULL) return tflc_interpreter_error(in, "out of memory for variable tensor %d", i);
    const tflc_model_buffer *b = &in->model->parsed.buffers[in->subgraph->tensors[i].buffer];
    if (b->data != NULL && b->size == bytes) memcpy(in->persistent[i], b->data, bytes);
    t->bytes = bytes;
    t->data.raw = in->persistent[i];
  }
  return kTfLiteOk;
}

static TfLiteStatus check_tensor_sizes(TfLiteInterpreter *in) {
  for (int32_t i = 0; i < in->ntensors; i++) {
    TfLiteTensor *t = &in->tensors[i];
    if (t->allocation_type != kTfLiteArenaRw) continue;
    if (t->type == kTfLiteString)
      return tflc_interpreter_error(in, "tensor %d (%s): string activations are not supported yet", i, t->name);
    size_t bytes = tensor_bytes(t->type, t->dims->size, t->dims->data);
    if (bytes == SIZE_MAX)
      return tflc_interpreter_error(in, "tensor %d (%s): type %s with this shape is too large or unsupported", i,
                                    t->name, TfLiteTypeGetName(t->type));
    t->bytes = bytes;
  }
  return kTfLiteOk;
}

TfLiteStatus TfLiteInterpreterAllocateTensors(TfLiteInterpreter *in) {
  if (in == NULL) return kTfLiteError;
  in->error[0] = 0;
  in->prepared = 0;
  if (allocate_variables(in) != kTfLiteOk || prepare_nodes(in) != kTfLiteOk || check_tensor_sizes(in) != kTfLiteOk ||
      plan_and_bind(in) != kTfLiteOk)
    return kTfLiteError;
  in->prepared = 1;
  return kTfLiteOk;
}

TfLiteStatus TfLiteInterpreterInvoke(TfLiteInterpreter *in) {
  if (in == NULL) return kTfLiteError;
  if (!in->prepared)
    return tflc_interpreter_error(in, "Invoke called before AllocateTensors succeeded (call it after creating or resizing)");
  for (int32_t n = 0; n < in->nnodes; n++) {
    tflc_node *node = &in->nodes[n];
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
  if (t->allocation_type != kTfLiteArenaRw)
    return tflc_interpreter_error(in, "ResizeInputTensor: input %d (%s) is not resizable", input_index, t->name);
  for (int32_t i = 0; i < ndims; i++)
    if (dims[i] < 0) return tflc_interpreter_error(in, "ResizeInputTensor: dimension %d is %d", i, dims[i]);
  if (tflc_resize_output(&in->context, t, ndims, dims) != kTfLiteOk) return kTfLiteError;
  in->prepared = 0;
  return kTfLiteOk;
}
