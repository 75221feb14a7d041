/*
** archs_inception.c — Inception v1, v2, v3, v4 and Inception-ResNet v2 as TF-slim builds them
** (tensorflow/models research/slim/nets), with each distinct block once instead of repeated
** (tests/synthetic/README.md lists what is kept). Channel counts are the originals'; batch
** norm is folded into the convolutions as the converter does, so every conv carries a bias
** and a fused RELU.
*/
#include "archs.h"

/* A slim conv2d: bias (folded batch norm) and ReLU, same stride both ways. */
static nb_t conv(nb_net *n, nb_t x, int cout, int kh, int kw, int stride, nb_padding pad) {
  return nb_conv(n, x, cout, kh, kw, stride, stride, pad, NB_ACT_RELU);
}

static nb_t conv1(nb_net *n, nb_t x, int cout) { return conv(n, x, cout, 1, 1, 1, NB_SAME); }

/* Concatenation of the four branches of an Inception module. */
static nb_t concat4(nb_net *n, nb_t a, nb_t b, nb_t c, nb_t d) {
  nb_t xs[4] = {a, b, c, d};
  return nb_concat(n, 4, xs);
}

static nb_t concat3(nb_net *n, nb_t a, nb_t b, nb_t c) {
  nb_t xs[3] = {a, b, c};
  return nb_concat(n, 3, xs);
}

static nb_t concat2(nb_net *n, nb_t a, nb_t b) {
  nb_t xs[2] = {a, b};
  return nb_concat(n, 2, xs);
}

/*
** The two graph outputs: the softmax (the model's own) and the logits before it, which the
** synthetic models add because a peaked softmax hides most classes (uint8: zeros) from the comparison.
*/
static void outputs(nb_net *n, nb_t logits) {
  nb_output(n, nb_softmax(n, logits));
  nb_output(n, logits);
}

/* Global average pool, logits by a 1x1 conv, flattened (the converter's SpatialSqueeze is a RESHAPE), softmax. */
static void conv_logits(nb_net *n, nb_t x) {
  x = nb_avgpool(n, x, nb_dim(n, x, 1), 1, NB_VALID);
  x = nb_conv(n, x, 1001, 1, 1, 1, 1, NB_SAME, NB_ACT_NONE);
  const int flat[2] = {1, 1001};
  outputs(n, nb_reshape(n, x, 2, flat));
}

/* Global average pool, slim.flatten (RESHAPE) and slim.fully_connected logits, softmax (v4, IRv2). */
static void fc_logits(nb_net *n, nb_t x) {
  x = nb_avgpool(n, x, nb_dim(n, x, 1), 1, NB_VALID);
  const int flat[2] = {1, nb_dim(n, x, 3)};
  outputs(n, nb_fc(n, nb_reshape(n, x, 2, flat), 1001, NB_ACT_NONE));
}

/* ---- Inception v1 (GoogLeNet) ------------------------------------------------------- */

/* v1 module: 1x1 | 1x1-3x3 | 1x1-3x3 (slim's "5x5" branch is a 3x3) | maxpool-1x1. */
static nb_t v1_module(nb_net *n, nb_t x, int b0, int b1a, int b1b, int b2a, int b2b, int b3) {
  nb_t br0 = conv1(n, x, b0);
  nb_t br1 = conv(n, conv1(n, x, b1a), b1b, 3, 3, 1, NB_SAME);
  nb_t br2 = conv(n, conv1(n, x, b2a), b2b, 3, 3, 1, NB_SAME);
  nb_t br3 = conv1(n, nb_maxpool(n, x, 3, 1, NB_SAME), b3);
  return concat4(n, br0, br1, br2, br3);
}

