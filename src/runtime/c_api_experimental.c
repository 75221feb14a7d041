/*
** c_api_experimental.c — TensorFlow Lite 2.9's experimental C API (c_api_experimental.h), the
** newer interpreter accessors of c_api.h (tensor indices, GetTensor, cancellation) and the
** tensor/quantization/sparsity helpers of common.h.
*/
#include <stdlib.h>
#include <string.h>

#include "runtime/interpreter.h"
#include "tensorflow/lite/c/c_api_experimental.h"

/* ---- Options ---- */

/* Appends one registration; on failure remembers it so TfLiteInterpreterCreate can refuse. */
static void add_registration(TfLiteInterpreterOptions *options, int32_t builtin_code, const char *name,
                             const TfLiteRegistration *registration, int32_t min_version, int32_t max_version) {
  if (options == NULL || registration == NULL) return;
  tflc_capi_options *o = &options->capi;
  if (o->nops == o->capacity) {
    int32_t capacity = o->capacity ? 2 * o->capacity : 8;
    tflc_op_registration *grown = realloc(o->ops, (size_t)capacity * sizeof *grown);
    if (grown == NULL) {
      o->out_of_memory = true;
      return;
    }
    o->ops = grown;
    o->capacity = capacity;
  }
  tflc_op_registration *op = &o->ops[o->nops];
  op->custom_name = NULL;
  if (name != NULL && (op->custom_name = strdup(name)) == NULL) {
    o->out_of_memory = true;
    return;
  }
  op->builtin_code = builtin_code;
  op->registration = *registration;
  op->min_version = min_version;
  op->max_version = max_version;
  o->nops++;
}

TFL_CAPI_EXPORT void TfLiteInterpreterOptionsAddBuiltinOp(TfLiteInterpreterOptions *options, TfLiteBuiltinOperator op,
                                                          const TfLiteRegistration *registration, int32_t min_version,
                                                          int32_t max_version) {
  add_registration(options, (int32_t)op, NULL, registration, min_version, max_version);
}

TFL_CAPI_EXPORT void TfLiteInterpreterOptionsAddCustomOp(TfLiteInterpreterOptions *options, const char *name,
                                                         const TfLiteRegistration *registration, int32_t min_version,
                                                         int32_t max_version) {
  if (name == NULL) return;
  add_registration(options, kTfLiteBuiltinCustom, name, registration, min_version, max_version);
}

TFL_CAPI_EXPORT void TfLiteInterpreterOptionsSetOpResolver(
    TfLiteInterpreterOptions *options,
    const TfLiteRegistration *(*find_builtin_op)(void *user_data, TfLiteBuiltinOperator op, int version),
    const TfLiteRegistration *(*find_custom_op)(void *user_data, const char *custom_op, int version),
    void *op_resolver_user_data) {
  if (options == NULL) return;
  options->capi.find_builtin_op = find_builtin_op;
  options->capi.find_custom_op = find_custom_op;
  options->capi.resolver_data = op_resolver_user_data;
}

TFL_CAPI_EXPORT void TfLiteInterpreterOptionsSetUseNNAPI(TfLiteInterpreterOptions *options, bool enable) {
  if (options) options->capi.use_nnapi = enable;
}

TFL_CAPI_EXPORT void TfLiteInterpreterOptionsSetEnableDelegateFallback(TfLiteInterpreterOptions *options, bool enable) {
  if (options) options->capi.delegate_fallback = enable;
}

/* Offered the graph at TfLiteInterpreterCreate (registration.c: tflc_capi_apply_delegates). */
TFL_CAPI_EXPORT void TfLiteInterpreterOptionsAddDelegate(TfLiteInterpreterOptions *options, TfLiteDelegate *delegate) {
  if (options == NULL || delegate == NULL) return;
  tflc_capi_options *o = &options->capi;
  if (o->ndelegates == o->delegates_capacity) {
    int32_t capacity = o->delegates_capacity ? 2 * o->delegates_capacity : 4;
    TfLiteDelegate **grown = realloc(o->delegates, (size_t)capacity * sizeof *grown);
    if (grown == NULL) {
      o->out_of_memory = true;
      return;
    }
    o->delegates = grown;
    o->delegates_capacity = capacity;
  }
  o->delegates[o->ndelegates++] = delegate;
}

