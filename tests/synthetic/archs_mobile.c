/*
** archs_mobile.c — synthetic MobileNet v1 / v2, MnasNet and PoseNet (see README.md here).
**
** Each function rebuilds the layer structure of the hosted model (TF-slim / TPU-models
** definitions, batch norm folded into the convolutions as the converter does) so that tflc
** can be compared with TensorFlow Lite on the same graph with seeded random weights.
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

/* TF-slim's depth(): channels scaled by the width multiplier, never below 8. */
static int scaled_depth(int channels, float multiplier) {
  int d = (int)((float)channels * multiplier);
  return d < 8 ? 8 : d;
}

/* The 13 depthwise-separable layers of MobileNet v1: pointwise depth and depthwise stride. */
static const int mobilenet_v1_layers[13][2] = {
    {64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2}, {512, 1},
    {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1},
};

/*
** MobileNet v1 feature extractor: 3x3/2 stem then 13 (3x3 depthwise, 1x1 conv) pairs, all
** ReLU6. Once the output stride reaches `output_stride`, stride-2 layers run at stride 1 and
** the depthwise layers after them are dilated by the stride they gave up (atrous, as in
** PoseNet's toOutputStridedLayers), so the features stay at that resolution.
*/
static nb_t mobilenet_v1_features(nb_net *n, nb_t x, float multiplier, int output_stride) {
  x = nb_conv(n, x, scaled_depth(32, multiplier), 3, 3, 2, 2, NB_SAME, NB_ACT_RELU6);
  int current_stride = 2, rate = 1;
  for (int i = 0; i < 13; i++) {
    int stride = mobilenet_v1_layers[i][1], layer_rate = 1;
    if (current_stride == output_stride) {
      layer_rate = rate;
      rate *= stride;
      stride = 1;
    } else {
      current_stride *= stride;
    }
    if (layer_rate == 1) x = nb_dwconv(n, x, 3, stride, NB_SAME, NB_ACT_RELU6);
    else x = nb_dwconv_dilated(n, x, 3, stride, layer_rate, NB_SAME, NB_ACT_RELU6);
    x = nb_conv(n, x, scaled_depth(mobilenet_v1_layers[i][0], multiplier), 1, 1, 1, 1, NB_SAME, NB_ACT_RELU6);
  }
  return x;
}

/* Classifier of the hosted MobileNets: global AVERAGE_POOL_2D, 1x1 conv logits, RESHAPE, SOFTMAX. */
static void pooled_conv_classifier(nb_net *n, nb_t x, int classes) {
  x = nb_avgpool(n, x, nb_dim(n, x, 1), 1, NB_VALID);
  x = nb_conv(n, x, classes, 1, 1, 1, 1, NB_SAME, NB_ACT_NONE);
  const int logits_shape[2] = {1, classes};
  classifier_outputs(n, nb_reshape(n, x, 2, logits_shape));
}

/* MobileNet v1 1.0/224, full depth, with the hosted quantized model's head (31 ops). */
static void mobilenet_v1_1_0_224(nb_net *n) {
  nb_t x = nb_input(n, 224, 224, 3);
  x = mobilenet_v1_features(n, x, 1.0f, 32);
  pooled_conv_classifier(n, x, 1001);
}

/*
** MobileNet v2 inverted residual: 1x1 expansion (skipped when the factor is 1), 3x3
** depthwise, linear 1x1 projection, and an ADD shortcut when the shape is unchanged.
*/
static nb_t inverted_residual(nb_net *n, nb_t x, int expansion, int cout, int kernel, int stride, nb_act act,
                              int allow_shortcut) {
  int cin = nb_dim(n, x, 3);
  nb_t y = x;
  if (expansion != 1) y = nb_conv(n, y, cin * expansion, 1, 1, 1, 1, NB_SAME, act);
  y = nb_dwconv(n, y, kernel, stride, NB_SAME, act);
  y = nb_conv(n, y, cout, 1, 1, 1, 1, NB_SAME, NB_ACT_NONE);
  if (allow_shortcut && stride == 1 && cin == cout) y = nb_add(n, y, x, NB_ACT_NONE);
  return y;
}

/* One stage of inverted residuals: expansion, kernel, output depth, repeats, first stride. */
typedef struct mbconv_stage {
  int expansion, kernel, cout, repeats, stride, allow_shortcut;
} mbconv_stage;

