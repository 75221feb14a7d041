/*
** add_fast.c — quantized elementwise ADD on the vector microkernels (qconv.h), with add.c's
** kernel behind it for everything else (broadcasting, float, forced reference kernels).
**
** Same dispatch as qconv_ops.c: the registered kernel prepares with the reference kernel
** (validation, output shape), and when both inputs and the output are UINT8 or INT8 of one
** shape it computes the same left-shift-20 constants as add.c's prepare_quantized (TFLite's
** add.cc Prepare) and switches node->kernel to the vector invoke, split over the threads.
*/
#include "kernels/qconv.h"
#include "kernels/quant.h"
#include "runtime/kernel.h"
#include "runtime/threadpool.h"

extern const tflc_kernel tflc_add_kernel;

typedef struct add_fast_op {
  tflc_q8_add_params params;
  tflc_q8_vadd_ukernel_fn kernel;
  size_t count;   /* elements */
  size_t threads;
} add_fast_op;

typedef struct add_job {
  const add_fast_op *op;
  const uint8_t *a, *b;
  uint8_t *out;
} add_job;

enum { ADD_CHUNK = 4096 }; /* elements per parallel work item */

/* Chunks [begin, end) of ADD_CHUNK elements on one thread. */
static void add_task(void *arg, size_t thread, size_t begin, size_t end) {
  const add_job *job = arg;
  size_t first = begin * ADD_CHUNK, last = end * ADD_CHUNK;
  if (last > job->op->count) last = job->op->count;
  job->op->kernel(last - first, job->a + first, job->b + first, job->out + first, &job->op->params);
}

/* Invoke of the fast path: chunks of elements split over the threads. */
static TfLiteStatus add_fast_invoke(tflc_context *ctx, tflc_node *node) {
  const add_fast_op *op = node->op_data;
  add_job job = {op, (const uint8_t *)tflc_input(ctx, node, 0)->data.raw_const,
                 (const uint8_t *)tflc_input(ctx, node, 1)->data.raw_const,
                 (uint8_t *)tflc_output(ctx, node, 0)->data.raw};
  /* Below 4 chunks (16K elements, a few microseconds), one thread: waking the workers would
     cost about what it saves. A 28x28x32 residual (7 chunks) already gains from two. */
  size_t chunks = (op->count + ADD_CHUNK - 1) / ADD_CHUNK;
  tflc_parallel_for(ctx, chunks < 4 ? 1 : op->threads, chunks, add_task, &job);
  return kTfLiteOk;
}

static TfLiteStatus add_dispatch_prepare(tflc_context *ctx, tflc_node *node);
static const tflc_kernel add_fast = {"ADD", add_dispatch_prepare, add_fast_invoke};
static TfLiteStatus add_reference_invoke(tflc_context *ctx, tflc_node *node) { return tflc_add_kernel.invoke(ctx, node); }
static const tflc_kernel add_reference = {"ADD", add_dispatch_prepare, add_reference_invoke};

/* add.c's prepare_quantized (TFLite's add.cc), into the microkernel's parameters. */
static TfLiteStatus add_params(tflc_context *ctx, tflc_node *node, const TfLiteTensor *in1, const TfLiteTensor *in2,
                               const TfLiteTensor *output, tflc_q8_add_params *p) {
  p->input1_zero_point = in1->params.zero_point;
  p->input2_zero_point = in2->params.zero_point;
  p->output_zero_point = output->params.zero_point;
  const float max_scale = in1->params.scale > in2->params.scale ? in1->params.scale : in2->params.scale;
  const double twice_max = (double)(2 * max_scale);
  const double real1 = in1->params.scale / twice_max, real2 = in2->params.scale / twice_max;
  const double real_out = twice_max / (double)((float)(1 << 20) * output->params.scale);
  int s1, s2, so;
  tflc_quantize_multiplier_smaller_than_one(real1, &p->input1_multiplier, &s1);
  tflc_quantize_multiplier_smaller_than_one(real2, &p->input2_multiplier, &s2);
  tflc_quantize_multiplier_smaller_than_one(real_out, &p->output_multiplier, &so);
  p->input1_shift = s1, p->input2_shift = s2, p->output_shift = so;
  tflc_fb_table opt = tflc_node_options(node, TFLC_OPTIONS_ADD); /* fused_activation_function: field 0 */
  tflc_activation act = (tflc_activation)tflc_fb_i8(&opt, 0, TFLC_ACTIVATION_NONE);
  return tflc_quantized_activation_range(ctx, node, act, output, &p->act_min, &p->act_max);
}

/* Prepares with add.c, then moves same-shape quantized ADDs to the vector path. */
static TfLiteStatus add_dispatch_prepare(tflc_context *ctx, tflc_node *node) {
  node->kernel = &add_reference;
  TfLiteStatus s = tflc_add_kernel.prepare(ctx, node);
  if (s != kTfLiteOk || tflc_use_reference_kernels(ctx) || node->ninputs != 2) return s;
  const TfLiteTensor *in1 = tflc_input(ctx, node, 0), *in2 = tflc_input(ctx, node, 1);
  const TfLiteTensor *output = tflc_output(ctx, node, 0);
  if (!in1 || !in2 || !output) return kTfLiteOk;
  TfLiteType t = output->type;
  if ((t != kTfLiteUInt8 && t != kTfLiteInt8) || in1->type != t || in2->type != t) return kTfLiteOk;
  if (!tflc_same_shape(in1, in2) || !tflc_same_shape(in1, output)) return kTfLiteOk; /* broadcasting: add.c */
  if (!(in1->params.scale > 0 && in2->params.scale > 0 && output->params.scale > 0)) return kTfLiteOk;
  add_fast_op *op = tflc_alloc_op_data(ctx, node, sizeof *op);
  if (!op) return kTfLiteError;
  s = add_params(ctx, node, in1, in2, output, &op->params);
  if (s != kTfLiteOk) return s;
  const tflc_qconv_config *cfg = tflc_qconv_config_get();
  op->kernel = t == kTfLiteInt8 ? cfg->vadd_qs8 : cfg->vadd_qu8;
  op->count = (size_t)tflc_num_elements(output);
  op->threads = tflc_num_threads(ctx) > 1 ? (size_t)tflc_num_threads(ctx) : 1;
  node->kernel = &add_fast;
  return kTfLiteOk;
}

const tflc_kernel tflc_add_dispatch_kernel = {"ADD", add_dispatch_prepare, add_reference_invoke};
