/*
** archs_cells.c — synthetic SqueezeNet, DenseNet and NASNet (see README.md here).
**
** Networks built from repeated cells. Each keeps every distinct block of the hosted model
** (fire modules; dense blocks and transitions; NASNet normal, reduction and stem cells with
** the factorized reduction) at the original input size, with fewer repeats where the full
** depth would make the comparison slow.
*/
#include "archs.h"

/*
** The graph outputs of a classifier: the softmax (the model's own) and the logits before it,
** which the synthetic models add because a peaked or flat softmax hides most classes
** (uint8: a few distinct values) from the comparison.
*/
static void classifier_outputs(nb_net *n, nb_t logits) {
  nb_output(n, nb_softmax(n, logits));
  nb_output(n, logits);
}

/* ---- SqueezeNet --------------------------------------------------------------------- */

/* Fire module: 1x1 squeeze, then 1x1 and 3x3 expands side by side (CONCATENATION). */
static nb_t fire(nb_net *n, nb_t x, int squeeze, int expand) {
  nb_t s = nb_conv(n, x, squeeze, 1, 1, 1, 1, NB_SAME, NB_ACT_RELU);
  nb_t branches[2] = {
      nb_conv(n, s, expand, 1, 1, 1, 1, NB_SAME, NB_ACT_RELU),
      nb_conv(n, s, expand, 3, 3, 1, 1, NB_SAME, NB_ACT_RELU),
  };
  return nb_concat(n, 2, branches);
}

/*
** SqueezeNet v1.0 at 224x224, full depth: 7x7/2 conv, fire2..fire9 between 3x3/2 max pools,
** 1x1 conv to 1001 classes, global average pool, SQUEEZE, SOFTMAX.
*/
static void squeezenet(nb_net *n) {
  nb_t x = nb_input(n, 224, 224, 3);
  x = nb_conv(n, x, 96, 7, 7, 2, 2, NB_VALID, NB_ACT_RELU);
  x = nb_maxpool(n, x, 3, 2, NB_VALID);
  x = fire(n, x, 16, 64);
  x = fire(n, x, 16, 64);
  x = fire(n, x, 32, 128);
  x = nb_maxpool(n, x, 3, 2, NB_VALID);
  x = fire(n, x, 32, 128);
  x = fire(n, x, 48, 192);
  x = fire(n, x, 48, 192);
  x = fire(n, x, 64, 256);
  x = nb_maxpool(n, x, 3, 2, NB_VALID);
  x = fire(n, x, 64, 256);
  x = nb_conv(n, x, 1001, 1, 1, 1, 1, NB_SAME, NB_ACT_RELU);
  x = nb_avgpool(n, x, nb_dim(n, x, 1), 1, NB_VALID);
  classifier_outputs(n, nb_squeeze_hw(n, x));
}

/* ---- DenseNet ----------------------------------------------------------------------- */

enum { DENSENET_GROWTH = 32 };

/* Pre-activation: batch norm (not foldable: nothing precedes it) as MUL + ADD, then RELU. */
static nb_t bn_relu(nb_net *n, nb_t x) { return nb_relu(n, nb_batchnorm(n, x)); }

/* Dense layer: BN-ReLU-1x1 conv (4k, its BN+ReLU folded), 3x3 conv (k), appended to x. */
static nb_t dense_layer(nb_net *n, nb_t x) {
  nb_t y = nb_conv(n, bn_relu(n, x), 4 * DENSENET_GROWTH, 1, 1, 1, 1, NB_SAME, NB_ACT_RELU);
  y = nb_conv(n, y, DENSENET_GROWTH, 3, 3, 1, 1, NB_SAME, NB_ACT_NONE);
  nb_t parts[2] = {x, y};
  return nb_concat(n, 2, parts);
}

/* Transition: BN-ReLU, 1x1 conv halving the channels, 2x2/2 average pool. */
static nb_t transition(nb_net *n, nb_t x) {
  x = nb_conv(n, bn_relu(n, x), nb_dim(n, x, 3) / 2, 1, 1, 1, 1, NB_SAME, NB_ACT_NONE);
  return nb_avgpool(n, x, 2, 2, NB_VALID);
}

/*
** DenseNet-121 layout (Keras), 224x224: PAD + 7x7/2 conv, PAD + 3x3/2 max pool, four dense
** blocks with transitions between them, BN-ReLU, MEAN, FULLY_CONNECTED, SOFTMAX. Dense
** blocks have 2 layers each instead of 6, 12, 24, 16.
*/
static void densenet(nb_net *n) {
  static const int block_layers[4] = {2, 2, 2, 2};
  nb_t x = nb_input(n, 224, 224, 3);
  x = nb_pad(n, x, 3, 3, 3, 3);
  x = nb_conv(n, x, 64, 7, 7, 2, 2, NB_VALID, NB_ACT_RELU);
  x = nb_pad(n, x, 1, 1, 1, 1);
  x = nb_maxpool(n, x, 3, 2, NB_VALID);
  for (int b = 0; b < 4; b++) {
    for (int l = 0; l < block_layers[b]; l++) x = dense_layer(n, x);
    if (b < 3) x = transition(n, x);
  }
  x = nb_mean_hw(n, bn_relu(n, x), 0);
  classifier_outputs(n, nb_fc(n, x, 1000, NB_ACT_NONE));
}

