/*
** archs_resnet.c — ResNet v2 101 as TF-slim builds it (research/slim/nets/resnet_v2.py):
** pre-activation bottlenecks whose input batch norm cannot be folded (MUL + ADD, then RELU),
** conv2d_same (an explicit PAD, then a VALID conv) wherever a conv has stride 2, shortcut
** subsampling by a 1x1 max pool, and a global MEAN. Depth reduced from 3+4+23+3 units to
** 3+2+2+2, keeping every kind of unit (tests/synthetic/README.md).
*/
#include "archs.h"

/* slim's conv2d_same: for stride 1 a SAME conv, else PAD by (k-1)/2 before, k-1 minus that after, and VALID. */
static nb_t conv_same(nb_net *n, nb_t x, int cout, int k, int stride, nb_act act) {
  if (stride == 1) return nb_conv(n, x, cout, k, k, 1, 1, NB_SAME, act);
  int begin = (k - 1) / 2, end = k - 1 - begin;
  return nb_conv(n, nb_pad(n, x, begin, end, begin, end), cout, k, k, stride, stride, NB_VALID, act);
}

/*
** bottleneck_v2: preact = relu(bn(x)); shortcut = x subsampled (when the depth is unchanged)
** or a 1x1 conv of preact; residual = 1x1 (BN+ReLU folded) -> 3x3 conv2d_same with the stride
** (BN+ReLU folded) -> 1x1 linear; out = shortcut + residual.
*/
static nb_t bottleneck(nb_net *n, nb_t x, int depth, int bottleneck_depth, int stride) {
  nb_t preact = nb_relu(n, nb_batchnorm(n, x));
  nb_t shortcut;
  if (nb_dim(n, x, 3) == depth)
    shortcut = stride == 1 ? x : nb_maxpool(n, x, 1, stride, NB_SAME);
  else
    shortcut = nb_conv(n, preact, depth, 1, 1, stride, stride, NB_SAME, NB_ACT_NONE);
  nb_t r = nb_conv(n, preact, bottleneck_depth, 1, 1, 1, 1, NB_SAME, NB_ACT_RELU);
  r = conv_same(n, r, bottleneck_depth, 3, stride, NB_ACT_RELU);
  r = nb_conv(n, r, depth, 1, 1, 1, 1, NB_SAME, NB_ACT_NONE);
  return nb_add(n, shortcut, r, NB_ACT_NONE);
}

/* A block of `units` bottlenecks; as in slim, only the last has the block's stride. */
static nb_t block(nb_net *n, nb_t x, int base_depth, int units, int stride) {
  for (int i = 0; i < units; i++) x = bottleneck(n, x, 4 * base_depth, base_depth, i == units - 1 ? stride : 1);
  return x;
}

/* Root (7x7/2 conv2d_same without BN, 3x3/2 max pool), blocks 1-4, postnorm, MEAN, 1x1 conv logits. */
static void resnet_v2_101(nb_net *n) {
  nb_t x = nb_input(n, 224, 224, 3);
  x = conv_same(n, x, 64, 7, 2, NB_ACT_NONE);
  x = nb_maxpool(n, x, 3, 2, NB_SAME);
  x = block(n, x, 64, 3, 2);  /* 3 of 3 units: projection, identity, identity with stride 2 */
  x = block(n, x, 128, 2, 2); /* 2 of 4 */
  x = block(n, x, 256, 2, 2); /* 2 of 23 */
  x = block(n, x, 512, 2, 1); /* 2 of 3 */
  x = nb_relu(n, nb_batchnorm(n, x));
  x = nb_mean_hw(n, x, 1);
  x = nb_conv(n, x, 1001, 1, 1, 1, 1, NB_SAME, NB_ACT_NONE);
  const int flat[2] = {1, 1001};
  x = nb_reshape(n, x, 2, flat);
  nb_output(n, nb_softmax(n, x));
  nb_output(n, x); /* the logits too: a peaked softmax hides most classes from the comparison */
}

const nb_arch nb_archs_resnet[] = {
    {"resnet_v2_101", resnet_v2_101, "ADD,CONV_2D,MAX_POOL_2D,MEAN,MUL,PAD,RELU,RESHAPE,SOFTMAX"},
    {NULL, NULL, NULL},
};
