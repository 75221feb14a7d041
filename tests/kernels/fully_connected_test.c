/*
** fully_connected_test.c — FULLY_CONNECTED cases in literals (tests/kernels/op_test.h).
** Expected outputs were produced by TensorFlow Lite 2.9 (ref-run) from the models these
** cases write under TFLC_OP_TEST_DUMP.
*/
#include "kernels/op_test.h"
#include "test_util.h"

TEST_COUNTERS;

enum { FULLY_CONNECTED = 9, OPTIONS_FULLY_CONNECTED = 8 };
/* FullyConnectedOptions fields. */
enum { FC_ACTIVATION = 0, FC_KEEP_NUM_DIMS = 2, FC_ASYMMETRIC_QUANTIZE_INPUTS = 3 };

static const op_test_case cases[] = {
    {
        .name = "fc_float_relu",
        .builtin_code = FULLY_CONNECTED, .version = 1,
        .options_type = OPTIONS_FULLY_CONNECTED, .nfields = 1, .fields = {TFLC_WRITER_I8(FC_ACTIVATION, 1)},
        .ninputs = 3,
        .inputs = {{kTfLiteFloat32, 2, {2, 3}, .data = (const float[]){1.5f, -2, 0.25f, -1, 3, 2}},
                   {kTfLiteFloat32, 2, {3, 3}, .constant = true,
                    .data = (const float[]){0.5f, 1, -1, 2, 0.125f, 3, -0.75f, -1, 0.5f}},
                   {kTfLiteFloat32, 1, {3}, .constant = true, .data = (const float[]){0.1f, -0.2f, 0.3f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {2, 3}, .data = (const float[]){0, 3.29999995f, 1.29999995f, 0.600000024f, 4.17500019f, 0}}},
    },
    {
        .name = "fc_int8_bias",
        .builtin_code = FULLY_CONNECTED, .version = 4,
        .ninputs = 3,
        .inputs = {{kTfLiteInt8, 2, {2, 4}, .scale = 0.5f, .zero_point = -3,
                    .data = (const int8_t[]){-128, -3, 7, 127, 20, -50, 0, 5}},
                   {kTfLiteInt8, 2, {3, 4}, .constant = true, .scale = 0.25f,
                    .data = (const int8_t[]){1, -2, 3, -4, 127, -128, 5, 9, -7, 0, 11, 2}},
                   {kTfLiteInt32, 1, {3}, .constant = true, .scale = 0.125f, .data = (const int32_t[]){10, -300, 77}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 2, {2, 3}, .scale = 1.5f, .zero_point = 4, .data = (const int8_t[]){-46, -128, 114, 13, 127, 1}}},
    },
    {
        .name = "fc_uint8_relu6",
        .builtin_code = FULLY_CONNECTED, .version = 1,
        .options_type = OPTIONS_FULLY_CONNECTED, .nfields = 1, .fields = {TFLC_WRITER_I8(FC_ACTIVATION, 3)},
        .ninputs = 3,
        .inputs = {{kTfLiteUInt8, 2, {1, 3}, .scale = 0.05f, .zero_point = 128, .data = (const uint8_t[]){0, 200, 255}},
                   {kTfLiteUInt8, 2, {2, 3}, .constant = true, .scale = 0.02f, .zero_point = 120,
                    .data = (const uint8_t[]){250, 3, 130, 60, 255, 0}},
                   {kTfLiteInt32, 1, {2}, .constant = true, .scale = 0.001f, .data = (const int32_t[]){500, -1200}}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 2, {1, 2}, .scale = 0.03f, .zero_point = 10, .data = (const uint8_t[]){10, 42}}},
    },
    {
        .name = "fc_int8_keep_num_dims",
        .builtin_code = FULLY_CONNECTED, .version = 5,
        .options_type = OPTIONS_FULLY_CONNECTED, .nfields = 1, .fields = {TFLC_WRITER_BOOL(FC_KEEP_NUM_DIMS, 1)},
        .ninputs = 3,
        .inputs = {{kTfLiteInt8, 3, {1, 2, 3}, .scale = 0.1f, .zero_point = 0, .data = (const int8_t[]){10, -20, 30, -40, 50, -60}},
                   {kTfLiteInt8, 2, {2, 3}, .constant = true, .scale = 0.05f,
                    .data = (const int8_t[]){100, -100, 50, 1, 2, 3}},
                   {.omitted = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 3, {1, 2, 2}, .scale = 0.2f, .zero_point = -1, .data = (const int8_t[]){112, 1, -128, -4}}},
    },
    {
        .name = "fc_hybrid_symmetric_relu",
        .builtin_code = FULLY_CONNECTED, .version = 3,
        .options_type = OPTIONS_FULLY_CONNECTED, .nfields = 1, .fields = {TFLC_WRITER_I8(FC_ACTIVATION, 1)},
        .ninputs = 3,
        .inputs = {{kTfLiteFloat32, 2, {2, 4}, .data = (const float[]){0.5f, -1.25f, 2, 0.01f, -3, 0.7f, 0.2f, -0.9f}},
                   {kTfLiteInt8, 2, {3, 4}, .constant = true, .scale = 0.02f,
                    .data = (const int8_t[]){127, -5, 33, -100, 12, 88, -127, 4, -60, 70, 9, 110}},
                   {kTfLiteFloat32, 1, {3}, .constant = true, .data = (const float[]){0.25f, -0.5f, 1}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {2, 3}, .data = (const float[]){2.94291353f, 0, 0, 0, 0, 3.65133858f}}},
        .tolerance = 1e-6f,
    },
    {
        .name = "fc_hybrid_asymmetric",
        .builtin_code = FULLY_CONNECTED, .version = 9,
        .options_type = OPTIONS_FULLY_CONNECTED, .nfields = 1, .fields = {TFLC_WRITER_BOOL(FC_ASYMMETRIC_QUANTIZE_INPUTS, 1)},
        .ninputs = 3,
        .inputs = {{kTfLiteFloat32, 2, {2, 4}, .data = (const float[]){0.5f, 1.25f, 2, 0.01f, -3, -0.7f, -0.2f, -0.9f}},
                   {kTfLiteInt8, 2, {3, 4}, .constant = true, .scale = 0.02f,
                    .data = (const int8_t[]){127, -5, 33, -100, 12, 88, -127, 4, -60, 70, 9, 110}},
                   {.omitted = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {2, 3}, .data = (const float[]){2.45458817f, -2.76407838f, 1.52078438f, -5.89435291f, -1.50517654f, 0.625176489f}}},
        .tolerance = 1e-6f,
    },
    {
        .name = "fc_weights_3d_refused",
        .builtin_code = FULLY_CONNECTED, .version = 1,
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 2, {1, 2}, .data = (const float[]){1, 2}},
                   {kTfLiteFloat32, 3, {1, 1, 2}, .constant = true, .data = (const float[]){1, 2}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {1, 1}, .data = (const float[]){0}}},
        .error = "weights have 3 dims",
    },
};

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(op_test_run(&cases[i]) == 0);
  return TEST_REPORT();
}
