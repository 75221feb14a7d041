/*
** transpose_test.c — TRANSPOSE (src/kernels/transpose.c) on float32, uint8, int8 and int32 data,
** 2 to 6 dims; refusals of a perm that is out of range or repeats a dim. Expected outputs are
** numpy.transpose of the inputs: the op moves bytes, so its definition is the whole of its
** semantics (no rounding to match).
*/
#include <stdbool.h>
#include <stdint.h>

#include "kernels/op_test.h"
#include "test_util.h"

TEST_COUNTERS;

static const op_test_case cases[] = {
    {
        .name = "transpose_float_2d",
        .builtin_code = 39, .version = 1,
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 2, {2, 3}, .data = (const float[]){2.440f, 2.464f, 0.123f, -1.714f, -3.569f, -0.933f}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){1, 0}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {3, 2}, .data = (const float[]){2.440f, -1.714f, 2.464f, -3.569f, 0.123f, -0.933f}}},
    },
    {
        .name = "transpose_uint8_nhwc_to_nchw",
        .builtin_code = 39, .version = 1,
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 4, {1, 2, 3, 4}, .data = (const uint8_t[]){146, 104, 33, 11, 0, 12, 38, 255, 48, 167, 192, 60, 72, 111, 67, 249, 45, 229, 204, 216, 29, 100, 160, 126}, .scale = 0.05f, .zero_point = 128},
                   {kTfLiteInt32, 1, {4}, .data = (const int32_t[]){0, 3, 1, 2}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 4, {1, 4, 2, 3}, .data = (const uint8_t[]){146, 0, 48, 72, 45, 29, 104, 12, 167, 111, 229, 100, 33, 38, 192, 67, 204, 160, 11, 255, 60, 249, 216, 126}, .scale = 0.05f, .zero_point = 128}},
    },
    {
        .name = "transpose_int8_3d",
        .builtin_code = 39, .version = 2,
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 3, {2, 3, 2}, .data = (const int8_t[]){42, 45, 41, -113, 117, 14, 103, -59, -36, 97, -81, -112}, .scale = 0.03f, .zero_point = -5},
                   {kTfLiteInt32, 1, {3}, .data = (const int32_t[]){2, 0, 1}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 3, {2, 2, 3}, .data = (const int8_t[]){42, 41, 117, 103, -36, -81, 45, -113, 14, -59, 97, -112}, .scale = 0.03f, .zero_point = -5}},
    },
    {
        .name = "transpose_int32_6d",
        .builtin_code = 39, .version = 5,
        .ninputs = 2,
        .inputs = {{kTfLiteInt32, 6, {2, 1, 2, 1, 3, 2}, .data = (const int32_t[]){-253, 358, -756, 740, -318, -546, 88, 790, 767, 744, -388, -963, 556, 414, 541, -998, -925, 6, -330, -127, 862, -594, 55, -351}},
                   {kTfLiteInt32, 1, {6}, .data = (const int32_t[]){5, 4, 3, 2, 1, 0}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 6, {2, 3, 1, 2, 1, 2}, .data = (const int32_t[]){-253, 556, 88, -330, -756, 541, 767, 862, -318, -925, -388, 55, 358, 414, 790, -127, 740, -998, 744, -594, -546, 6, -963, -351}}},
    },
    {
        .name = "transpose_repeated_perm_refused",
        .builtin_code = 39, .version = 1,
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 2, {2, 3}, .data = (const float[]){1, 2, 3, 4, 5, 6}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){0, 0}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {2, 2}}},
        .error = "not a permutation",
    },
    {
        .name = "transpose_perm_out_of_range_refused",
        .builtin_code = 39, .version = 1,
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 2, {2, 3}, .data = (const float[]){1, 2, 3, 4, 5, 6}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){1, 2}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {3, 2}}},
        .error = "out of range",
    },
};

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(op_test_run(&cases[i]) == 0);
  return TEST_REPORT();
}