/* Stem, then one module per resolution (Mixed_3b, 4b, 5b of 3b-3c, 4b-4f, 5b-5c). */
static void inception_v1(nb_net *n) {
  nb_t x = nb_input(n, 224, 224, 3);
  x = conv(n, x, 64, 7, 7, 2, NB_SAME);
  x = nb_maxpool(n, x, 3, 2, NB_SAME);
  x = conv1(n, x, 64);
  x = conv(n, x, 192, 3, 3, 1, NB_SAME);
  x = nb_maxpool(n, x, 3, 2, NB_SAME);
  x = v1_module(n, x, 64, 96, 128, 16, 32, 32);     /* Mixed_3b */
  x = nb_maxpool(n, x, 3, 2, NB_SAME);
  x = v1_module(n, x, 192, 96, 208, 16, 48, 64);    /* Mixed_4b */
  x = nb_maxpool(n, x, 2, 2, NB_SAME);
  x = v1_module(n, x, 384, 192, 384, 48, 128, 128); /* Mixed_5c */
  conv_logits(n, x);
}

/* ---- Inception v2 (BN-Inception) ---------------------------------------------------- */

/* v2 module: 1x1 | 1x1-3x3 | 1x1-3x3-3x3 (a 5x5 factorized into two 3x3) | avg or max pool-1x1. */
static nb_t v2_module(nb_net *n, nb_t x, int b0, int b1a, int b1b, int b2a, int b2b, int b3, int max_pool) {
  nb_t br0 = conv1(n, x, b0);
  nb_t br1 = conv(n, conv1(n, x, b1a), b1b, 3, 3, 1, NB_SAME);
  nb_t br2 = conv(n, conv(n, conv1(n, x, b2a), b2b, 3, 3, 1, NB_SAME), b2b, 3, 3, 1, NB_SAME);
  nb_t pooled = max_pool ? nb_maxpool(n, x, 3, 1, NB_SAME) : nb_avgpool(n, x, 3, 1, NB_SAME);
  return concat4(n, br0, br1, br2, conv1(n, pooled, b3));
}

/* v2 reduction: 1x1-3x3/2 | 1x1-3x3-3x3/2 | maxpool/2. */
static nb_t v2_reduction(nb_net *n, nb_t x, int b0a, int b0b, int b1a, int b1b) {
  nb_t br0 = conv(n, conv1(n, x, b0a), b0b, 3, 3, 2, NB_SAME);
  nb_t br1 = conv(n, conv(n, conv1(n, x, b1a), b1b, 3, 3, 1, NB_SAME), b1b, 3, 3, 2, NB_SAME);
  return concat3(n, br0, br1, nb_maxpool(n, x, 3, 2, NB_SAME));
}

/* Separable 7x7 stem (depthwise, multiplier 8, then pointwise), Mixed_3b, 4a, 4b, 5a, 5c. */
static void inception_v2(nb_net *n) {
  nb_t x = nb_input(n, 224, 224, 3);
  x = nb_dwconv_multiplier(n, x, 7, 2, 8, NB_SAME, NB_ACT_NONE);
  x = conv1(n, x, 64);
  x = nb_maxpool(n, x, 3, 2, NB_SAME);
  x = conv1(n, x, 64);
  x = conv(n, x, 192, 3, 3, 1, NB_SAME);
  x = nb_maxpool(n, x, 3, 2, NB_SAME);
  x = v2_module(n, x, 64, 64, 64, 64, 96, 32, 0);      /* Mixed_3b */
  x = v2_reduction(n, x, 128, 160, 64, 96);             /* Mixed_4a */
  x = v2_module(n, x, 224, 64, 96, 96, 128, 128, 0);    /* Mixed_4b */
  x = v2_reduction(n, x, 128, 192, 192, 256);           /* Mixed_5a */
  x = v2_module(n, x, 352, 192, 320, 192, 224, 128, 1); /* Mixed_5c: max pool branch */
  conv_logits(n, x);
}

/* ---- Inception v3 ------------------------------------------------------------------- */

/* Conv2d_1a..2b of v3, v4 and IRv2: 299 -> 147. */
static nb_t stem_299(nb_net *n, nb_t x) {
  x = conv(n, x, 32, 3, 3, 2, NB_VALID);
  x = conv(n, x, 32, 3, 3, 1, NB_VALID);
  return conv(n, x, 64, 3, 3, 1, NB_SAME);
}

