/*
** binary_test.c — SUB, MUL, DIV, SQUARED_DIFFERENCE and FLOOR_DIV (src/kernels/binary.c) on one-op
** models built with the writer: float32, int32, uint8 and int8 (quantized SUB, MUL, int8
** SQUARED_DIFFERENCE, uint8 DIV including numerators whose shift passes 31), with broadcasting and
** fused activations; also ADD's broadcasting (add.c iterates with the same broadcast.h).
** Expected values were produced by TensorFlow Lite 2.9's builtin kernels
** (../shared/reference/ref-run) on the same models and inputs (TFLC_OP_TEST_DUMP writes them).
*/
#include <stdbool.h>
#include <stdint.h>

#include "kernels/op_test.h"
#include "test_util.h"

TEST_COUNTERS;

static const op_test_case cases[] = {
    {
        .name = "sub_float_broadcast_relu6",
        .builtin_code = 41, .version = 1,
        .options_type = 28, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 3)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 3, {2, 3, 4}, .data = (const float[]){
              -5.85f, 5.559f, 4.22f, -3.919f, -0.073f, -0.808f, 2.425f, 4.62f, -6.498f, -7.546f, 5.372f, -1.076f,
              4.196f, -7.966f, -0.874f, 3.545f, -4.34f, 7.124f, 6.423f, -7.511f, -7.593f, 0.663f, 7.026f,
              -1.901f,}},
                   {kTfLiteFloat32, 2, {3, 1}, .data = (const float[]){
              -4.534f, -1.246f, -7.535f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 3, {2, 3, 4}, .data = (const float[]){
              0.0f, 6.0f, 6.0f, 0.61500001f, 1.1730001f, 0.438000023f, 3.671f, 5.86600018f, 1.0369997f, 0.0f,
              6.0f, 6.0f, 6.0f, 0.0f, 3.65999985f, 6.0f, 0.0f, 6.0f, 6.0f, 0.0f, 0.0f, 6.0f, 6.0f, 5.63399982f,}}},
    },
    {
        .name = "sub_uint8",
        .builtin_code = 41, .version = 2,
        .options_type = 28, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 2, {2, 12}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14, 199, 221, 1, 228, 136, 117, 52, 162, 15, 11,
              13, 4,}, .scale = 0.05f, .zero_point = 120},
                   {kTfLiteUInt8, 2, {2, 12}, .data = (const uint8_t[]){
              195, 110, 216, 14, 113, 224, 253, 119, 176, 118, 112, 235, 148, 11, 213, 51, 95, 151, 61, 170, 216,
              97, 155, 145,}, .scale = 0.03f, .zero_point = 100}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 2, {2, 12}, .data = (const uint8_t[]){
              50, 61, 85, 122, 217, 153, 149, 173, 86, 69, 215, 0, 164, 238, 0, 226, 142, 104, 96, 128, 3, 51,
              28, 26,}, .scale = 0.07f, .zero_point = 128}},
    },
    {
        .name = "sub_uint8_broadcast_relu",
        .builtin_code = 41, .version = 2,
        .options_type = 28, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 3, {2, 3, 5}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14, 199, 221, 1, 228, 136, 117, 52, 162, 15, 11,
              13, 4, 195, 110, 216, 14, 113, 224,}, .scale = 0.02f, .zero_point = 10},
                   {kTfLiteUInt8, 2, {1, 5}, .data = (const uint8_t[]){
              253, 119, 176, 118, 112,}, .scale = 0.05f, .zero_point = 200}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 3, {2, 3, 5}, .data = (const uint8_t[]){
              60, 172, 150, 188, 255, 104, 255, 182, 211, 189, 113, 163, 185, 255, 166, 103, 224, 144, 184, 246,
              60, 162, 92, 160, 255, 60, 255, 92, 214, 255,}, .scale = 0.04f, .zero_point = 60}},
    },
    {
        .name = "sub_int8_broadcast",
        .builtin_code = 41, .version = 2,
        .options_type = 28, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 3, {3, 1, 7}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21, -80, 121, -114, 71, 93, -127, 100, 8, -11, -76, 34, -113,}, .scale = 0.013f, .zero_point = 5},
                   {kTfLiteInt8, 2, {5, 1}, .data = (const int8_t[]){
              -117, -115, -124, 67, -18,}, .scale = 0.021f, .zero_point = -20}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 3, {3, 5, 7}, .data = (const int8_t[]){
              38, 22, 65, 34, 118, 108, 113, 36, 21, 63, 33, 117, 107, 111, 43, 27, 70, 39, 123, 113, 118, -91,
              -107, -64, -95, -11, -21, -16, -32, -47, -5, -35, 49, 39, 43, 92, 55, 29, 116, 14, 95, 104, 91, 53,
              28, 115, 13, 93, 103, 97, 60, 34, 121, 19, 99, 109, -36, -74, -100, -13, -114, -34, -25, 23, -15,
              -40, 47, -55, 25, 35, 9, 107, 67, 59, 31, 78, 15, 7, 106, 66, 58, 29, 77, 13, 14, 112, 72, 64, 36,
              83, 20, -120, -22, -62, -70, -98, -50, -114, -61, 38, -2, -10, -39, 9, -55,}, .scale = 0.03f, .zero_point = -2}},
    },
    {
        .name = "sub_int32_broadcast",
        .builtin_code = 41, .version = 3,
        .options_type = 28, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt32, 3, {2, 3, 4}, .data = (const int32_t[]){
              -12, 16, -16, -4, -13, 11, 8, 10, 4, -7, -14, 11, -19, 4, 7, 18, -20, 8, -3, -6, 17, -14, 0, -19,}},
                   {kTfLiteInt32, 1, {4}, .data = (const int32_t[]){
              -19, -19, 14, -20,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 3, {2, 3, 4}, .data = (const int32_t[]){
              7, 35, -30, 16, 6, 30, -6, 30, 23, 12, -28, 31, 0, 23, -7, 38, -1, 27, -17, 14, 36, 5, -14, 1,}}},
    },
    {
        .name = "mul_float_broadcast",
        .builtin_code = 18, .version = 1,
        .options_type = 21, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 3, {2, 1, 4}, .data = (const float[]){
              -2.925f, 2.779f, 2.11f, -1.959f, -0.037f, -0.404f, 1.213f, 2.31f,}},
                   {kTfLiteFloat32, 2, {3, 1}, .data = (const float[]){
              -3.249f, -3.773f, 2.686f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 3, {2, 3, 4}, .data = (const float[]){
              9.50332546f, -9.02897167f, -6.8553896f, 6.36479092f, 11.036025f, -10.4851675f, -7.96102953f,
              7.39130688f, -7.85655022f, 7.46439457f, 5.66745996f, -5.2618742f, 0.120213002f, 1.31259608f,
              -3.94103718f, -7.5051899f, 0.139601007f, 1.52429211f, -4.57664919f, -8.71562958f, -0.0993820056f,
              -1.08514404f, 3.25811839f, 6.20465994f,}}},
    },
    {
        .name = "mul_uint8_broadcast_relu6",
        .builtin_code = 18, .version = 2,
        .options_type = 21, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 3)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 3, {4, 1, 6}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14, 199, 221, 1, 228, 136, 117, 52, 162, 15, 11,
              13, 4,}, .scale = 0.1f, .zero_point = 128},
                   {kTfLiteUInt8, 2, {5, 1}, .data = (const uint8_t[]){
              195, 110, 216, 14, 113,}, .scale = 0.02f, .zero_point = 3}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 3, {4, 5, 6}, .data = (const uint8_t[]){
              100, 100, 104, 100, 130, 130, 100, 100, 102, 100, 130, 130, 100, 100, 104, 100, 130, 130, 100, 100,
              100, 100, 114, 111, 100, 100, 102, 100, 130, 130, 130, 130, 100, 100, 130, 100, 130, 130, 100, 100,
              130, 100, 130, 130, 100, 100, 130, 100, 112, 107, 100, 100, 113, 100, 130, 130, 100, 100, 130, 100,
              130, 130, 100, 130, 115, 100, 130, 130, 100, 130, 109, 100, 130, 130, 100, 130, 117, 100, 108, 110,
              100, 111, 101, 100, 130, 130, 100, 130, 109, 100, 100, 130, 100, 100, 100, 100, 100, 130, 100, 100,
              100, 100, 100, 130, 100, 100, 100, 100, 100, 104, 100, 100, 100, 100, 100, 130, 100, 100, 100, 100,}, .scale = 0.2f, .zero_point = 100}},
    },
    {
        .name = "mul_uint8_large_multiplier",
        .builtin_code = 18, .version = 2,
        .options_type = 21, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 1, {24}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14, 199, 221, 1, 228, 136, 117, 52, 162, 15, 11,
              13, 4,}, .scale = 0.5f, .zero_point = 120},
                   {kTfLiteUInt8, 1, {24}, .data = (const uint8_t[]){
              195, 110, 216, 14, 113, 224, 253, 119, 176, 118, 112, 235, 148, 11, 213, 51, 95, 151, 61, 170, 216,
              97, 155, 145,}, .scale = 0.3f, .zero_point = 100}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 1, {24}, .data = (const uint8_t[]){
              0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 255, 0, 255, 0, 0, 0, 0, 0, 255, 255, 0, 255, 0, 0,}, .scale = 0.01f, .zero_point = 128}},
    },
    {
        .name = "mul_int8_broadcast_relu",
        .builtin_code = 18, .version = 2,
        .options_type = 21, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 3, {2, 1, 8}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21, -80, 121, -114, 71, 93, -127, 100,}, .scale = 0.011f, .zero_point = -128},
                   {kTfLiteInt8, 3, {1, 3, 8}, .data = (const int8_t[]){
              8, -11, -76, 34, -113, -117, -115, -124, 67, -18, 88, -114, -15, 96, 125, -9, 48, -10, -16, 107,
              20, -117, 85, -77,}, .scale = 0.007f, .zero_point = -5}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 3, {2, 3, 8}, .data = (const int8_t[]){
              34, 11, 11, 71, 11, 11, 11, 11, 127, 11, 127, 11, 11, 127, 127, 11, 104, 11, 11, 127, 127, 11, 127,
              11, 47, 11, 11, 25, 11, 11, 11, 11, 127, 11, 127, 11, 11, 127, 14, 11, 127, 11, 11, 51, 127, 11,
              13, 11,}, .scale = 0.003f, .zero_point = 11}},
    },
    {
        .name = "mul_int32",
        .builtin_code = 18, .version = 2,
        .options_type = 21, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt32, 2, {3, 4}, .data = (const int32_t[]){
              -12, 16, -16, -4, -13, 11, 8, 10, 4, -7, -14, 11,}},
                   {kTfLiteInt32, 2, {3, 4}, .data = (const int32_t[]){
              -19, 4, 7, 18, -20, 8, -3, -6, 17, -14, 0, -19,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 2, {3, 4}, .data = (const int32_t[]){
              228, 64, -112, -72, 260, 88, -24, -60, 68, 98, 0, -209,}}},
    },
    {
        .name = "mul_int64_broadcast",
        .builtin_code = 18, .version = 2,
        .options_type = 21, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt64, 2, {2, 3}, .data = (const int64_t[]){
              INT64_C(-12), INT64_C(16), INT64_C(-16), INT64_C(-4), INT64_C(-13), INT64_C(11),}},
                   {kTfLiteInt64, 1, {3}, .data = (const int64_t[]){
              INT64_C(8), INT64_C(10), INT64_C(4),}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt64, 2, {2, 3}, .data = (const int64_t[]){
              INT64_C(-96), INT64_C(160), INT64_C(-64), INT64_C(-32), INT64_C(-130), INT64_C(44),}}},
    },
    {
        .name = "sub_int64_broadcast_relu",
        .builtin_code = 41, .version = 4,
        .options_type = 28, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt64, 2, {2, 3}, .data = (const int64_t[]){
              INT64_C(-12), INT64_C(16), INT64_C(-16), INT64_C(-4), INT64_C(-13), INT64_C(11),}},
                   {kTfLiteInt64, 2, {2, 1}, .data = (const int64_t[]){
              INT64_C(8), INT64_C(10),}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt64, 2, {2, 3}, .data = (const int64_t[]){
              INT64_C(0), INT64_C(8), INT64_C(0), INT64_C(0), INT64_C(0), INT64_C(1),}}},
    },
    {
        .name = "div_float_broadcast_relu",
        .builtin_code = 42, .version = 1,
        .options_type = 29, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 3, {2, 3, 4}, .data = (const float[]){
              -2.925f, 2.779f, 2.11f, -1.959f, -0.037f, -0.404f, 1.213f, 2.31f, -3.249f, -3.773f, 2.686f,
              -0.538f, 2.098f, -3.983f, -0.437f, 1.772f, -2.17f, 3.562f, 3.211f, -3.755f, -3.796f, 0.331f,
              3.513f, -0.95f,}},
                   {kTfLiteFloat32, 2, {1, 4}, .data = (const float[]){
              -2.267f, -0.623f, -3.768f, -2.226f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 3, {2, 3, 4}, .data = (const float[]){
              1.29025149f, 0.0f, 0.0f, 0.880053878f, 0.0163211301f, 0.648475111f, 0.0f, 0.0f, 1.43317163f,
              6.05617952f, 0.0f, 0.241689116f, 0.0f, 6.39325809f, 0.115976654f, 0.0f, 0.95721221f, 0.0f, 0.0f,
              1.68688226f, 1.6744597f, 0.0f, 0.0f, 0.426774472f,}}},
    },
    {
        .name = "div_int32",
        .builtin_code = 42, .version = 2,
        .options_type = 29, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt32, 1, {12}, .data = (const int32_t[]){
              7, -7, 7, -7, 0, 100, -100, 13, 1, -1, 99, -99,}},
                   {kTfLiteInt32, 1, {12}, .data = (const int32_t[]){
              2, 2, -2, -2, 5, 7, 7, -4, 3, 3, -10, -10,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {12}, .data = (const int32_t[]){
              3, -3, -3, 3, 0, 14, -14, -3, 0, 0, -9, 9,}}},
    },
    {
        .name = "squared_difference_float",
        .builtin_code = 99, .version = 1,
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 3, {2, 3, 4}, .data = (const float[]){
              -2.925f, 2.779f, 2.11f, -1.959f, -0.037f, -0.404f, 1.213f, 2.31f, -3.249f, -3.773f, 2.686f,
              -0.538f, 2.098f, -3.983f, -0.437f, 1.772f, -2.17f, 3.562f, 3.211f, -3.755f, -3.796f, 0.331f,
              3.513f, -0.95f,}},
                   {kTfLiteFloat32, 2, {3, 4}, .data = (const float[]){
              -2.267f, -0.623f, -3.768f, -2.226f, -0.497f, -0.034f, -2.135f, -2.153f, -2.25f, -0.323f, -1.682f,
              -3.828f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 3, {2, 3, 4}, .data = (const float[]){
              0.432963997f, 11.5736036f, 34.5508804f, 0.0712890401f, 0.211600006f, 0.136900008f, 11.2091045f,
              19.9183712f, 0.998001158f, 11.9025002f, 19.0794239f, 10.8240995f, 19.0532227f, 11.2896013f,
              11.0955601f, 15.984005f, 2.79892921f, 12.9312153f, 28.5797138f, 2.5664041f, 2.39011598f,
              0.427716047f, 26.9880276f, 8.28288364f,}}},
    },
    {
        .name = "squared_difference_int32",
        .builtin_code = 99, .version = 2,
        .ninputs = 2,
        .inputs = {{kTfLiteInt32, 2, {2, 3}, .data = (const int32_t[]){
              -12, 16, -16, -4, -13, 11,}},
                   {kTfLiteInt32, 1, {3}, .data = (const int32_t[]){
              8, 10, 4,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 2, {2, 3}, .data = (const int32_t[]){
              400, 36, 400, 144, 529, 49,}}},
    },
    {
        .name = "squared_difference_int8_broadcast",
        .builtin_code = 99, .version = 2,
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 3, {3, 1, 7}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21, -80, 121, -114, 71, 93, -127, 100, 8, -11, -76, 34, -113,}, .scale = 0.013f, .zero_point = 5},
                   {kTfLiteInt8, 2, {5, 1}, .data = (const int8_t[]){
              -117, -115, -124, 67, -18,}, .scale = 0.021f, .zero_point = -20}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 3, {3, 5, 7}, .data = (const int8_t[]){
              -81, -111, 5, -89, 127, 127, 127, -84, -113, 0, -92, 127, 127, 127, -68, -103, 25, -77, 127, 127,
              127, 110, 127, -12, 127, -126, -117, -122, -102, -67, -128, -95, -51, -78, -66, 127, -32, -99, 127,
              -120, 127, 127, 127, -36, -102, 127, -121, 127, 127, 127, -14, -89, 127, -114, 127, 127, -92, 28,
              127, -125, 127, -97, -112, -109, -123, -84, -56, -44, -106, -88, -125, 127, 16, -16, -96, 66, -120,
              -125, 127, 10, -22, -98, 60, -121, -121, 127, 37, 2, -85, 91, -114, 127, -116, -21, 10, 127, -58,
              127, -25, -81, -128, -126, -88, -124, -45,}, .scale = 0.03f, .zero_point = -128}},
    },
    {
        .name = "div_uint8",
        .builtin_code = 42, .version = 2,
        .options_type = 29, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 1, {24}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14, 199, 221, 1, 228, 136, 117, 52, 162, 15, 11,
              13, 4,}, .scale = 0.05f, .zero_point = 120},
                   {kTfLiteUInt8, 1, {24}, .data = (const uint8_t[]){
              0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 101, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 210,
              220, 230,}, .scale = 0.03f, .zero_point = 100}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 1, {24}, .data = (const uint8_t[]){
              14, 18, 9, 17, 0, 0, 0, 0, 15, 70, 255, 0, 43, 38, 0, 28, 12, 10, 3, 14, 1, 2, 3, 3,}, .scale = 0.2f, .zero_point = 10}},
    },
    {
        .name = "div_uint8_broadcast_relu_small_numerators",
        .builtin_code = 42, .version = 2,
        .options_type = 29, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 3, {2, 3, 4}, .data = (const uint8_t[]){
              128, 129, 127, 130, 126, 140, 116, 160, 96, 255, 0, 131, 125, 128, 129, 100, 150, 128, 127, 129,
              120, 136, 128, 190,}, .scale = 0.1f, .zero_point = 128},
                   {kTfLiteUInt8, 1, {4}, .data = (const uint8_t[]){
              101, 99, 200, 0,}, .scale = 0.05f, .zero_point = 100}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 3, {2, 3, 4}, .data = (const uint8_t[]){
              3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 255, 4, 91, 3, 3, 3, 3, 3, 4, 3,}, .scale = 0.5f, .zero_point = 3}},
    },
    {
        .name = "floor_div_float",
        .builtin_code = 90, .version = 1,
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 3, {2, 3, 4}, .data = (const float[]){
              -2.925f, 2.779f, 2.11f, -1.959f, -0.037f, -0.404f, 1.213f, 2.31f, -3.249f, -3.773f, 2.686f,
              -0.538f, 2.098f, -3.983f, -0.437f, 1.772f, -2.17f, 3.562f, 3.211f, -3.755f, -3.796f, 0.331f,
              3.513f, -0.95f,}},
                   {kTfLiteFloat32, 3, {2, 3, 4}, .data = (const float[]){
              -2.267f, -0.623f, -3.768f, -2.226f, -0.497f, -0.034f, -2.135f, -2.153f, -2.25f, -0.323f, -1.682f,
              -3.828f, 2.701f, 0.452f, 1.138f, -2.513f, 3.94f, 2.88f, -3.033f, -1.338f, 1.772f, 1.69f, 3.492f,
              -0.623f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 3, {2, 3, 4}, .data = (const float[]){
              1.0f, -5.0f, -1.0f, 0.0f, 0.0f, 11.0f, -1.0f, -2.0f, 1.0f, 11.0f, -2.0f, 0.0f, 0.0f, -9.0f, -1.0f,
              -1.0f, -1.0f, 1.0f, -2.0f, 2.0f, -3.0f, 0.0f, 1.0f, 1.0f,}}},
    },
    {
        .name = "floor_div_int32_broadcast",
        .builtin_code = 90, .version = 2,
        .ninputs = 2,
        .inputs = {{kTfLiteInt32, 1, {12}, .data = (const int32_t[]){
              7, -7, 6, -6, 0, 100, -100, 13, 1, -1, 99, -99,}},
                   {kTfLiteInt32, 1, {1}, .data = (const int32_t[]){
              -4,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {12}, .data = (const int32_t[]){
              -2, 1, -2, 1, 0, -25, 25, -4, -1, 0, -25, 24,}}},
    },
    {
        .name = "floor_div_int32",
        .builtin_code = 90, .version = 2,
        .ninputs = 2,
        .inputs = {{kTfLiteInt32, 1, {12}, .data = (const int32_t[]){
              7, -7, 7, -7, 0, 100, -100, 13, 1, -1, 99, -99,}},
                   {kTfLiteInt32, 1, {12}, .data = (const int32_t[]){
              2, 2, -2, -2, 5, 7, 7, -4, 3, 3, -10, -10,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {12}, .data = (const int32_t[]){
              3, -4, -4, 3, 0, 14, -15, -4, 0, -1, -10, 9,}}},
    },
    {
        .name = "add_float_broadcast_rank4",
        .builtin_code = 0, .version = 1,
        .options_type = 11, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {2, 1, 3, 1}, .data = (const float[]){
              -2.925f, 2.779f, 2.11f, -1.959f, -0.037f, -0.404f,}},
                   {kTfLiteFloat32, 3, {4, 1, 1}, .data = (const float[]){
              1.213f, 2.31f, -3.249f, -3.773f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {2, 4, 3, 1}, .data = (const float[]){
              -1.71199989f, 3.9920001f, 3.32299995f, -0.61500001f, 5.08899975f, 4.42000008f, -6.17399979f,
              -0.470000029f, -1.13900018f, -6.69799995f, -0.993999958f, -1.66300011f, -0.745999932f, 1.17600012f,
              0.809000015f, 0.350999951f, 2.273f, 1.9059999f, -5.20800018f, -3.28600001f, -3.65300012f,
              -5.73199987f, -3.80999994f, -4.17700005f,}}},
    },
    {
        .name = "add_uint8_broadcast_relu",
        .builtin_code = 0, .version = 2,
        .options_type = 11, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 3, {2, 3, 5}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14, 199, 221, 1, 228, 136, 117, 52, 162, 15, 11,
              13, 4, 195, 110, 216, 14, 113, 224,}, .scale = 0.02f, .zero_point = 10},
                   {kTfLiteUInt8, 2, {1, 5}, .data = (const uint8_t[]){
              253, 119, 176, 118, 112,}, .scale = 0.05f, .zero_point = 200}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 3, {2, 3, 5}, .data = (const uint8_t[]){
              155, 60, 90, 60, 71, 236, 74, 122, 60, 60, 246, 60, 125, 63, 60, 235, 60, 84, 60, 60, 129, 60, 60,
              60, 60, 176, 62, 60, 60, 60,}, .scale = 0.04f, .zero_point = 60}},
    },
    {
        .name = "add_int8_broadcast",
        .builtin_code = 0, .version = 2,
        .options_type = 11, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 3, {3, 1, 7}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21, -80, 121, -114, 71, 93, -127, 100, 8, -11, -76, 34, -113,}, .scale = 0.013f, .zero_point = 5},
                   {kTfLiteInt8, 2, {5, 1}, .data = (const int8_t[]){
              -117, -115, -124, 67, -18,}, .scale = 0.021f, .zero_point = -20}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 3, {3, 5, 7}, .data = (const int8_t[]){
              -98, -114, -71, -102, -18, -28, -23, -97, -112, -70, -100, -16, -26, -22, -103, -119, -76, -106,
              -23, -33, -28, 31, 15, 58, 27, 111, 101, 106, -29, -44, -2, -32, 51, 41, 46, -43, -81, -107, -20,
              -121, -41, -32, -42, -80, -105, -18, -120, -40, -30, -48, -86, -112, -25, -126, -46, -37, 85, 48,
              22, 109, 7, 88, 97, 26, -12, -37, 50, -52, 28, 38, -127, -29, -69, -77, -105, -57, -121, -126, -27,
              -67, -75, -104, -56, -120, -128, -34, -74, -82, -110, -62, -126, 2, 100, 60, 52, 24, 71, 8, -58,
              41, 1, -8, -36, 12, -52,}, .scale = 0.03f, .zero_point = -2}},
    },
    {
        .name = "sub_shapes_do_not_broadcast",
        .builtin_code = 41, .version = 1,
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 2, {2, 3}, .data = (const float[]){0, 0, 0, 0, 0, 0}},
                   {kTfLiteFloat32, 1, {2}, .data = (const float[]){0, 0}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {2, 3}, .data = (const float[]){0, 0, 0, 0, 0, 0}}},
        .error = "do not broadcast",
    },
    {
        .name = "floor_div_uint8_unsupported",
        .builtin_code = 90, .version = 1,
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 1, {2}, .data = (const uint8_t[]){1, 2}, .scale = 0.5f},
                   {kTfLiteUInt8, 1, {2}, .data = (const uint8_t[]){1, 2}, .scale = 0.5f}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 1, {2}, .data = (const uint8_t[]){0, 0}, .scale = 0.5f}},
        .error = "not supported",
    },
};

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(op_test_run(&cases[i]) == 0);
  return TEST_REPORT();
}
