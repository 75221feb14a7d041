/*
** elementwise_test.c — SQRT and RSQRT (float32; RSQRT int8 in fixed point; src/kernels/sqrt.c) and CAST (src/kernels/cast.c) between
** float32, int32, int64, int16, uint8, int8 and bool, including float values that truncate,
** wrap or overflow, on one-op models built with the writer. Expected values were produced by
** TensorFlow Lite 2.9's builtin kernels (ref-run) on x86-64.
*/
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "kernels/op_test.h"
#include "test_util.h"

TEST_COUNTERS;

static const op_test_case cases[] = {
    {
        .name = "sqrt_float",
        .builtin_code = 75, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteFloat32, 2, {2, 8}, .data = (const float[]){
              6.718f, 42.372f, 38.189f, 12.753f, 24.772f, 22.475f, 32.58f, 39.436f, 4.693f, 1.417f, 41.788f,
              21.638f, 38.114f, 0.105f, 22.269f, 36.077f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {2, 8}, .data = (const float[]){
              2.59191036f, 6.50937796f, 6.17972469f, 3.57113433f, 4.97714758f, 4.74078035f, 5.70788956f,
              6.279809f, 2.1663332f, 1.19037807f, 6.46436357f, 4.65166664f, 6.1736536f, 0.324037015f,
              4.71900415f, 6.00641298f,}}},
    },
    {
        .name = "rsqrt_float",
        .builtin_code = 76, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteFloat32, 2, {2, 8}, .data = (const float[]){
              6.727f, 42.373f, 38.191f, 12.761f, 24.777f, 22.48f, 32.583f, 39.438f, 4.702f, 1.427f, 41.79f,
              21.644f, 38.116f, 0.115f, 22.275f, 36.08f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {2, 8}, .data = (const float[]){
              0.385557622f, 0.153622702f, 0.161815256f, 0.2799353f, 0.200898007f, 0.210912272f, 0.175188035f,
              0.159236476f, 0.461167485f, 0.837120593f, 0.154690564f, 0.214946926f, 0.161974385f, 2.94883895f,
              0.21188058f, 0.166481778f,}}},
    },
    {
        .name = "rsqrt_int8",
        .builtin_code = 76, .version = 2,
        .ninputs = 1,
        .inputs = {{kTfLiteInt8, 1, {32}, .data = (const int8_t[]){
              -128, -120, -112, -104, -96, -88, -80, -72, -64, -56, -48, -40, -32, -24, -16, -8, 0, 8, 16, 24,
              32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120,}, .scale = 0.05f, .zero_point = -128}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 1, {32}, .data = (const int8_t[]){
              127, -75, -91, -98, -102, -104, -106, -108, -109, -110, -111, -112, -113, -113, -114, -114, -115,
              -115, -116, -116, -116, -116, -117, -117, -117, -117, -118, -118, -118, -118, -118, -119,}, .scale = 0.03f, .zero_point = -128}},
    },
    {
        .name = "rsqrt_int8_zero_point",
        .builtin_code = 76, .version = 2,
        .ninputs = 1,
        .inputs = {{kTfLiteInt8, 1, {24}, .data = (const int8_t[]){
              -20, -14, -8, -2, 4, 10, 16, 22, 28, 34, 40, 46, 52, 58, 64, 70, 76, 82, 88, 94, 100, 106, 112,
              118,}, .scale = 0.3f, .zero_point = -20}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 1, {24}, .data = (const int8_t[]){
              127, -25, -47, -57, -63, -67, -70, -72, -74, -75, -76, -78, -78, -79, -80, -81, -81, -82, -82, -83,
              -83, -84, -84, -84,}, .scale = 0.01f, .zero_point = -100}},
    },
    {
        .name = "cast_float_to_int32",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteFloat32, 1, {16}, .data = (const float[]){
              -300.7f, -129.5f, -128.9f, -1.5f, -0.5f, 0.0f, 0.4f, 1.0f, 1.99f, 127.5f, 128.0f, 255.9f, 256.5f,
              1000.25f, -0.0f, 3.5f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {16}, .data = (const int32_t[]){
              -300, -129, -128, -1, 0, 0, 0, 1, 1, 127, 128, 255, 256, 1000, 0, 3,}}},
    },
    {
        .name = "cast_float_to_uint8",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteFloat32, 1, {16}, .data = (const float[]){
              -300.7f, -129.5f, -128.9f, -1.5f, -0.5f, 0.0f, 0.4f, 1.0f, 1.99f, 127.5f, 128.0f, 255.9f, 256.5f,
              1000.25f, -0.0f, 3.5f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 1, {16}, .data = (const uint8_t[]){
              212, 127, 128, 255, 0, 0, 0, 1, 1, 127, 128, 255, 0, 232, 0, 3,}}},
    },
    {
        .name = "cast_float_to_int8",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteFloat32, 1, {16}, .data = (const float[]){
              -300.7f, -129.5f, -128.9f, -1.5f, -0.5f, 0.0f, 0.4f, 1.0f, 1.99f, 127.5f, 128.0f, 255.9f, 256.5f,
              1000.25f, -0.0f, 3.5f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 1, {16}, .data = (const int8_t[]){
              -44, 127, -128, -1, 0, 0, 0, 1, 1, 127, -128, -1, 0, -24, 0, 3,}}},
    },
    {
        .name = "cast_float_to_int64",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteFloat32, 1, {16}, .data = (const float[]){
              -300.7f, -129.5f, -128.9f, -1.5f, -0.5f, 0.0f, 0.4f, 1.0f, 1.99f, 127.5f, 128.0f, 255.9f, 256.5f,
              1000.25f, -0.0f, 3.5f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt64, 1, {16}, .data = (const int64_t[]){
              INT64_C(-300), INT64_C(-129), INT64_C(-128), INT64_C(-1), INT64_C(0), INT64_C(0), INT64_C(0),
              INT64_C(1), INT64_C(1), INT64_C(127), INT64_C(128), INT64_C(255), INT64_C(256), INT64_C(1000),
              INT64_C(0), INT64_C(3),}}},
    },
    {
        .name = "cast_float_to_bool",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteFloat32, 1, {16}, .data = (const float[]){
              -300.7f, -129.5f, -128.9f, -1.5f, -0.5f, 0.0f, 0.4f, 1.0f, 1.99f, 127.5f, 128.0f, 255.9f, 256.5f,
              1000.25f, -0.0f, 3.5f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteBool, 1, {16}, .data = (const bool[]){
              true, true, true, true, true, false, true, true, true, true, true, true, true, true, false, true,}}},
    },
    {
        .name = "cast_int32_to_float",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteInt32, 1, {8}, .data = (const int32_t[]){
              INT32_MIN, 2147483647, 16777217, -5, 0, 7, 100000, -1,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 1, {8}, .data = (const float[]){
              -2.14748365e+09f, 2.14748365e+09f, 16777216.0f, -5.0f, 0.0f, 7.0f, 100000.0f, -1.0f,}}},
    },
    {
        .name = "cast_int32_to_uint8",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteInt32, 1, {8}, .data = (const int32_t[]){
              INT32_MIN, 2147483647, 256, -5, 0, 7, 255, -1,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 1, {8}, .data = (const uint8_t[]){
              0, 255, 0, 251, 0, 7, 255, 255,}}},
    },
    {
        .name = "cast_int32_to_int64",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteInt32, 1, {8}, .data = (const int32_t[]){
              INT32_MIN, 2147483647, 256, -5, 0, 7, 255, -1,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt64, 1, {8}, .data = (const int64_t[]){
              INT64_C(-2147483648), INT64_C(2147483647), INT64_C(256), INT64_C(-5), INT64_C(0), INT64_C(7),
              INT64_C(255), INT64_C(-1),}}},
    },
    {
        .name = "cast_int64_to_int32",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteInt64, 1, {6}, .data = (const int64_t[]){
              INT64_C(1099511627781), INT64_C(-1099511627779), INT64_C(-1), INT64_C(0), INT64_C(2147483648),
              INT64_C(123),}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {6}, .data = (const int32_t[]){
              5, -3, -1, 0, INT32_MIN, 123,}}},
    },
    {
        .name = "cast_uint8_to_float",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteUInt8, 1, {6}, .data = (const uint8_t[]){
              0, 1, 127, 128, 254, 255,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 1, {6}, .data = (const float[]){
              0.0f, 1.0f, 127.0f, 128.0f, 254.0f, 255.0f,}}},
    },
    {
        .name = "cast_uint8_to_int8",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteUInt8, 1, {6}, .data = (const uint8_t[]){
              0, 1, 127, 128, 254, 255,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 1, {6}, .data = (const int8_t[]){
              0, 1, 127, -128, -2, -1,}}},
    },
    {
        .name = "cast_int8_to_int32",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteInt8, 1, {6}, .data = (const int8_t[]){
              -128, -1, 0, 1, 126, 127,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {6}, .data = (const int32_t[]){
              -128, -1, 0, 1, 126, 127,}}},
    },
    {
        .name = "cast_int8_to_uint8",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteInt8, 1, {6}, .data = (const int8_t[]){
              -128, -1, 0, 1, 126, 127,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 1, {6}, .data = (const uint8_t[]){
              128, 255, 0, 1, 126, 127,}}},
    },
    {
        .name = "cast_bool_to_float",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteBool, 1, {4}, .data = (const bool[]){
              true, false, false, true,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 1, {4}, .data = (const float[]){
              1.0f, 0.0f, 0.0f, 1.0f,}}},
    },
    {
        .name = "cast_bool_to_int32",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteBool, 1, {4}, .data = (const bool[]){
              true, false, false, true,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {4}, .data = (const int32_t[]){
              1, 0, 0, 1,}}},
    },
    {
        .name = "cast_int16_to_int32",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteInt16, 1, {4}, .data = (const int16_t[]){
              -32768, -1, 0, 32767,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {4}, .data = (const int32_t[]){
              -32768, -1, 0, 32767,}}},
    },
    {
        .name = "cast_int32_to_int16",
        .builtin_code = 53, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteInt32, 1, {4}, .data = (const int32_t[]){
              -32769, 65535, 0, 40000,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt16, 1, {4}, .data = (const int16_t[]){
              32767, -1, 0, -25536,}}},
    },
};

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(op_test_run(&cases[i]) == 0);
  return TEST_REPORT();
}