/* 1x7 then 7x1 (or the other way round), the factorized 7x7 of v3, v4 and IRv2. */
static nb_t conv_1x7(nb_net *n, nb_t x, int cout) { return conv(n, x, cout, 1, 7, 1, NB_SAME); }
static nb_t conv_7x1(nb_net *n, nb_t x, int cout) { return conv(n, x, cout, 7, 1, 1, NB_SAME); }

/* 1x3 and 3x1 side by side, concatenated (the expanded filter bank of v3's and v4's C blocks). */
static nb_t split_1x3_3x1(nb_net *n, nb_t x, int cout) {
  return concat2(n, conv(n, x, cout, 1, 3, 1, NB_SAME), conv(n, x, cout, 3, 1, 1, NB_SAME));
}

/* Mixed_5b: 1x1 | 1x1-5x5 | 1x1-3x3-3x3 | avgpool-1x1. */
static nb_t v3_block_a(nb_net *n, nb_t x, int pool_proj) {
  nb_t br0 = conv1(n, x, 64);
  nb_t br1 = conv(n, conv1(n, x, 48), 64, 5, 5, 1, NB_SAME);
  nb_t br2 = conv(n, conv(n, conv1(n, x, 64), 96, 3, 3, 1, NB_SAME), 96, 3, 3, 1, NB_SAME);
  return concat4(n, br0, br1, br2, conv1(n, nb_avgpool(n, x, 3, 1, NB_SAME), pool_proj));
}

/* Mixed_6a: 3x3/2 | 1x1-3x3-3x3/2 | maxpool/2, all VALID: 35 -> 17. */
static nb_t v3_reduction_a(nb_net *n, nb_t x) {
  nb_t br0 = conv(n, x, 384, 3, 3, 2, NB_VALID);
  nb_t br1 = conv(n, conv(n, conv1(n, x, 64), 96, 3, 3, 1, NB_SAME), 96, 3, 3, 2, NB_VALID);
  return concat3(n, br0, br1, nb_maxpool(n, x, 3, 2, NB_VALID));
}

/* Mixed_6b: 1x1 | 1x1-1x7-7x1 | 1x1-7x1-1x7-7x1-1x7 | avgpool-1x1. */
static nb_t v3_block_b(nb_net *n, nb_t x, int mid) {
  nb_t br0 = conv1(n, x, 192);
  nb_t br1 = conv_7x1(n, conv_1x7(n, conv1(n, x, mid), mid), 192);
  nb_t br2 = conv_1x7(n, conv_7x1(n, conv_1x7(n, conv_7x1(n, conv1(n, x, mid), mid), mid), mid), 192);
  return concat4(n, br0, br1, br2, conv1(n, nb_avgpool(n, x, 3, 1, NB_SAME), 192));
}

/* Mixed_7a: 1x1-3x3/2 | 1x1-1x7-7x1-3x3/2 | maxpool/2: 17 -> 8. */
static nb_t v3_reduction_b(nb_net *n, nb_t x) {
  nb_t br0 = conv(n, conv1(n, x, 192), 320, 3, 3, 2, NB_VALID);
  nb_t br1 = conv(n, conv_7x1(n, conv_1x7(n, conv1(n, x, 192), 192), 192), 192, 3, 3, 2, NB_VALID);
  return concat3(n, br0, br1, nb_maxpool(n, x, 3, 2, NB_VALID));
}

/* Mixed_7b: 1x1 | 1x1-(1x3,3x1) | 1x1-3x3-(1x3,3x1) | avgpool-1x1. */
static nb_t v3_block_c(nb_net *n, nb_t x) {
  nb_t br0 = conv1(n, x, 320);
  nb_t br1 = split_1x3_3x1(n, conv1(n, x, 384), 384);
  nb_t br2 = split_1x3_3x1(n, conv(n, conv1(n, x, 448), 384, 3, 3, 1, NB_SAME), 384);
  return concat4(n, br0, br1, br2, conv1(n, nb_avgpool(n, x, 3, 1, NB_SAME), 192));
}