TFL_CAPI_EXPORT TfLiteStatus TfLiteInterpreterOptionsEnableCancellation(TfLiteInterpreterOptions *options, bool enable) {
  if (options == NULL) return kTfLiteError;
  options->capi.cancellation = enable;
  return kTfLiteOk;
}

/* ---- Interpreter ---- */

TFL_CAPI_EXPORT TfLiteInterpreter *TfLiteInterpreterCreateWithSelectedOps(const TfLiteModel *model,
                                                                          const TfLiteInterpreterOptions *options) {
  TfLiteInterpreterOptions selected;
  if (options != NULL) selected = *options; /* shallow: registrations and delegates stay the caller's */
  else {
    memset(&selected, 0, sizeof selected);
    selected.num_threads = 1;
  }
  selected.capi.selected_ops_only = true;
  return TfLiteInterpreterCreate(model, &selected);
}

TFL_CAPI_EXPORT TfLiteStatus TfLiteInterpreterModifyGraphWithDelegate(const TfLiteInterpreter *interpreter,
                                                                      TfLiteDelegate *delegate) {
  if (interpreter == NULL || delegate == NULL) return kTfLiteError;
  return tflc_capi_offer_graph((TfLiteInterpreter *)interpreter, delegate);
}

TFL_CAPI_EXPORT void TfLiteSetAllowBufferHandleOutput(const TfLiteInterpreter *interpreter, bool allow) {
  (void)interpreter, (void)allow;
}

TFL_CAPI_EXPORT int32_t TfLiteInterpreterGetInputTensorIndex(const TfLiteInterpreter *in, int32_t input_index) {
  if (in == NULL || input_index < 0 || input_index >= in->subgraph->ninputs) return -1;
  return in->subgraph->inputs[input_index];
}

TFL_CAPI_EXPORT int32_t TfLiteInterpreterGetOutputTensorIndex(const TfLiteInterpreter *in, int32_t output_index) {
  if (in == NULL || output_index < 0 || output_index >= in->subgraph->noutputs) return -1;
  return in->subgraph->outputs[output_index];
}

_Static_assert(sizeof(int) == sizeof(int32_t), "tensor index arrays are handed out as int");

TFL_CAPI_EXPORT const int *TfLiteInterpreterInputTensorIndices(const TfLiteInterpreter *in) {
  return in ? (const int *)in->subgraph->inputs : NULL;
}

TFL_CAPI_EXPORT const int *TfLiteInterpreterOutputTensorIndices(const TfLiteInterpreter *in) {
  return in ? (const int *)in->subgraph->outputs : NULL;
}

TFL_CAPI_EXPORT TfLiteTensor *TfLiteInterpreterGetTensor(const TfLiteInterpreter *in, int index) {
  if (in == NULL || index < 0 || index >= in->ntensors) return NULL;
  return &in->tensors[index];
}

TFL_CAPI_EXPORT TfLiteStatus TfLiteInterpreterCancel(const TfLiteInterpreter *interpreter) {
  return tflc_capi_request_cancel(interpreter);
}

/*
** As TFLite: every allocated variable tensor is filled with zero bytes (int8 variables with
** their zero point).
*/
TFL_CAPI_EXPORT TfLiteStatus TfLiteInterpreterResetVariableTensors(TfLiteInterpreter *in) {
  if (in == NULL) return kTfLiteError;
  for (int32_t i = 0; i < in->ntensors; i++) {
    TfLiteTensor *t = &in->tensors[i];
    if (!t->is_variable || t->allocation_type != kTfLiteArenaRwPersistent || t->data.raw == NULL) continue;
    int value = t->type == kTfLiteInt8 ? t->params.zero_point : 0;
    memset(t->data.raw, value, t->bytes);
  }
  return kTfLiteOk;
}

/* ---- common.h helpers ---- */

TFL_CAPI_EXPORT TfLiteDelegate TfLiteDelegateCreate(void) {
  TfLiteDelegate d;
  memset(&d, 0, sizeof d);
  d.flags = kTfLiteDelegateFlagsNone;
  return d;
}