static nb_t mbconv_stages(nb_net *n, nb_t x, const mbconv_stage *stages, int count, nb_act act) {
  for (int s = 0; s < count; s++)
    for (int r = 0; r < stages[s].repeats; r++)
      x = inverted_residual(n, x, stages[s].expansion, stages[s].cout, stages[s].kernel, r == 0 ? stages[s].stride : 1,
                            act, stages[s].allow_shortcut);
  return x;
}

/* MobileNet v2 1.0/224, full depth: 17 inverted residuals (10 with ADD), 1280-wide 1x1 head. */
static void mobilenet_v2_1_0_224(nb_net *n) {
  static const mbconv_stage stages[] = {
      {1, 3, 16, 1, 1, 1},  {6, 3, 24, 2, 2, 1},  {6, 3, 32, 3, 2, 1},  {6, 3, 64, 4, 2, 1},
      {6, 3, 96, 3, 1, 1},  {6, 3, 160, 3, 2, 1}, {6, 3, 320, 1, 1, 1},
  };
  nb_t x = nb_input(n, 224, 224, 3);
  x = nb_conv(n, x, 32, 3, 3, 2, 2, NB_SAME, NB_ACT_RELU6);
  x = mbconv_stages(n, x, stages, (int)(sizeof stages / sizeof stages[0]), NB_ACT_RELU6);
  x = nb_conv(n, x, 1280, 1, 1, 1, 1, NB_SAME, NB_ACT_RELU6);
  pooled_conv_classifier(n, x, 1001);
}

/*
** MnasNet-B1 1.0/224 (the 2018 TPU-models mnasnet_b1 block list), full depth: MBConv blocks
** with 3x3 and 5x5 depthwise convs and ReLU, a 1280-wide head, then Keras'
** GlobalAveragePooling2D (MEAN) and Dense (FULLY_CONNECTED) before the softmax.
*/
static void mnasnet_1_0_224(nb_net *n) {
  static const mbconv_stage stages[] = {
      {1, 3, 16, 1, 1, 0},  {3, 3, 24, 3, 2, 1}, {3, 5, 40, 3, 2, 1},   {6, 5, 80, 3, 2, 1},
      {6, 3, 96, 2, 1, 1},  {6, 5, 192, 4, 2, 1}, {6, 3, 320, 1, 1, 0},
  };
  nb_t x = nb_input(n, 224, 224, 3);
  x = nb_conv(n, x, 32, 3, 3, 2, 2, NB_SAME, NB_ACT_RELU);
  x = mbconv_stages(n, x, stages, (int)(sizeof stages / sizeof stages[0]), NB_ACT_RELU);
  x = nb_conv(n, x, 1280, 1, 1, 1, 1, NB_SAME, NB_ACT_RELU);
  x = nb_mean_hw(n, x, 0);
  classifier_outputs(n, nb_fc(n, x, 1001, NB_ACT_NONE));
}

/*
** PoseNet (MobileNet v1 0.75, output stride 16, 257x257 input; the last depthwise layer
** dilated by 2): four 1x1 conv heads on the 17x17 features whose raw outputs are the
** model's outputs, in the hosted model's order:
** heatmaps (17), offsets (34), forward and backward displacements (32 each).
*/
static void posenet_mobilenet_v1_0_75(nb_net *n) {
  static const int head_channels[4] = {17, 34, 32, 32};
  nb_t x = nb_input(n, 257, 257, 3);
  x = mobilenet_v1_features(n, x, 0.75f, 16);
  for (int i = 0; i < 4; i++) nb_output(n, nb_conv(n, x, head_channels[i], 1, 1, 1, 1, NB_SAME, NB_ACT_NONE));
}

const nb_arch nb_archs_mobile[] = {
    {"mobilenet_v1_1.0_224", mobilenet_v1_1_0_224, "AVERAGE_POOL_2D,CONV_2D,DEPTHWISE_CONV_2D,RESHAPE,SOFTMAX"},
    {"mobilenet_v2_1.0_224", mobilenet_v2_1_0_224, "ADD,AVERAGE_POOL_2D,CONV_2D,DEPTHWISE_CONV_2D,RESHAPE,SOFTMAX"},
    {"mnasnet_1.0_224", mnasnet_1_0_224, "ADD,CONV_2D,DEPTHWISE_CONV_2D,FULLY_CONNECTED,MEAN,SOFTMAX"},
    {"posenet_mobilenet_v1_0.75", posenet_mobilenet_v1_0_75, "CONV_2D,DEPTHWISE_CONV_2D"},
    {NULL, NULL, NULL},
};