/* Stem, Mixed_5b, 6a, 6b, 7a, 7b (of 5b-5d, 6a, 6b-6e, 7a, 7b-7c). */
static void inception_v3(nb_net *n) {
  nb_t x = stem_299(n, nb_input(n, 299, 299, 3));
  x = nb_maxpool(n, x, 3, 2, NB_VALID);
  x = conv(n, x, 80, 1, 1, 1, NB_VALID);
  x = conv(n, x, 192, 3, 3, 1, NB_VALID);
  x = nb_maxpool(n, x, 3, 2, NB_VALID);
  x = v3_block_a(n, x, 32);
  x = v3_reduction_a(n, x);
  x = v3_block_b(n, x, 128);
  x = v3_reduction_b(n, x);
  x = v3_block_c(n, x);
  conv_logits(n, x);
}

/* ---- Inception v4 ------------------------------------------------------------------- */

/* Stem after Conv2d_2b: Mixed_3a (maxpool | 3x3/2), 4a (two 1x1-..-3x3 VALID branches), 5a (3x3/2 | maxpool). */
static nb_t v4_stem(nb_net *n, nb_t x) {
  x = concat2(n, nb_maxpool(n, x, 3, 2, NB_VALID), conv(n, x, 96, 3, 3, 2, NB_VALID));
  nb_t br0 = conv(n, conv1(n, x, 64), 96, 3, 3, 1, NB_VALID);
  nb_t br1 = conv(n, conv_7x1(n, conv_1x7(n, conv1(n, x, 64), 64), 64), 96, 3, 3, 1, NB_VALID);
  x = concat2(n, br0, br1);
  return concat2(n, conv(n, x, 192, 3, 3, 2, NB_VALID), nb_maxpool(n, x, 3, 2, NB_VALID));
}

/* Inception-A: 1x1 | 1x1-3x3 | 1x1-3x3-3x3 | avgpool-1x1. */
static nb_t v4_block_a(nb_net *n, nb_t x) {
  nb_t br0 = conv1(n, x, 96);
  nb_t br1 = conv(n, conv1(n, x, 64), 96, 3, 3, 1, NB_SAME);
  nb_t br2 = conv(n, conv(n, conv1(n, x, 64), 96, 3, 3, 1, NB_SAME), 96, 3, 3, 1, NB_SAME);
  return concat4(n, br0, br1, br2, conv1(n, nb_avgpool(n, x, 3, 1, NB_SAME), 96));
}

/* Reduction-A: 3x3/2 | 1x1-3x3-3x3/2 | maxpool/2 (k=192, l=224, m=256, n=384). */
static nb_t v4_reduction_a(nb_net *n, nb_t x) {
  nb_t br0 = conv(n, x, 384, 3, 3, 2, NB_VALID);
  nb_t br1 = conv(n, conv(n, conv1(n, x, 192), 224, 3, 3, 1, NB_SAME), 256, 3, 3, 2, NB_VALID);
  return concat3(n, br0, br1, nb_maxpool(n, x, 3, 2, NB_VALID));
}

/* Inception-B: 1x1 | 1x1-1x7-7x1 | 1x1-7x1-1x7-7x1-1x7 | avgpool-1x1. */
static nb_t v4_block_b(nb_net *n, nb_t x) {
  nb_t br0 = conv1(n, x, 384);
  nb_t br1 = conv_7x1(n, conv_1x7(n, conv1(n, x, 192), 224), 256);
  nb_t br2 = conv_1x7(n, conv_7x1(n, conv_1x7(n, conv_7x1(n, conv1(n, x, 192), 192), 224), 224), 256);
  return concat4(n, br0, br1, br2, conv1(n, nb_avgpool(n, x, 3, 1, NB_SAME), 128));
}