/* ---- NASNet-A ----------------------------------------------------------------------- */

/* One NASNet variant's hyperparameters (TF-slim nasnet.py), with the reduced cell count. */
typedef struct nasnet_config {
  int image_size;
  int stem_filters;         /* 32 * stem_multiplier */
  int conv_filters;         /* num_conv_filters: the first stage's cell width */
  int cells_per_stage;      /* normal cells between reductions (4 mobile, 6 large originally) */
  int skip_reduction_input; /* skip_reduction_layer_input (large: the cell after a reduction
                               takes the output from before it as its previous layer) */
} nasnet_config;

/* Separable conv stack: twice (RELU, depthwise kxk, 1x1 conv with BN folded), stride first. */
static nb_t stacked_separable(nb_net *n, nb_t x, int filters, int k, int stride) {
  x = nb_relu(n, x);
  x = nb_dwconv(n, x, k, stride, NB_SAME, NB_ACT_NONE);
  x = nb_conv(n, x, filters, 1, 1, 1, 1, NB_SAME, NB_ACT_RELU); /* the second RELU, fused */
  x = nb_dwconv(n, x, k, 1, NB_SAME, NB_ACT_NONE);
  return nb_conv(n, x, filters, 1, 1, 1, 1, NB_SAME, NB_ACT_NONE);
}

/* RELU then a 1x1 conv to `filters` (BN folded). */
static nb_t relu_conv_1x1(nb_net *n, nb_t x, int filters) {
  return nb_conv(n, nb_relu(n, x), filters, 1, 1, 1, 1, NB_SAME, NB_ACT_NONE);
}

/*
** Factorized reduction (stride 2) of a RELU'd input to `filters` channels: one path takes
** even pixels (1x1/2 average pool), the other odd ones (PAD bottom/right by one, STRIDED_SLICE
** off the first row and column, 1x1/2 average pool); each a 1x1 conv to half the filters,
** then CONCATENATION. The batch norm after the concat is left out: the hosted op list has
** no MUL.
*/
static nb_t factorized_reduction(nb_net *n, nb_t x, int filters) {
  nb_t path1 = nb_avgpool(n, x, 1, 2, NB_VALID);
  path1 = nb_conv(n, path1, filters / 2, 1, 1, 1, 1, NB_SAME, NB_ACT_NONE);
  nb_t shifted = nb_pad(n, x, 0, 1, 0, 1);
  const int begin[4] = {0, 1, 1, 0};
  const int end[4] = {1, nb_dim(n, shifted, 1), nb_dim(n, shifted, 2), nb_dim(n, shifted, 3)};
  const int strides[4] = {1, 1, 1, 1};
  nb_t path2 = nb_strided_slice(n, shifted, begin, end, strides);
  path2 = nb_avgpool(n, path2, 1, 2, NB_VALID);
  path2 = nb_conv(n, path2, filters / 2, 1, 1, 1, 1, NB_SAME, NB_ACT_NONE);
  nb_t paths[2] = {path1, path2};
  return nb_concat(n, 2, paths);
}

/* Brings the previous cell's output to the current cell's size and width (nasnet_utils). */
static nb_t reduce_prev_layer(nb_net *n, nb_t prev, nb_t current, int filters) {
  if (prev == current) return current; /* the first stem cell has no previous layer: used as is */
  if (nb_dim(n, prev, 1) != nb_dim(n, current, 1)) return factorized_reduction(n, nb_relu(n, prev), filters);
  if (nb_dim(n, prev, 3) != filters) return relu_conv_1x1(n, prev, filters);
  return prev;
}

/* NASNet-A normal cell: 5 pairwise ADDs of sep convs, avg pools and identities; 6F out. */
static nb_t normal_cell(nb_net *n, nb_t x, nb_t prev, int filters) {
  nb_t h1 = reduce_prev_layer(n, prev, x, filters);
  nb_t h0 = relu_conv_1x1(n, x, filters);
  nb_t out[6];
  out[0] = h1;
  out[1] = nb_add(n, stacked_separable(n, h0, filters, 5, 1), stacked_separable(n, h1, filters, 3, 1), NB_ACT_NONE);
  out[2] = nb_add(n, stacked_separable(n, h1, filters, 5, 1), stacked_separable(n, h1, filters, 3, 1), NB_ACT_NONE);
  out[3] = nb_add(n, nb_avgpool(n, h0, 3, 1, NB_SAME), h1, NB_ACT_NONE);
  out[4] = nb_add(n, nb_avgpool(n, h1, 3, 1, NB_SAME), nb_avgpool(n, h1, 3, 1, NB_SAME), NB_ACT_NONE);
  out[5] = nb_add(n, stacked_separable(n, h0, filters, 3, 1), h0, NB_ACT_NONE);
  return nb_concat(n, 6, out);
}

