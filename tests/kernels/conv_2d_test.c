/*
** conv_2d_test.c — CONV_2D cases in literals (tests/kernels/op_test.h), for the hybrid path
** (FLOAT32 input, INT8 filter quantized per tensor, input quantized on the fly per batch).
** TFLite 2.9 refuses a hybrid CONV_2D without bias, and so does tflc.
** Expected outputs were produced by TensorFlow Lite 2.9 (ref-run) from the models these cases
** write under TFLC_OP_TEST_DUMP.
*/
#include "kernels/op_test.h"
#include "test_util.h"

TEST_COUNTERS;

enum { CONV_2D = 3, OPTIONS_CONV2D = 1 };
/* Conv2DOptions fields. */
enum { CONV_PADDING = 0, CONV_STRIDE_W = 1, CONV_STRIDE_H = 2, CONV_ACTIVATION = 3 };

static const int8_t filter_2x3x3x2[36] = {12,  -7,  100, 45, -128, 3,  77, -20, 5,   60, -33, 127, 0,   -90, 18, 24, 9,   -64,
                                          -15, 88,  -2,  31, 70,   -49, 6, 111, -85, 14, 27,  -3,  -56, 40,  93, -11, 2,  65};
static const float image_2x4x4x2[64] = {
    0.1f,  -0.4f, 0.9f,  0.3f,  -0.2f, 0.75f, 0.05f, -0.6f, 0.33f, 0.2f,  -0.8f, 0.4f,  0.6f,  -0.1f, 0.0f,  0.25f,
    -0.5f, 0.15f, 0.45f, -0.3f, 0.8f,  0.1f,  -0.7f, 0.2f,  0.55f, -0.9f, 0.3f,  0.35f, -0.15f, 0.65f, 0.7f, -0.25f,
    1.5f,  -2.0f, 0.25f, 0.5f,  -1.0f, 0.75f, 2.5f,  -0.5f, 0.1f,  0.2f,  -0.3f, 1.25f, 0.8f,  -1.75f, 0.6f, 0.4f,
    -0.2f, 0.9f,  1.1f,  -0.6f, 0.3f,  -1.2f, 0.45f, 2.0f,  -2.25f, 0.05f, 0.15f, -0.35f, 1.8f, 0.0f,  -0.9f, 0.7f};

static const op_test_case cases[] = {
    {
        .name = "conv_hybrid_same_stride2_relu",
        .builtin_code = CONV_2D, .version = 2,
        .options_type = OPTIONS_CONV2D, .nfields = 4,
        .fields = {TFLC_WRITER_I8(CONV_PADDING, 0), TFLC_WRITER_I32(CONV_STRIDE_W, 2), TFLC_WRITER_I32(CONV_STRIDE_H, 2),
                   TFLC_WRITER_I8(CONV_ACTIVATION, 1)},
        .ninputs = 3,
        .inputs = {{kTfLiteFloat32, 4, {2, 4, 4, 2}, .data = image_2x4x4x2},
                   {kTfLiteInt8, 4, {2, 3, 3, 2}, .constant = true, .scale = 0.01f, .data = filter_2x3x3x2},
                   {kTfLiteFloat32, 1, {2}, .constant = true, .data = (const float[]){0.1f, -0.2f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {2, 2, 2, 2}, .data = (const float[]){1.42505515f, 1.02159047f, 0.266677171f, 0, 1.03274012f, 0, 0, 0, 0.52795279f, 0, 5.08740139f, 0, 0, 1.44744086f, 3.33503938f, 0.288779497f}}},
        .tolerance = 1e-6f,
    },
    {
        .name = "conv_hybrid_valid",
        .builtin_code = CONV_2D, .version = 2,
        .options_type = OPTIONS_CONV2D, .nfields = 3,
        .fields = {TFLC_WRITER_I8(CONV_PADDING, 1), TFLC_WRITER_I32(CONV_STRIDE_W, 1), TFLC_WRITER_I32(CONV_STRIDE_H, 1)},
        .ninputs = 3,
        .inputs = {{kTfLiteFloat32, 4, {2, 4, 4, 2}, .data = image_2x4x4x2},
                   {kTfLiteInt8, 4, {2, 3, 3, 2}, .constant = true, .scale = 0.005f, .data = filter_2x3x3x2},
                   {kTfLiteFloat32, 1, {2}, .constant = true, .data = (const float[]){-0.05f, 0.3f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {2, 2, 2, 2}, .data = (const float[]){0.612527549f, 0.910795271f, -0.0597440936f, 0.814240158f, -0.83261019f, 0.622440934f, 0.686086595f, -0.322700739f, 0.163976386f, -0.301476359f, -3.05935025f, 2.35108256f, -1.55944872f, 2.08464575f, 0.90954721f, 1.17312992f}}},
        .tolerance = 1e-6f,
    },
    {
        .name = "conv_hybrid_no_bias_refused",
        .builtin_code = CONV_2D, .version = 2,
        .options_type = OPTIONS_CONV2D, .nfields = 3,
        .fields = {TFLC_WRITER_I8(CONV_PADDING, 1), TFLC_WRITER_I32(CONV_STRIDE_W, 1), TFLC_WRITER_I32(CONV_STRIDE_H, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {2, 4, 4, 2}, .data = image_2x4x4x2},
                   {kTfLiteInt8, 4, {2, 3, 3, 2}, .constant = true, .scale = 0.005f, .data = filter_2x3x3x2}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {2, 2, 2, 2}, .data = (const float[]){0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}}},
        .error = "needs a bias",
    },
};

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(op_test_run(&cases[i]) == 0);
  return TEST_REPORT();
}