/* Reduction-B: 1x1-3x3/2 | 1x1-1x7-7x1-3x3/2 | maxpool/2. */
static nb_t v4_reduction_b(nb_net *n, nb_t x) {
  nb_t br0 = conv(n, conv1(n, x, 192), 192, 3, 3, 2, NB_VALID);
  nb_t br1 = conv(n, conv_7x1(n, conv_1x7(n, conv1(n, x, 256), 256), 320), 320, 3, 3, 2, NB_VALID);
  return concat3(n, br0, br1, nb_maxpool(n, x, 3, 2, NB_VALID));
}

/* Inception-C: 1x1 | 1x1-(1x3,3x1) | 1x1-3x1-1x3-(1x3,3x1) | avgpool-1x1. */
static nb_t v4_block_c(nb_net *n, nb_t x) {
  nb_t br0 = conv1(n, x, 256);
  nb_t br1 = split_1x3_3x1(n, conv1(n, x, 384), 256);
  nb_t br2 = conv(n, conv(n, conv1(n, x, 384), 448, 3, 1, 1, NB_SAME), 512, 1, 3, 1, NB_SAME);
  br2 = split_1x3_3x1(n, br2, 256);
  return concat4(n, br0, br1, br2, conv1(n, nb_avgpool(n, x, 3, 1, NB_SAME), 256));
}

/* Stem, one each of A (of 4), Reduction-A, B (of 7), Reduction-B, C (of 3); FC logits. */
static void inception_v4(nb_net *n) {
  nb_t x = v4_stem(n, stem_299(n, nb_input(n, 299, 299, 3)));
  x = v4_block_a(n, x);
  x = v4_reduction_a(n, x);
  x = v4_block_b(n, x);
  x = v4_reduction_b(n, x);
  x = v4_block_c(n, x);
  fc_logits(n, x);
}

/* ---- Inception-ResNet v2 ------------------------------------------------------------ */

/* x + scale * (1x1 linear projection of the branches), then ReLU fused into the ADD (none for the last block8). */
static nb_t residual(nb_net *n, nb_t x, nb_t mixed, float scale, nb_act act) {
  nb_t up = nb_conv(n, mixed, nb_dim(n, x, 3), 1, 1, 1, 1, NB_SAME, NB_ACT_NONE);
  return nb_add(n, x, nb_mul_scalar(n, up, scale), act);
}

/* block35 (35x35): 1x1 | 1x1-3x3 | 1x1-3x3-3x3, scale 0.17. */
static nb_t irv2_block35(nb_net *n, nb_t x) {
  nb_t br0 = conv1(n, x, 32);
  nb_t br1 = conv(n, conv1(n, x, 32), 32, 3, 3, 1, NB_SAME);
  nb_t br2 = conv(n, conv(n, conv1(n, x, 32), 48, 3, 3, 1, NB_SAME), 64, 3, 3, 1, NB_SAME);
  return residual(n, x, concat3(n, br0, br1, br2), 0.17f, NB_ACT_RELU);
}

/* block17 (17x17): 1x1 | 1x1-1x7-7x1, scale 0.10. */
static nb_t irv2_block17(nb_net *n, nb_t x) {
  nb_t br0 = conv1(n, x, 192);
  nb_t br1 = conv_7x1(n, conv_1x7(n, conv1(n, x, 128), 160), 192);
  return residual(n, x, concat2(n, br0, br1), 0.10f, NB_ACT_RELU);
}

/* block8 (8x8): 1x1 | 1x1-1x3-3x1, scale 0.20. */
static nb_t irv2_block8(nb_net *n, nb_t x, nb_act act) {
  nb_t br0 = conv1(n, x, 192);
  nb_t br1 = conv(n, conv(n, conv1(n, x, 192), 224, 1, 3, 1, NB_SAME), 256, 3, 1, 1, NB_SAME);
  return residual(n, x, concat2(n, br0, br1), 0.20f, act);
}