/* NASNet-A reduction cell (stride 2 on ops reading the cell inputs); 4F out. */
static nb_t reduction_cell(nb_net *n, nb_t x, nb_t prev, int filters) {
  nb_t h1 = reduce_prev_layer(n, prev, x, filters);
  nb_t h0 = relu_conv_1x1(n, x, filters);
  nb_t h2 = nb_add(n, stacked_separable(n, h0, filters, 5, 2), stacked_separable(n, h1, filters, 7, 2), NB_ACT_NONE);
  nb_t h3 = nb_add(n, nb_maxpool(n, h0, 3, 2, NB_SAME), stacked_separable(n, h1, filters, 7, 2), NB_ACT_NONE);
  nb_t h4 = nb_add(n, nb_avgpool(n, h0, 3, 2, NB_SAME), stacked_separable(n, h1, filters, 5, 2), NB_ACT_NONE);
  nb_t h5 = nb_add(n, h3, nb_avgpool(n, h2, 3, 1, NB_SAME), NB_ACT_NONE);
  nb_t h6 = nb_add(n, stacked_separable(n, h2, filters, 3, 1), nb_maxpool(n, h0, 3, 2, NB_SAME), NB_ACT_NONE);
  nb_t out[4] = {h3, h4, h5, h6};
  return nb_concat(n, 4, out);
}

/*
** NASNet-A for ImageNet: 3x3/2 VALID stem conv, two reduction cells as stem (the first
** with no previous layer), then three stages of normal cells with a reduction cell (and
** doubled width) between them; RELU, MEAN, FULLY_CONNECTED, SOFTMAX.
*/
static void nasnet(nb_net *n, const nasnet_config *cfg) {
  nb_t x = nb_input(n, cfg->image_size, cfg->image_size, 3);
  x = nb_conv(n, x, cfg->stem_filters, 3, 3, 2, 2, NB_VALID, NB_ACT_NONE);
  nb_t before = x;
  x = reduction_cell(n, x, x, cfg->conv_filters / 4);
  nb_t prev = before;
  before = x;
  x = reduction_cell(n, x, prev, cfg->conv_filters / 2);
  prev = before; /* outputs of the last two cells: prev (older), x (newer) */
  int filters = cfg->conv_filters;
  for (int stage = 0; stage < 3; stage++) {
    if (stage > 0) {
      filters *= 2;
      nb_t reduced = reduction_cell(n, x, prev, filters);
      /* the next normal cell's previous layer: the reduction's input, or (large) the one before */
      if (!cfg->skip_reduction_input) prev = x;
      x = reduced;
    }
    for (int c = 0; c < cfg->cells_per_stage; c++) {
      nb_t next = normal_cell(n, x, prev, filters);
      prev = x;
      x = next;
    }
  }
  x = nb_mean_hw(n, nb_relu(n, x), 0);
  classifier_outputs(n, nb_fc(n, x, 1001, NB_ACT_NONE));
}

/* NASNet-A mobile (4 @ 1056): 224x224, 44 filters; 1 normal cell per stage instead of 4. */
static void nasnet_mobile(nb_net *n) {
  static const nasnet_config mobile = {224, 32, 44, 1, 0};
  nasnet(n, &mobile);
}

/*
** NASNet-A large (6 @ 4032): 331x331, 96-filter stem; 1 normal cell per stage instead of 6
** and 84 filters instead of 168 (even so reduced, full width makes 5.9 GMACs, 8 s of CPU
** per float run of tflc).
*/
static void nasnet_large(nb_net *n) {
  static const nasnet_config large = {331, 96, 84, 1, 1};
  nasnet(n, &large);
}

#define NASNET_OPS                                                                                              \
  "ADD,AVERAGE_POOL_2D,CONCATENATION,CONV_2D,DEPTHWISE_CONV_2D,FULLY_CONNECTED,MAX_POOL_2D,MEAN,PAD,RELU,SOFTMAX," \
  "STRIDED_SLICE"

const nb_arch nb_archs_cells[] = {
    {"squeezenet", squeezenet, "AVERAGE_POOL_2D,CONCATENATION,CONV_2D,MAX_POOL_2D,SOFTMAX,SQUEEZE"},
    {"densenet", densenet,
     "ADD,AVERAGE_POOL_2D,CONCATENATION,CONV_2D,FULLY_CONNECTED,MAX_POOL_2D,MEAN,MUL,PAD,RELU,SOFTMAX"},
    {"nasnet_mobile", nasnet_mobile, NASNET_OPS},
    {"nasnet_large", nasnet_large, NASNET_OPS},
    {NULL, NULL, NULL},
};
