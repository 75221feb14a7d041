/*
** fuzz_invoke.c — libFuzzer target: the whole path of a downloaded model.
**
** Load, create an interpreter, allocate tensors and invoke with zeroed inputs, as
** TensorFlow Lite's tflite_interpreter_fuzz does. Work is capped so one input cannot
** hang the fuzzer: the runtime's own limits (tflc_interpreter_options_set_limits) refuse
** tensors over 16 MiB and arenas over 64 MiB, and models whose prepared graph needs more
** than FUZZ_MAX_WORK multiply-accumulates are prepared but not invoked.
** A finding is a sanitizer report, a crash, a hang, or a failure without a message.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/interpreter.h"
#include "tflc/runtime.h"

#define FUZZ_MAX_TENSOR_BYTES ((size_t)16 << 20)
#define FUZZ_MAX_ARENA_BYTES ((size_t)64 << 20)
#define FUZZ_MAX_WORK (20ll * 1000 * 1000)

/* Swallows messages, noting that one came (user_data points to a flag). */
static void quiet(void *user_data, const char *format, va_list args) {
  (void)format, (void)args;
  *(int *)user_data = 1;
}

static long long elements_of(const TfLiteTensor *t) {
  long long n = 1;
  for (int i = 0; t->dims && i < t->dims->size; i++) n *= t->dims->data[i];
  return n;
}

static long long min_ll(long long a, long long b) { return a < b ? a : b; }

/*
** An upper bound on the multiply-accumulates (or element visits) of one node, from its
** prepared shapes: convolutions and pooling windows multiply, everything else is linear
** in its tensors. Shapes are bounded by the tensor limit, so nothing here overflows.
*/
static long long node_work(const TfLiteInterpreter *in, const tflc_node *node) {
  long long work = 0, out = 0;
  for (int i = 0; i < node->ninputs; i++)
    if (node->inputs[i] >= 0) work += elements_of(&in->tensors[node->inputs[i]]);
  for (int i = 0; i < node->noutputs; i++) out += elements_of(&in->tensors[node->outputs[i]]);
  work += out;
  const TfLiteTensor *filter = node->ninputs > 1 && node->inputs[1] >= 0 ? &in->tensors[node->inputs[1]] : NULL;
  const TfLiteTensor *input = node->ninputs > 0 && node->inputs[0] >= 0 ? &in->tensors[node->inputs[0]] : NULL;
  switch (node->builtin_code) {
    case 3: case 4: case 9: /* CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED: out x filter size */
      if (filter != NULL && out > 0) work += out * elements_of(filter);
      break;
    case 1: case 17: /* AVERAGE_POOL_2D, MAX_POOL_2D: out x window (clipped to the input) */
      if (input != NULL && input->dims && input->dims->size == 4) {
        long long fw = tflc_fb_i32(&node->options, 3, 0), fh = tflc_fb_i32(&node->options, 4, 0);
        work += out * min_ll(fw < 0 ? 0 : fw, input->dims->data[2]) * min_ll(fh < 0 ? 0 : fh, input->dims->data[1]);
      }
      break;
    case 40: /* MEAN: each output reads its slice of the input */
      if (input != NULL) work += elements_of(input);
      break;
    default:
      break;
  }
  return work;
}

static long long graph_work(const TfLiteInterpreter *in) {
  long long total = 0;
  for (int32_t n = 0; n < in->nnodes && total <= FUZZ_MAX_WORK; n++) total += node_work(in, &in->nodes[n]);
  return total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[512];
  TfLiteModel *model = tflc_model_load_memory(data, size, err, sizeof err);
  if (model == NULL) {
    if (err[0] == 0) abort();
    return 0;
  }
  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  int reported = 0;
  TfLiteInterpreterOptionsSetErrorReporter(options, quiet, &reported);
  tflc_interpreter_options_set_limits(options, FUZZ_MAX_TENSOR_BYTES, FUZZ_MAX_ARENA_BYTES);
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, options);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
  if (in == NULL) {
    if (!reported) abort(); /* Create has no handle to keep a message: it must reach the reporter */
    return 0;
  }
  if (TfLiteInterpreterAllocateTensors(in) != kTfLiteOk) {
    if (tflc_interpreter_last_error(in)[0] == 0) abort();
  } else if (graph_work(in) <= FUZZ_MAX_WORK) {
    for (int32_t k = 0; k < TfLiteInterpreterGetInputTensorCount(in); k++) {
      TfLiteTensor *t = TfLiteInterpreterGetInputTensor(in, k);
      if (TfLiteTensorData(t) != NULL && t->allocation_type == kTfLiteArenaRw)
        memset(TfLiteTensorData(t), 0, TfLiteTensorByteSize(t));
    }
    if (TfLiteInterpreterInvoke(in) != kTfLiteOk && tflc_interpreter_last_error(in)[0] == 0) abort();
  }
  TfLiteInterpreterDelete(in);
  return 0;
}