/* Mixed_5b: 1x1 | 1x1-5x5 | 1x1-3x3-3x3 | avgpool-1x1 -> 320 channels. */
static nb_t irv2_mixed_5b(nb_net *n, nb_t x) {
  nb_t br0 = conv1(n, x, 96);
  nb_t br1 = conv(n, conv1(n, x, 48), 64, 5, 5, 1, NB_SAME);
  nb_t br2 = conv(n, conv(n, conv1(n, x, 64), 96, 3, 3, 1, NB_SAME), 96, 3, 3, 1, NB_SAME);
  return concat4(n, br0, br1, br2, conv1(n, nb_avgpool(n, x, 3, 1, NB_SAME), 64));
}

/* Mixed_6a: 3x3/2 | 1x1-3x3-3x3/2 | maxpool/2 -> 1088 channels at 17x17. */
static nb_t irv2_mixed_6a(nb_net *n, nb_t x) {
  nb_t br0 = conv(n, x, 384, 3, 3, 2, NB_VALID);
  nb_t br1 = conv(n, conv(n, conv1(n, x, 256), 256, 3, 3, 1, NB_SAME), 384, 3, 3, 2, NB_VALID);
  return concat3(n, br0, br1, nb_maxpool(n, x, 3, 2, NB_VALID));
}

/* Mixed_7a: 1x1-3x3/2 | 1x1-3x3/2 | 1x1-3x3-3x3/2 | maxpool/2 -> 2080 channels at 8x8. */
static nb_t irv2_mixed_7a(nb_net *n, nb_t x) {
  nb_t br0 = conv(n, conv1(n, x, 256), 384, 3, 3, 2, NB_VALID);
  nb_t br1 = conv(n, conv1(n, x, 256), 288, 3, 3, 2, NB_VALID);
  nb_t br2 = conv(n, conv(n, conv1(n, x, 256), 288, 3, 3, 1, NB_SAME), 320, 3, 3, 2, NB_VALID);
  return concat4(n, br0, br1, br2, nb_maxpool(n, x, 3, 2, NB_VALID));
}

/* Stem, Mixed_5b, one block35 (of 10), 6a, one block17 (of 20), 7a, one block8 with ReLU (of 9)
   and the last one without, Conv2d_7b_1x1, FC logits. */
static void inception_resnet_v2(nb_net *n) {
  nb_t x = stem_299(n, nb_input(n, 299, 299, 3));
  x = nb_maxpool(n, x, 3, 2, NB_VALID);
  x = conv(n, x, 80, 1, 1, 1, NB_VALID);
  x = conv(n, x, 192, 3, 3, 1, NB_VALID);
  x = nb_maxpool(n, x, 3, 2, NB_VALID);
  x = irv2_block35(n, irv2_mixed_5b(n, x));
  x = irv2_block17(n, irv2_mixed_6a(n, x));
  x = irv2_mixed_7a(n, x);
  x = irv2_block8(n, irv2_block8(n, x, NB_ACT_RELU), NB_ACT_NONE);
  x = conv1(n, x, 1536);
  fc_logits(n, x);
}

const nb_arch nb_archs_inception[] = {
    {"inception_v1", inception_v1, "AVERAGE_POOL_2D,CONCATENATION,CONV_2D,MAX_POOL_2D,RESHAPE,SOFTMAX"},
    {"inception_v2", inception_v2,
     "AVERAGE_POOL_2D,CONCATENATION,CONV_2D,DEPTHWISE_CONV_2D,MAX_POOL_2D,RESHAPE,SOFTMAX"},
    {"inception_v3", inception_v3, "AVERAGE_POOL_2D,CONCATENATION,CONV_2D,MAX_POOL_2D,RESHAPE,SOFTMAX"},
    {"inception_v4", inception_v4,
     "AVERAGE_POOL_2D,CONCATENATION,CONV_2D,FULLY_CONNECTED,MAX_POOL_2D,RESHAPE,SOFTMAX"},
    {"inception_resnet_v2", inception_resnet_v2,
     "ADD,AVERAGE_POOL_2D,CONCATENATION,CONV_2D,FULLY_CONNECTED,MAX_POOL_2D,MUL,RESHAPE,SOFTMAX"},
    {NULL, NULL, NULL},
};