TFL_CAPI_EXPORT void TfLiteTensorDataFree(TfLiteTensor *t) {
  if (t == NULL) return;
  if (t->allocation_type == kTfLiteDynamic && t->data.raw) free(t->data.raw);
  if (t->allocation_type == kTfLiteDynamic) t->data.raw = NULL;
}

TFL_CAPI_EXPORT void TfLiteQuantizationFree(TfLiteQuantization *q) {
  if (q == NULL) return;
  if (q->type == kTfLiteAffineQuantization && q->params != NULL) {
    TfLiteAffineQuantization *affine = q->params;
    TfLiteFloatArrayFree(affine->scale);
    TfLiteIntArrayFree(affine->zero_point);
    free(affine);
  }
  q->params = NULL;
  q->type = kTfLiteNoQuantization;
}

TFL_CAPI_EXPORT void TfLiteSparsityFree(TfLiteSparsity *sparsity) {
  if (sparsity == NULL) return;
  TfLiteIntArrayFree(sparsity->traversal_order);
  TfLiteIntArrayFree(sparsity->block_map);
  for (int i = 0; sparsity->dim_metadata && i < sparsity->dim_metadata_size; i++) {
    TfLiteIntArrayFree(sparsity->dim_metadata[i].array_segments);
    TfLiteIntArrayFree(sparsity->dim_metadata[i].array_indices);
  }
  free(sparsity->dim_metadata);
  free(sparsity);
}

TFL_CAPI_EXPORT void TfLiteTensorFree(TfLiteTensor *t) {
  if (t == NULL) return;
  TfLiteTensorDataFree(t);
  TfLiteIntArrayFree(t->dims);
  t->dims = NULL;
  TfLiteIntArrayFree((TfLiteIntArray *)t->dims_signature);
  t->dims_signature = NULL;
  TfLiteQuantizationFree(&t->quantization);
  TfLiteSparsityFree(t->sparsity);
  t->sparsity = NULL;
}

TFL_CAPI_EXPORT void TfLiteTensorReset(TfLiteType type, const char *name, TfLiteIntArray *dims,
                                       TfLiteQuantizationParams quantization, char *buffer, size_t size,
                                       TfLiteAllocationType allocation_type, const void *allocation, bool is_variable,
                                       TfLiteTensor *tensor) {
  if (tensor == NULL) return;
  TfLiteTensorFree(tensor);
  tensor->type = type;
  tensor->name = name;
  tensor->dims = dims;
  tensor->params = quantization;
  tensor->data.raw = buffer;
  tensor->bytes = size;
  tensor->allocation_type = allocation_type;
  tensor->allocation = allocation;
  tensor->is_variable = is_variable;
  tensor->quantization.type = kTfLiteNoQuantization;
  tensor->quantization.params = NULL;
}

TFL_CAPI_EXPORT TfLiteStatus TfLiteTensorCopy(const TfLiteTensor *src, TfLiteTensor *dst) {
  if (src == NULL || dst == NULL) return kTfLiteOk; /* as TFLite: nothing to copy */
  if (src->bytes != dst->bytes) return kTfLiteError;
  if (src == dst || src->bytes == 0) return kTfLiteOk;
  if (src->data.raw == NULL || dst->data.raw == NULL) return kTfLiteError;
  TfLiteIntArray *dims = TfLiteIntArrayCopy(src->dims);
  if (src->dims != NULL && dims == NULL) return kTfLiteError;
  TfLiteIntArrayFree(dst->dims);
  dst->dims = dims;
  dst->type = src->type;
  memcpy(dst->data.raw, src->data.raw, src->bytes);
  dst->buffer_handle = src->buffer_handle;
  dst->data_is_stale = src->data_is_stale;
  dst->delegate = src->delegate;
  return kTfLiteOk;
}

TFL_CAPI_EXPORT void TfLiteTensorRealloc(size_t num_bytes, TfLiteTensor *tensor) {
  if (tensor == NULL || tensor->allocation_type != kTfLiteDynamic) return;
  char *grown = realloc(tensor->data.raw, num_bytes ? num_bytes : 1);
  if (grown == NULL) return; /* TFLite aborts here; tflc leaves the tensor as it was */
  tensor->data.raw = grown;
  tensor->bytes = num_bytes;
}
