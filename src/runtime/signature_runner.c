/*
** signature_runner.c — the signature API: named inputs and outputs of a model's subgraphs.
**
** A signature of subgraph 0 runs on the interpreter itself; a signature of another subgraph
** gets an interpreter of its own for that subgraph (tflc_interpreter_create_for_subgraph),
** made with the parent's thread count, reporter and limits. Custom op registrations and
** delegates are not carried over: they were read from options the caller may have deleted.
*/
#include <stdlib.h>
#include <string.h>

#include "runtime/interpreter.h"

struct TfLiteSignatureRunner {
  TfLiteInterpreter *interpreter; /* the parent's (subgraph 0) or owned */
  int owns_interpreter;
  const tflc_model_signature *signature;
};

static const tflc_model *model_of(const TfLiteInterpreter *in) { return &in->model->parsed; }

TFL_CAPI_EXPORT int32_t TfLiteInterpreterGetSignatureCount(const TfLiteInterpreter *in) {
  return in ? model_of(in)->nsignatures : 0;
}

TFL_CAPI_EXPORT const char *TfLiteInterpreterGetSignatureKey(const TfLiteInterpreter *in, int32_t index) {
  if (in == NULL || index < 0 || index >= model_of(in)->nsignatures) return NULL;
  return model_of(in)->signatures[index].key;
}

static const tflc_model_signature *find_signature(const tflc_model *m, const char *key) {
  if (key == NULL) return m->nsignatures == 1 ? &m->signatures[0] : NULL;
  for (int32_t i = 0; i < m->nsignatures; i++)
    if (strcmp(m->signatures[i].key, key) == 0) return &m->signatures[i];
  return NULL;
}

/* An interpreter for another subgraph, with the parent's settings. */
static TfLiteInterpreter *interpreter_for(const TfLiteInterpreter *parent, uint32_t subgraph) {
  TfLiteInterpreterOptions options;
  memset(&options, 0, sizeof options);
  options.num_threads = parent->num_threads;
  options.reporter = parent->reporter;
  options.reporter_data = parent->reporter_data;
  options.max_tensor_bytes = parent->max_tensor_bytes;
  options.max_arena_bytes = parent->max_arena_bytes;
  options.use_reference_kernels = parent->use_reference_kernels;
  return tflc_interpreter_create_for_subgraph(parent->model, &options, (int32_t)subgraph);
}

TFL_CAPI_EXPORT TfLiteSignatureRunner *TfLiteInterpreterGetSignatureRunner(const TfLiteInterpreter *in, const char *key) {
  if (in == NULL) return NULL;
  const tflc_model_signature *sig = find_signature(model_of(in), key);
  if (sig == NULL) {
    tflc_interpreter_error((TfLiteInterpreter *)in, "no signature named '%s' (%d signatures)", key ? key : "(null)",
                           model_of(in)->nsignatures);
    return NULL;
  }
  TfLiteSignatureRunner *runner = calloc(1, sizeof *runner);
  if (runner == NULL) return NULL;
  runner->signature = sig;
  if (in->subgraph == &model_of(in)->subgraphs[sig->subgraph]) {
    runner->interpreter = (TfLiteInterpreter *)in;
  } else {
    runner->interpreter = interpreter_for(in, sig->subgraph);
    runner->owns_interpreter = 1;
    if (runner->interpreter == NULL) {
      free(runner);
      return NULL;
    }
  }
  return runner;
}

TFL_CAPI_EXPORT void TfLiteSignatureRunnerDelete(TfLiteSignatureRunner *runner) {
  if (runner == NULL) return;
  if (runner->owns_interpreter) TfLiteInterpreterDelete(runner->interpreter);
  free(runner);
}

TFL_CAPI_EXPORT size_t TfLiteSignatureRunnerGetInputCount(const TfLiteSignatureRunner *r) {
  return r ? (size_t)r->signature->ninputs : 0;
}

TFL_CAPI_EXPORT size_t TfLiteSignatureRunnerGetOutputCount(const TfLiteSignatureRunner *r) {
  return r ? (size_t)r->signature->noutputs : 0;
}

TFL_CAPI_EXPORT const char *TfLiteSignatureRunnerGetInputName(const TfLiteSignatureRunner *r, int32_t i) {
  return r && i >= 0 && i < r->signature->ninputs ? r->signature->input_names[i] : NULL;
}

TFL_CAPI_EXPORT const char *TfLiteSignatureRunnerGetOutputName(const TfLiteSignatureRunner *r, int32_t i) {
  return r && i >= 0 && i < r->signature->noutputs ? r->signature->output_names[i] : NULL;
}

/* Tensor index behind a name in names[0..n), or -1. */
static int32_t tensor_named(const char *const *names, const int32_t *tensors, int32_t n, const char *name) {
  if (name == NULL) return -1;
  for (int32_t i = 0; i < n; i++)
    if (strcmp(names[i], name) == 0) return tensors[i];
  return -1;
}

TFL_CAPI_EXPORT TfLiteTensor *TfLiteSignatureRunnerGetInputTensor(TfLiteSignatureRunner *r, const char *name) {
  if (r == NULL) return NULL;
  int32_t t = tensor_named(r->signature->input_names, r->signature->input_tensors, r->signature->ninputs, name);
  return t < 0 ? NULL : &r->interpreter->tensors[t];
}

TFL_CAPI_EXPORT const TfLiteTensor *TfLiteSignatureRunnerGetOutputTensor(const TfLiteSignatureRunner *r,
                                                                         const char *name) {
  if (r == NULL) return NULL;
  int32_t t = tensor_named(r->signature->output_names, r->signature->output_tensors, r->signature->noutputs, name);
  return t < 0 ? NULL : &r->interpreter->tensors[t];
}

TFL_CAPI_EXPORT TfLiteStatus TfLiteSignatureRunnerResizeInputTensor(TfLiteSignatureRunner *r, const char *name,
                                                                    const int *dims, int32_t ndims) {
  if (r == NULL) return kTfLiteError;
  int32_t t = tensor_named(r->signature->input_names, r->signature->input_tensors, r->signature->ninputs, name);
  const tflc_model_subgraph *sg = r->interpreter->subgraph;
  for (int32_t i = 0; t >= 0 && i < sg->ninputs; i++)
    if (sg->inputs[i] == t) return TfLiteInterpreterResizeInputTensor(r->interpreter, i, dims, ndims);
  return tflc_interpreter_error(r->interpreter, "signature %s: no resizable input named '%s'", r->signature->key,
                                name ? name : "(null)");
}

TFL_CAPI_EXPORT TfLiteStatus TfLiteSignatureRunnerAllocateTensors(TfLiteSignatureRunner *r) {
  return r ? TfLiteInterpreterAllocateTensors(r->interpreter) : kTfLiteError;
}

TFL_CAPI_EXPORT TfLiteStatus TfLiteSignatureRunnerInvoke(TfLiteSignatureRunner *r) {
  return r ? TfLiteInterpreterInvoke(r->interpreter) : kTfLiteError;
}
