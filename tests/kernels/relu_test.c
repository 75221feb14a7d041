/*
** relu_test.c — RELU, RELU6, RELU_N1_TO_1 (float32, uint8, int8 with requantization) and
** HARD_SWISH (float32, and uint8/int8 in 16-bit fixed point) from src/kernels/relu.c, on one-op models built with the writer.
** Expected values were produced by TensorFlow Lite 2.9's builtin kernels (ref-run).
*/
#include <stdbool.h>
#include <stdint.h>

#include "kernels/op_test.h"
#include "test_util.h"

TEST_COUNTERS;

static const op_test_case cases[] = {
    {
        .name = "relu_float",
        .builtin_code = 19, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteFloat32, 3, {2, 3, 5}, .data = (const float[]){
              -5.85f, 5.559f, 4.22f, -3.919f, -0.073f, -0.808f, 2.425f, 4.62f, -6.498f, -7.546f, 5.372f, -1.076f,
              4.196f, -7.966f, -0.874f, 3.545f, -4.34f, 7.124f, 6.423f, -7.511f, -7.593f, 0.663f, 7.026f,
              -1.901f, -4.534f, -1.246f, -7.535f, -4.453f, -0.994f, -0.067f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 3, {2, 3, 5}, .data = (const float[]){
              0.0f, 5.55900002f, 4.21999979f, 0.0f, 0.0f, 0.0f, 2.42499995f, 4.61999989f, 0.0f, 0.0f,
              5.37200022f, 0.0f, 4.1960001f, 0.0f, 0.0f, 3.54500008f, 0.0f, 7.12400007f, 6.42299986f, 0.0f, 0.0f,
              0.662999988f, 7.02600002f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f,}}},
    },
    {
        .name = "relu_uint8",
        .builtin_code = 19, .version = 2,
        .ninputs = 1,
        .inputs = {{kTfLiteUInt8, 1, {32}, .data = (const uint8_t[]){
              0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128, 136, 144, 152, 160, 168, 176,
              184, 192, 200, 208, 216, 224, 232, 240, 248,}, .scale = 0.05f, .zero_point = 100}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 1, {32}, .data = (const uint8_t[]){
              20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 27, 40, 53, 67, 80, 93, 107, 120, 133, 147,
              160, 173, 187, 200, 213, 227, 240, 253, 255,}, .scale = 0.03f, .zero_point = 20}},
    },
    {
        .name = "relu_int8",
        .builtin_code = 19, .version = 2,
        .ninputs = 1,
        .inputs = {{kTfLiteInt8, 1, {32}, .data = (const int8_t[]){
              -128, -120, -112, -104, -96, -88, -80, -72, -64, -56, -48, -40, -32, -24, -16, -8, 0, 8, 16, 24,
              32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120,}, .scale = 0.05f, .zero_point = -10}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 1, {32}, .data = (const int8_t[]){
              -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -123,
              -103, -83, -63, -43, -23, -3, 17, 37, 57, 77, 97, 117, 127, 127, 127, 127,}, .scale = 0.02f, .zero_point = -128}},
    },
    {
        .name = "relu6_float",
        .builtin_code = 21, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteFloat32, 3, {2, 3, 5}, .data = (const float[]){
              -5.85f, 5.559f, 4.22f, -3.919f, -0.073f, -0.808f, 2.425f, 4.62f, -6.498f, -7.546f, 5.372f, -1.076f,
              4.196f, -7.966f, -0.874f, 3.545f, -4.34f, 7.124f, 6.423f, -7.511f, -7.593f, 0.663f, 7.026f,
              -1.901f, -4.534f, -1.246f, -7.535f, -4.453f, -0.994f, -0.067f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 3, {2, 3, 5}, .data = (const float[]){
              0.0f, 5.55900002f, 4.21999979f, 0.0f, 0.0f, 0.0f, 2.42499995f, 4.61999989f, 0.0f, 0.0f,
              5.37200022f, 0.0f, 4.1960001f, 0.0f, 0.0f, 3.54500008f, 0.0f, 6.0f, 6.0f, 0.0f, 0.0f, 0.662999988f,
              6.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f,}}},
    },
    {
        .name = "relu6_uint8",
        .builtin_code = 21, .version = 2,
        .ninputs = 1,
        .inputs = {{kTfLiteUInt8, 1, {32}, .data = (const uint8_t[]){
              0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128, 136, 144, 152, 160, 168, 176,
              184, 192, 200, 208, 216, 224, 232, 240, 248,}, .scale = 0.05f, .zero_point = 100}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 1, {32}, .data = (const uint8_t[]){
              20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 27, 40, 53, 67, 80, 93, 107, 120, 133, 147,
              160, 173, 187, 200, 213, 220, 220, 220, 220,}, .scale = 0.03f, .zero_point = 20}},
    },
    {
        .name = "relu6_int8",
        .builtin_code = 21, .version = 2,
        .ninputs = 1,
        .inputs = {{kTfLiteInt8, 1, {32}, .data = (const int8_t[]){
              -128, -120, -112, -104, -96, -88, -80, -72, -64, -56, -48, -40, -32, -24, -16, -8, 0, 8, 16, 24,
              32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120,}, .scale = 0.05f, .zero_point = -10}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 1, {32}, .data = (const int8_t[]){
              -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -123,
              -103, -83, -63, -43, -23, -3, 17, 37, 57, 77, 97, 117, 127, 127, 127, 127,}, .scale = 0.02f, .zero_point = -128}},
    },
    {
        .name = "relu_n1_to_1_float",
        .builtin_code = 20, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteFloat32, 3, {2, 3, 5}, .data = (const float[]){
              -1.463f, 1.39f, 1.055f, -0.98f, -0.018f, -0.202f, 0.606f, 1.155f, -1.625f, -1.887f, 1.343f,
              -0.269f, 1.049f, -1.992f, -0.218f, 0.886f, -1.085f, 1.781f, 1.606f, -1.878f, -1.898f, 0.166f,
              1.757f, -0.475f, -1.134f, -0.312f, -1.884f, -1.113f, -0.248f, -0.017f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 3, {2, 3, 5}, .data = (const float[]){
              -1.0f, 1.0f, 1.0f, -0.980000019f, -0.0179999992f, -0.202000007f, 0.606000006f, 1.0f, -1.0f, -1.0f,
              1.0f, -0.268999994f, 1.0f, -1.0f, -0.217999995f, 0.885999978f, -1.0f, 1.0f, 1.0f, -1.0f, -1.0f,
              0.165999994f, 1.0f, -0.474999994f, -1.0f, -0.312000006f, -1.0f, -1.0f, -0.247999996f,
              -0.0170000009f,}}},
    },
    {
        .name = "relu_n1_to_1_uint8",
        .builtin_code = 20, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteUInt8, 1, {32}, .data = (const uint8_t[]){
              0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128, 136, 144, 152, 160, 168, 176,
              184, 192, 200, 208, 216, 224, 232, 240, 248,}, .scale = 0.05f, .zero_point = 100}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 1, {32}, .data = (const uint8_t[]){
              0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 13, 27, 40, 53, 53, 53, 53, 53, 53, 53, 53, 53, 53, 53, 53, 53,
              53, 53, 53, 53,}, .scale = 0.03f, .zero_point = 20}},
    },
    {
        .name = "relu_n1_to_1_int8",
        .builtin_code = 20, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteInt8, 1, {32}, .data = (const int8_t[]){
              -128, -120, -112, -104, -96, -88, -80, -72, -64, -56, -48, -40, -32, -24, -16, -8, 0, 8, 16, 24,
              32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120,}, .scale = 0.05f, .zero_point = -10}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 1, {32}, .data = (const int8_t[]){
              -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -70, -30, 10, 50, 90,
              100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100,}, .scale = 0.01f, .zero_point = 0}},
    },
    {
        .name = "relu_int8_same_scale",
        .builtin_code = 19, .version = 2,
        .ninputs = 1,
        .inputs = {{kTfLiteInt8, 1, {16}, .data = (const int8_t[]){
              -128, -112, -96, -80, -64, -48, -32, -16, 0, 16, 32, 48, 64, 80, 96, 112,}, .scale = 0.1f, .zero_point = 5}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 1, {16}, .data = (const int8_t[]){
              5, 5, 5, 5, 5, 5, 5, 5, 5, 16, 32, 48, 64, 80, 96, 112,}, .scale = 0.1f, .zero_point = 5}},
    },
    {
        .name = "hard_swish_float",
        .builtin_code = 117, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteFloat32, 2, {3, 10}, .data = (const float[]){
              -4.388f, 4.169f, 3.165f, -2.939f, -0.055f, -0.606f, 1.819f, 3.465f, -4.874f, -5.66f, 4.029f,
              -0.807f, 3.147f, -5.975f, -0.655f, 2.658f, -3.255f, 5.343f, 4.817f, -5.633f, -5.695f, 0.497f,
              5.27f, -1.426f, -3.401f, -0.935f, -5.652f, -3.34f, -0.745f, -0.05f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {3, 10}, .data = (const float[]){
              -0.0f, 4.16900015f, 3.16499996f, -0.0298798867f, -0.026995834f, -0.24179402f, 1.46096027f,
              3.46499991f, -0.0f, -0.0f, 4.02900028f, -0.294958532f, 3.14700007f, -0.0f, -0.25599584f,
              2.50649405f, -0.0f, 5.34299994f, 4.81700039f, -0.0f, -0.0f, 0.289668173f, 5.26999998f,
              -0.374087334f, -0.0f, -0.321795851f, -0.0f, -0.0f, -0.279995859f, -0.024583336f,}}},
    },
    {
        .name = "hard_swish_uint8",
        .builtin_code = 117, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteUInt8, 1, {32}, .data = (const uint8_t[]){
              0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128, 136, 144, 152, 160, 168, 176,
              184, 192, 200, 208, 216, 224, 232, 240, 248,}, .scale = 0.05f, .zero_point = 128}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 1, {32}, .data = (const uint8_t[]){
              20, 20, 20, 20, 20, 20, 20, 20, 20, 17, 12, 9, 8, 8, 10, 14, 20, 28, 37, 48, 61, 76, 92, 110, 127,
              140, 153, 167, 180, 193, 207, 220,}, .scale = 0.03f, .zero_point = 20}},
    },
    {
        .name = "hard_swish_int8",
        .builtin_code = 117, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteInt8, 1, {32}, .data = (const int8_t[]){
              -128, -120, -112, -104, -96, -88, -80, -72, -64, -56, -48, -40, -32, -24, -16, -8, 0, 8, 16, 24,
              32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120,}, .scale = 0.05f, .zero_point = 0}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 1, {32}, .data = (const int8_t[]){
              -100, -100, -100, -100, -100, -100, -100, -100, -100, -103, -108, -111, -112, -112, -110, -106,
              -100, -92, -83, -72, -59, -44, -28, -10, 7, 20, 33, 47, 60, 73, 87, 100,}, .scale = 0.03f, .zero_point = -100}},
    },
    {
        .name = "hard_swish_int8_wide_input",
        .builtin_code = 117, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteInt8, 1, {32}, .data = (const int8_t[]){
              -128, -120, -112, -104, -96, -88, -80, -72, -64, -56, -48, -40, -32, -24, -16, -8, 0, 8, 16, 24,
              32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120,}, .scale = 0.5f, .zero_point = -3}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 1, {32}, .data = (const int8_t[]){
              -120, -120, -120, -120, -120, -120, -120, -120, -120, -120, -120, -120, -120, -120, -120, -121,
              -117, -106, -96, -86, -76, -66, -56, -46, -36, -26, -16, -6, 4, 14, 24, 34,}, .scale = 0.4f, .zero_point = -120}},
    },
    {
        .name = "hard_swish_uint8_fine_input",
        .builtin_code = 117, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteUInt8, 1, {32}, .data = (const uint8_t[]){
              0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128, 136, 144, 152, 160, 168, 176,
              184, 192, 200, 208, 216, 224, 232, 240, 248,}, .scale = 0.01f, .zero_point = 200}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 1, {32}, .data = (const uint8_t[]){
              8, 7, 6, 6, 5, 5, 5, 5, 5, 6, 6, 7, 7, 8, 9, 10, 12, 13, 15, 17, 18, 20, 23, 25, 27, 30, 33, 36,
              39, 42, 45, 49,}, .scale = 0.015f, .zero_point = 30}},
    },
};

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(op_test_run(&cases[i]) == 0);
  return TEST_REPORT();
}
