/*
** resize_test.c — RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR (src/kernels/resize.c): float32
** (including TFLite's exact-2x path), uint8 (the builtin path rounds) and int8 (10-bit fixed
** point), with align_corners, half_pixel_centers, upscaling and downscaling. Expected values were
** produced by TensorFlow Lite 2.9's builtin kernels (ref-run).
*/
#include <stdbool.h>
#include <stdint.h>

#include "kernels/op_test.h"
#include "test_util.h"

TEST_COUNTERS;

static const op_test_case cases[] = {
    {
        .name = "bilinear_float_2x",
        .builtin_code = 23, .version = 1,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 0), TFLC_WRITER_BOOL(3, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {1, 2, 3, 2}, .data = (const float[]){
              -3.656f, 3.474f, 2.638f, -2.449f, -0.046f, -0.505f, 1.516f, 2.887f, -4.061f, -4.717f, 3.358f,
              -0.672f,}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              4, 6,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {1, 4, 6, 2}, .data = (const float[]){
              -3.6559999f, 3.47399998f, -0.508999944f, 0.512500048f, 2.63800001f, -2.44899988f, 1.296f, -1.477f,
              -0.0460000001f, -0.504999995f, -0.0460000001f, -0.504999995f, -1.06999993f, 3.18050003f,
              -0.890749931f, -0.201249957f, -0.711499929f, -3.58299994f, 0.472250044f, -2.0857501f, 1.65600002f,
              -0.588500023f, 1.65600002f, -0.588500023f, 1.51600003f, 2.88700008f, -1.27249992f, -0.914999962f,
              -4.06099987f, -4.71700001f, -0.351499915f, -2.69449997f, 3.35800004f, -0.671999991f, 3.35800004f,
              -0.671999991f, 1.51600003f, 2.88700008f, -1.27249992f, -0.914999962f, -4.06099987f, -4.71700001f,
              -0.351499915f, -2.69449997f, 3.35800004f, -0.671999991f, 3.35800004f, -0.671999991f,}}},
    },
    {
        .name = "bilinear_float_generic",
        .builtin_code = 23, .version = 1,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 0), TFLC_WRITER_BOOL(3, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {2, 3, 2, 1}, .data = (const float[]){
              -3.656f, 3.474f, 2.638f, -2.449f, -0.046f, -0.505f, 1.516f, 2.887f, -4.061f, -4.717f, 3.358f,
              -0.672f,}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {2, 5, 3, 1}, .data = (const float[]){
              -3.6559999f, 1.09733343f, 3.47399998f, 0.12040019f, -0.0130666494f, -0.0798002183f, 2.10119987f,
              -0.673066616f, -2.06019974f, 0.490799814f, -0.432266653f, -0.893799782f, -0.0460000001f,
              -0.351999998f, -0.504999995f, 1.51600003f, 2.43000007f, 2.88700008f, -1.83019996f, -1.72700024f,
              -1.67540026f, -2.5771997f, -3.46439958f, -3.90799975f, 1.87420046f, -0.362599611f, -1.48099971f,
              3.3579998f, 0.671333253f, -0.671999991f,}}},
    },
    {
        .name = "bilinear_float_align_corners",
        .builtin_code = 23, .version = 1,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 1), TFLC_WRITER_BOOL(3, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {1, 3, 3, 1}, .data = (const float[]){
              -3.656f, 3.474f, 2.638f, -2.449f, -0.046f, -0.505f, 1.516f, 2.887f, -4.061f,}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 4,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {1, 5, 4, 1}, .data = (const float[]){
              -3.6559999f, 1.09733343f, 3.19533324f, 2.63800001f, -3.05249977f, 0.125166759f, 1.49816668f,
              1.06649995f, -2.44899988f, -0.846999884f, -0.199000016f, -0.504999995f, -0.466499925f,
              0.791500092f, 0.18599993f, -2.28299999f, 1.51600003f, 2.43000007f, 0.570999861f, -4.06099987f,}}},
    },
    {
        .name = "bilinear_float_half_pixel",
        .builtin_code = 23, .version = 3,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 0), TFLC_WRITER_BOOL(3, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {1, 3, 2, 2}, .data = (const float[]){
              -3.656f, 3.474f, 2.638f, -2.449f, -0.046f, -0.505f, 1.516f, 2.887f, -4.061f, -4.717f, 3.358f,
              -0.672f,}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {1, 5, 3, 2}, .data = (const float[]){
              -3.65599966f, 3.47399998f, -0.508999944f, 0.512500226f, 2.63800025f, -2.44899988f, -2.21199965f,
              1.88239968f, -0.0113998652f, 0.783900142f, 2.18920016f, -0.314599633f, -0.0460000001f,
              -0.504999995f, 0.735000014f, 1.19099998f, 1.51600003f, 2.88700008f, -2.4550004f, -3.03220081f,
              0.0830999613f, -1.14030051f, 2.62120032f, 0.75159961f, -4.06099987f, -4.71699953f, -0.351499945f,
              -2.69449997f, 3.35800004f, -0.671999991f,}}},
    },
    {
        .name = "bilinear_float_downscale",
        .builtin_code = 23, .version = 1,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 0), TFLC_WRITER_BOOL(3, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {1, 5, 4, 1}, .data = (const float[]){
              -3.656f, 3.474f, 2.638f, -2.449f, -0.046f, -0.505f, 1.516f, 2.887f, -4.061f, -4.717f, 3.358f,
              -0.672f, 2.623f, -4.979f, -0.546f, 2.215f, -2.712f, 4.453f, 4.014f, -4.694f,}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              2, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {1, 2, 3, 1}, .data = (const float[]){
              -3.6559999f, 3.19533324f, -0.753333688f, -0.718999982f, -2.76333332f, 0.982999921f,}}},
    },
    {
        .name = "nearest_float_2x",
        .builtin_code = 97, .version = 1,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 0), TFLC_WRITER_BOOL(1, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {1, 2, 3, 2}, .data = (const float[]){
              -3.656f, 3.474f, 2.638f, -2.449f, -0.046f, -0.505f, 1.516f, 2.887f, -4.061f, -4.717f, 3.358f,
              -0.672f,}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              4, 6,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {1, 4, 6, 2}, .data = (const float[]){
              -3.6559999f, 3.47399998f, -3.6559999f, 3.47399998f, 2.63800001f, -2.44899988f, 2.63800001f,
              -2.44899988f, -0.0460000001f, -0.504999995f, -0.0460000001f, -0.504999995f, -3.6559999f,
              3.47399998f, -3.6559999f, 3.47399998f, 2.63800001f, -2.44899988f, 2.63800001f, -2.44899988f,
              -0.0460000001f, -0.504999995f, -0.0460000001f, -0.504999995f, 1.51600003f, 2.88700008f,
              1.51600003f, 2.88700008f, -4.06099987f, -4.71700001f, -4.06099987f, -4.71700001f, 3.35800004f,
              -0.671999991f, 3.35800004f, -0.671999991f, 1.51600003f, 2.88700008f, 1.51600003f, 2.88700008f,
              -4.06099987f, -4.71700001f, -4.06099987f, -4.71700001f, 3.35800004f, -0.671999991f, 3.35800004f,
              -0.671999991f,}}},
    },
    {
        .name = "nearest_float_generic",
        .builtin_code = 97, .version = 1,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 0), TFLC_WRITER_BOOL(1, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {2, 3, 2, 1}, .data = (const float[]){
              -3.656f, 3.474f, 2.638f, -2.449f, -0.046f, -0.505f, 1.516f, 2.887f, -4.061f, -4.717f, 3.358f,
              -0.672f,}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {2, 5, 3, 1}, .data = (const float[]){
              -3.6559999f, -3.6559999f, 3.47399998f, -3.6559999f, -3.6559999f, 3.47399998f, 2.63800001f,
              2.63800001f, -2.44899988f, 2.63800001f, 2.63800001f, -2.44899988f, -0.0460000001f, -0.0460000001f,
              -0.504999995f, 1.51600003f, 1.51600003f, 2.88700008f, 1.51600003f, 1.51600003f, 2.88700008f,
              -4.06099987f, -4.06099987f, -4.71700001f, -4.06099987f, -4.06099987f, -4.71700001f, 3.35800004f,
              3.35800004f, -0.671999991f,}}},
    },
    {
        .name = "nearest_float_align_corners",
        .builtin_code = 97, .version = 1,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 1), TFLC_WRITER_BOOL(1, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {1, 3, 3, 1}, .data = (const float[]){
              -3.656f, 3.474f, 2.638f, -2.449f, -0.046f, -0.505f, 1.516f, 2.887f, -4.061f,}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 4,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {1, 5, 4, 1}, .data = (const float[]){
              -3.6559999f, 3.47399998f, 3.47399998f, 2.63800001f, -2.44899988f, -0.0460000001f, -0.0460000001f,
              -0.504999995f, -2.44899988f, -0.0460000001f, -0.0460000001f, -0.504999995f, 1.51600003f,
              2.88700008f, 2.88700008f, -4.06099987f, 1.51600003f, 2.88700008f, 2.88700008f, -4.06099987f,}}},
    },
    {
        .name = "nearest_float_half_pixel",
        .builtin_code = 97, .version = 3,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 0), TFLC_WRITER_BOOL(1, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {1, 3, 2, 2}, .data = (const float[]){
              -3.656f, 3.474f, 2.638f, -2.449f, -0.046f, -0.505f, 1.516f, 2.887f, -4.061f, -4.717f, 3.358f,
              -0.672f,}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {1, 5, 3, 2}, .data = (const float[]){
              -3.6559999f, 3.47399998f, 2.63800001f, -2.44899988f, 2.63800001f, -2.44899988f, -3.6559999f,
              3.47399998f, 2.63800001f, -2.44899988f, 2.63800001f, -2.44899988f, -0.0460000001f, -0.504999995f,
              1.51600003f, 2.88700008f, 1.51600003f, 2.88700008f, -4.06099987f, -4.71700001f, 3.35800004f,
              -0.671999991f, 3.35800004f, -0.671999991f, -4.06099987f, -4.71700001f, 3.35800004f, -0.671999991f,
              3.35800004f, -0.671999991f,}}},
    },
    {
        .name = "nearest_float_downscale",
        .builtin_code = 97, .version = 1,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 0), TFLC_WRITER_BOOL(1, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {1, 5, 4, 1}, .data = (const float[]){
              -3.656f, 3.474f, 2.638f, -2.449f, -0.046f, -0.505f, 1.516f, 2.887f, -4.061f, -4.717f, 3.358f,
              -0.672f, 2.623f, -4.979f, -0.546f, 2.215f, -2.712f, 4.453f, 4.014f, -4.694f,}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              2, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {1, 2, 3, 1}, .data = (const float[]){
              -3.6559999f, 3.47399998f, 2.63800001f, -4.06099987f, -4.71700001f, 3.35800004f,}}},
    },
    {
        .name = "bilinear_uint8_2x",
        .builtin_code = 23, .version = 1,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 0), TFLC_WRITER_BOOL(3, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 4, {1, 2, 3, 2}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14,}, .scale = 0.1f, .zero_point = 128},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              4, 6,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 4, {1, 4, 6, 2}, .data = (const uint8_t[]){
              68, 32, 99, 46, 130, 60, 192, 145, 253, 230, 253, 230, 155, 113, 137, 84, 119, 54, 185, 88, 251,
              122, 251, 122, 241, 194, 174, 121, 107, 48, 178, 31, 249, 14, 249, 14, 241, 194, 174, 121, 107, 48,
              178, 31, 249, 14, 249, 14,}, .scale = 0.1f, .zero_point = 128}},
    },
    {
        .name = "bilinear_uint8_generic",
        .builtin_code = 23, .version = 1,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 0), TFLC_WRITER_BOOL(3, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 4, {2, 3, 2, 1}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14,}, .scale = 0.1f, .zero_point = 128},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 4, {2, 5, 3, 1}, .data = (const uint8_t[]){
              68, 44, 32, 105, 68, 49, 155, 114, 94, 228, 207, 196, 253, 238, 230, 241, 210, 194, 161, 124, 106,
              135, 73, 41, 221, 87, 21, 249, 92, 14,}, .scale = 0.1f, .zero_point = 128}},
    },
    {
        .name = "bilinear_uint8_align_corners",
        .builtin_code = 23, .version = 1,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 1), TFLC_WRITER_BOOL(3, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 4, {1, 3, 3, 1}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107,}, .scale = 0.1f, .zero_point = 128},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 4,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 4, {1, 5, 4, 1}, .data = (const uint8_t[]){
              68, 44, 65, 130, 64, 116, 155, 180, 60, 189, 245, 230, 151, 199, 205, 169, 241, 210, 165, 107,}, .scale = 0.1f, .zero_point = 128}},
    },
    {
        .name = "bilinear_uint8_half_pixel",
        .builtin_code = 23, .version = 3,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 0), TFLC_WRITER_BOOL(3, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 4, {1, 3, 2, 2}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14,}, .scale = 0.1f, .zero_point = 128},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 4, {1, 5, 3, 2}, .data = (const uint8_t[]){
              68, 32, 99, 46, 130, 60, 142, 111, 158, 112, 174, 114, 253, 230, 247, 212, 241, 194, 165, 121, 206,
              103, 246, 86, 107, 48, 178, 31, 249, 14,}, .scale = 0.1f, .zero_point = 128}},
    },
    {
        .name = "bilinear_uint8_downscale",
        .builtin_code = 23, .version = 1,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 0), TFLC_WRITER_BOOL(3, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 4, {1, 5, 4, 1}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14, 199, 221, 1, 228, 136, 117, 52, 162,}, .scale = 0.1f, .zero_point = 128},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              2, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 4, {1, 2, 3, 1}, .data = (const uint8_t[]){
              68, 65, 83, 153, 131, 122,}, .scale = 0.1f, .zero_point = 128}},
    },
    {
        .name = "nearest_uint8_2x",
        .builtin_code = 97, .version = 1,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 0), TFLC_WRITER_BOOL(1, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 4, {1, 2, 3, 2}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14,}, .scale = 0.1f, .zero_point = 128},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              4, 6,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 4, {1, 4, 6, 2}, .data = (const uint8_t[]){
              68, 32, 68, 32, 130, 60, 130, 60, 253, 230, 253, 230, 68, 32, 68, 32, 130, 60, 130, 60, 253, 230,
              253, 230, 241, 194, 241, 194, 107, 48, 107, 48, 249, 14, 249, 14, 241, 194, 241, 194, 107, 48, 107,
              48, 249, 14, 249, 14,}, .scale = 0.1f, .zero_point = 128}},
    },
    {
        .name = "nearest_uint8_generic",
        .builtin_code = 97, .version = 1,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 0), TFLC_WRITER_BOOL(1, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 4, {2, 3, 2, 1}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14,}, .scale = 0.1f, .zero_point = 128},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 4, {2, 5, 3, 1}, .data = (const uint8_t[]){
              68, 68, 32, 68, 68, 32, 130, 130, 60, 130, 130, 60, 253, 253, 230, 241, 241, 194, 241, 241, 194,
              107, 107, 48, 107, 107, 48, 249, 249, 14,}, .scale = 0.1f, .zero_point = 128}},
    },
    {
        .name = "nearest_uint8_align_corners",
        .builtin_code = 97, .version = 1,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 1), TFLC_WRITER_BOOL(1, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 4, {1, 3, 3, 1}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107,}, .scale = 0.1f, .zero_point = 128},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 4,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 4, {1, 5, 4, 1}, .data = (const uint8_t[]){
              68, 32, 32, 130, 60, 253, 253, 230, 60, 253, 253, 230, 241, 194, 194, 107, 241, 194, 194, 107,}, .scale = 0.1f, .zero_point = 128}},
    },
    {
        .name = "nearest_uint8_half_pixel",
        .builtin_code = 97, .version = 3,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 0), TFLC_WRITER_BOOL(1, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 4, {1, 3, 2, 2}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14,}, .scale = 0.1f, .zero_point = 128},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 4, {1, 5, 3, 2}, .data = (const uint8_t[]){
              68, 32, 130, 60, 130, 60, 68, 32, 130, 60, 130, 60, 253, 230, 241, 194, 241, 194, 107, 48, 249, 14,
              249, 14, 107, 48, 249, 14, 249, 14,}, .scale = 0.1f, .zero_point = 128}},
    },
    {
        .name = "nearest_uint8_downscale",
        .builtin_code = 97, .version = 1,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 0), TFLC_WRITER_BOOL(1, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 4, {1, 5, 4, 1}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14, 199, 221, 1, 228, 136, 117, 52, 162,}, .scale = 0.1f, .zero_point = 128},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              2, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 4, {1, 2, 3, 1}, .data = (const uint8_t[]){
              68, 32, 130, 107, 48, 249,}, .scale = 0.1f, .zero_point = 128}},
    },
    {
        .name = "bilinear_int8_2x",
        .builtin_code = 23, .version = 2,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 0), TFLC_WRITER_BOOL(3, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 4, {1, 2, 3, 2}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21, -80, 121, -114,}, .scale = 0.1f, .zero_point = 0},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              4, 6,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 4, {1, 4, 6, 2}, .data = (const int8_t[]){
              -60, -96, -29, -82, 2, -68, 64, 17, 125, 102, 125, 102, 27, -15, 9, -45, -10, -74, 57, -40, 123,
              -6, 123, -6, 113, 66, 46, -7, -21, -80, 50, -97, 121, -114, 121, -114, 113, 66, 46, -7, -21, -80,
              50, -97, 121, -114, 121, -114,}, .scale = 0.1f, .zero_point = 0}},
    },
    {
        .name = "bilinear_int8_generic",
        .builtin_code = 23, .version = 2,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 0), TFLC_WRITER_BOOL(3, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 4, {2, 3, 2, 1}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21, -80, 121, -114,}, .scale = 0.1f, .zero_point = 0},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 4, {2, 5, 3, 1}, .data = (const int8_t[]){
              -60, -84, -96, -23, -60, -79, 27, -14, -34, 100, 79, 68, 125, 110, 102, 113, 82, 66, 33, -3, -22,
              7, -55, -87, 92, -41, -107, 121, -36, -114,}, .scale = 0.1f, .zero_point = 0}},
    },
    {
        .name = "bilinear_int8_align_corners",
        .builtin_code = 23, .version = 2,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 1), TFLC_WRITER_BOOL(3, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 4, {1, 3, 3, 1}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21,}, .scale = 0.1f, .zero_point = 0},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 4,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 4, {1, 5, 4, 1}, .data = (const int8_t[]){
              -60, -84, -63, 2, -64, -12, 27, 52, -68, 61, 117, 102, 23, 71, 77, 41, 113, 82, 37, -21,}, .scale = 0.1f, .zero_point = 0}},
    },
    {
        .name = "bilinear_int8_half_pixel",
        .builtin_code = 23, .version = 3,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 0), TFLC_WRITER_BOOL(3, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 4, {1, 3, 2, 2}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21, -80, 121, -114,}, .scale = 0.1f, .zero_point = 0},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 4, {1, 5, 3, 2}, .data = (const int8_t[]){
              -60, -96, -29, -82, 2, -68, 14, -17, 30, -16, 46, -14, 125, 102, 119, 84, 113, 66, 38, -7, 78, -24,
              118, -42, -21, -80, 50, -97, 121, -114,}, .scale = 0.1f, .zero_point = 0}},
    },
    {
        .name = "bilinear_int8_downscale",
        .builtin_code = 23, .version = 2,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 0), TFLC_WRITER_BOOL(3, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 4, {1, 5, 4, 1}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21, -80, 121, -114, 71, 93, -127, 100, 8, -11, -76, 34,}, .scale = 0.1f, .zero_point = 0},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              2, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 4, {1, 2, 3, 1}, .data = (const int8_t[]){
              -60, -63, -45, 25, 3, -6,}, .scale = 0.1f, .zero_point = 0}},
    },
    {
        .name = "nearest_int8_2x",
        .builtin_code = 97, .version = 2,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 0), TFLC_WRITER_BOOL(1, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 4, {1, 2, 3, 2}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21, -80, 121, -114,}, .scale = 0.1f, .zero_point = 0},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              4, 6,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 4, {1, 4, 6, 2}, .data = (const int8_t[]){
              -60, -96, -60, -96, 2, -68, 2, -68, 125, 102, 125, 102, -60, -96, -60, -96, 2, -68, 2, -68, 125,
              102, 125, 102, 113, 66, 113, 66, -21, -80, -21, -80, 121, -114, 121, -114, 113, 66, 113, 66, -21,
              -80, -21, -80, 121, -114, 121, -114,}, .scale = 0.1f, .zero_point = 0}},
    },
    {
        .name = "nearest_int8_generic",
        .builtin_code = 97, .version = 2,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 0), TFLC_WRITER_BOOL(1, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 4, {2, 3, 2, 1}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21, -80, 121, -114,}, .scale = 0.1f, .zero_point = 0},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 4, {2, 5, 3, 1}, .data = (const int8_t[]){
              -60, -60, -96, -60, -60, -96, 2, 2, -68, 2, 2, -68, 125, 125, 102, 113, 113, 66, 113, 113, 66, -21,
              -21, -80, -21, -21, -80, 121, 121, -114,}, .scale = 0.1f, .zero_point = 0}},
    },
    {
        .name = "nearest_int8_align_corners",
        .builtin_code = 97, .version = 2,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 1), TFLC_WRITER_BOOL(1, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 4, {1, 3, 3, 1}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21,}, .scale = 0.1f, .zero_point = 0},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 4,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 4, {1, 5, 4, 1}, .data = (const int8_t[]){
              -60, -96, -96, 2, -68, 125, 125, 102, -68, 125, 125, 102, 113, 66, 66, -21, 113, 66, 66, -21,}, .scale = 0.1f, .zero_point = 0}},
    },
    {
        .name = "nearest_int8_half_pixel",
        .builtin_code = 97, .version = 3,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 0), TFLC_WRITER_BOOL(1, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 4, {1, 3, 2, 2}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21, -80, 121, -114,}, .scale = 0.1f, .zero_point = 0},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              5, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 4, {1, 5, 3, 2}, .data = (const int8_t[]){
              -60, -96, 2, -68, 2, -68, -60, -96, 2, -68, 2, -68, 125, 102, 113, 66, 113, 66, -21, -80, 121,
              -114, 121, -114, -21, -80, 121, -114, 121, -114,}, .scale = 0.1f, .zero_point = 0}},
    },
    {
        .name = "nearest_int8_downscale",
        .builtin_code = 97, .version = 2,
        .options_type = 74, .nfields = 2, .fields = {TFLC_WRITER_BOOL(0, 0), TFLC_WRITER_BOOL(1, 0)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 4, {1, 5, 4, 1}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21, -80, 121, -114, 71, 93, -127, 100, 8, -11, -76, 34,}, .scale = 0.1f, .zero_point = 0},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              2, 3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 4, {1, 2, 3, 1}, .data = (const int8_t[]){
              -60, -96, 2, -21, -80, 121,}, .scale = 0.1f, .zero_point = 0}},
    },
    {
        .name = "bilinear_both_flags_refused",
        .builtin_code = 23, .version = 3,
        .options_type = 15, .nfields = 2, .fields = {TFLC_WRITER_BOOL(2, 1), TFLC_WRITER_BOOL(3, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {1, 1, 1, 1}, .data = (const float[]){1}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){2, 2}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {1, 2, 2, 1}, .data = (const float[]){1, 1, 1, 1}}},
        .error = "cannot both be set",
    },
};

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(op_test_run(&cases[i]) == 0);
  return TEST_REPORT();
}
