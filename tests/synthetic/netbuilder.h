/*
** netbuilder.h — builds synthetic image networks (NHWC, batch 1) as .tflite files.
**
** The hosted models tflc must run (Inception, ResNet, NASNet, ...) cannot be downloaded here,
** so the tests rebuild their architectures with seeded random weights and compare tflc with
** real TensorFlow Lite on them. An architecture is written once as a function of an nb_net
** and works for both dtypes:
**
**   static void tiny(nb_net *n) {
**     nb_t x = nb_input(n, 224, 224, 3);
**     x = nb_conv(n, x, 32, 3, 3, 2, 2, NB_SAME, NB_ACT_RELU6);
**     x = nb_avgpool(n, x, nb_dim(n, x, 1), 1, NB_VALID);
**     x = nb_conv(n, x, 1001, 1, 1, 1, 1, NB_SAME, NB_ACT_NONE);
**     x = nb_squeeze_hw(n, x);
**     nb_output(n, nb_softmax(n, x));
**   }
**   static const nb_arch arch = {"tiny", tiny, "AVERAGE_POOL_2D,CONV_2D,SOFTMAX,SQUEEZE"};
**   char err[256];
**   if (nb_make_file(&arch, NB_UINT8, 1, "tiny.tflite", err, sizeof err) != 0) puts(err);
**
** Weights: each constant is drawn from the net's PRNG (splitmix64 of the seed) in creation
** order, He-style (uniform, variance 2 / fan_in) so activations neither explode nor vanish;
** the same seed gives the same file, byte for byte.
**
** Quantization (NB_UINT8), as TOCO-era uint8 models have it: per-tensor asymmetric uint8,
** activations' ranges from a calibration (nb_make_file first builds the float network with
** every activation as a graph output, runs it with tflc on a seeded random input in [-1, 1),
** and records each tensor's min and max, widened to include 0); weights quantized from their
** own range; conv/FC biases int32 with scale input_scale * weight_scale. The input is
** scale 1/128, zero point 128. Ops that only move values (pools, PAD, RESHAPE, SQUEEZE,
** STRIDED_SLICE) keep their input's quantization; SOFTMAX outputs scale 1/256, zero point 0.
**
** Errors: every builder function returns -1 once an error has happened (an invalid tensor,
** a bad shape, memory); the first message sticks in the net, and nb_finish fails with it, so
** architectures need not check each call.
*/
#ifndef TFLC_TESTS_SYNTHETIC_NETBUILDER_H_
#define TFLC_TESTS_SYNTHETIC_NETBUILDER_H_

#include <stddef.h>
#include <stdint.h>

typedef enum { NB_FLOAT32, NB_UINT8 } nb_dtype;
typedef enum { NB_SAME, NB_VALID } nb_padding;
typedef enum { NB_ACT_NONE, NB_ACT_RELU, NB_ACT_RELU6 } nb_act;
typedef struct nb_net nb_net;
typedef int32_t nb_t; /* a tensor; errors stick in the net and are reported by nb_finish */

/* The graph input, [1, h, w, c]; call once, first. */
nb_t nb_input(nb_net *n, int h, int w, int c);
/* CONV_2D with a [cout, kh, kw, cin] weight and a bias. */
nb_t nb_conv(nb_net *n, nb_t x, int cout, int kh, int kw, int stride_h, int stride_w, nb_padding pad, nb_act act);
nb_t nb_dwconv(nb_net *n, nb_t x, int k, int stride, nb_padding pad, nb_act act); /* depth multiplier 1 */
/* DEPTHWISE_CONV_2D with `multiplier` outputs per input channel (Inception v2's separable stem). */
nb_t nb_dwconv_multiplier(nb_net *n, nb_t x, int k, int stride, int multiplier, nb_padding pad, nb_act act);
nb_t nb_maxpool(nb_net *n, nb_t x, int k, int stride, nb_padding pad);
nb_t nb_avgpool(nb_net *n, nb_t x, int k, int stride, nb_padding pad);
nb_t nb_concat(nb_net *n, int count, const nb_t *xs); /* along channels */
nb_t nb_add(nb_net *n, nb_t a, nb_t b, nb_act act);
nb_t nb_mul_scalar(nb_net *n, nb_t x, float s);        /* MUL by a constant scalar (residual scaling) */
nb_t nb_batchnorm(nb_net *n, nb_t x);                  /* un-folded BN: MUL + ADD by per-channel constants */
nb_t nb_relu(nb_net *n, nb_t x);
nb_t nb_relu6(nb_net *n, nb_t x);
nb_t nb_pad(nb_net *n, nb_t x, int top, int bottom, int left, int right); /* PAD with zeros (the zero point) */
nb_t nb_strided_slice(nb_net *n, nb_t x, const int begin[4], const int end[4], const int strides[4]);
nb_t nb_mean_hw(nb_net *n, nb_t x, int keep_dims);     /* MEAN over H and W */
nb_t nb_fc(nb_net *n, nb_t x, int units, nb_act act);  /* FULLY_CONNECTED on a [1, C] or NHWC tensor */
nb_t nb_reshape(nb_net *n, nb_t x, int ndims, const int *dims);
nb_t nb_squeeze_hw(nb_net *n, nb_t x);                 /* SQUEEZE dims 1 and 2 */
nb_t nb_softmax(nb_net *n, nb_t x);
void nb_output(nb_net *n, nb_t x);                     /* marks a graph output (in call order) */
int nb_dim(const nb_net *n, nb_t x, int axis);         /* shape queries: axis 0..3; -1 past the tensor's dims */

/* One architecture: builds its graph (from nb_input to nb_output) on n. */
typedef struct nb_arch {
  const char *name;       /* e.g. "inception_v3" */
  void (*build)(nb_net *n);
  const char *ops;        /* the op set `tflc info` must show, sorted, comma separated,
                             e.g. "AVERAGE_POOL_2D,CONCATENATION,CONV_2D,MAX_POOL_2D,RESHAPE,SOFTMAX" */
} nb_arch;

/* ---- lifecycle ---------------------------------------------------------------------- */

/*
** A new, empty float32 network whose weights come from `seed`; NULL when out of memory.
** For uint8 models use nb_make_file, which needs a calibration pass first.
*/
nb_net *nb_create(nb_dtype dtype, uint64_t seed);
/* The first error ("" when none). Valid until nb_free. */
const char *nb_error(const nb_net *n);
/* Serializes the network to `path`; 0, or -1 with the reason in nb_error. */
int nb_finish(nb_net *n, const char *path);
void nb_free(nb_net *n);

/*
** Builds `arch` in `dtype` with weights from `seed` and writes it to `path` (for NB_UINT8:
** calibrates the float network first, see above). 0, or -1 with the reason in err.
*/
int nb_make_file(const nb_arch *arch, nb_dtype dtype, uint64_t seed, const char *path, char *err, size_t errlen);

/* Number of tensors (activations) made so far: for tests of the builder itself. */
int nb_tensor_count(const nb_net *n);

/* ---- added by synth-archs ------------------------------------------------------------ */

/* DEPTHWISE_CONV_2D (depth multiplier 1) with the same dilation factor along H and W. */
nb_t nb_dwconv_dilated(nb_net *n, nb_t x, int k, int stride, int dilation, nb_padding pad, nb_act act);

#endif /* TFLC_TESTS_SYNTHETIC_NETBUILDER_H_ */
