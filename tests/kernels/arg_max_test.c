/*
** arg_max_test.c — ARG_MAX (src/kernels/arg_max.c): float32, uint8, int8 and int32 inputs, int32 and
** int64 outputs, positive and negative axes from int32 and int64 constants, ties. Expected values
** were produced by TensorFlow Lite 2.9's builtin kernels (ref-run).
*/
#include <stdbool.h>
#include <stdint.h>

#include "kernels/op_test.h"
#include "test_util.h"

TEST_COUNTERS;

static const op_test_case cases[] = {
    {
        .name = "arg_max_float_last_axis_int64",
        .builtin_code = 56, .version = 1,
        .options_type = 40, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 4)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 3, {2, 3, 5}, .data = (const float[]){
              -2.194f, 2.085f, 1.583f, -1.47f, -0.027f, -0.303f, 0.91f, 1.732f, -2.437f, -2.83f, 2.015f, -0.403f,
              1.574f, -2.987f, -0.328f, 1.329f, -1.627f, 2.672f, 2.409f, -2.816f, -2.847f, 0.248f, 2.635f,
              -0.713f, -1.7f, -0.467f, -2.826f, -1.67f, -0.373f, -0.025f,}},
                   {kTfLiteInt32, 1, {1}, .data = (const int32_t[]){
              -1,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt64, 2, {2, 3}, .data = (const int64_t[]){
              INT64_C(1), INT64_C(2), INT64_C(0), INT64_C(2), INT64_C(2), INT64_C(4),}}},
    },
    {
        .name = "arg_max_float_axis1_int32",
        .builtin_code = 56, .version = 1,
        .options_type = 40, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 2)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 3, {2, 6, 3}, .data = (const float[]){
              -2.194f, 2.085f, 1.583f, -1.47f, -0.027f, -0.303f, 0.91f, 1.732f, -2.437f, -2.83f, 2.015f, -0.403f,
              1.574f, -2.987f, -0.328f, 1.329f, -1.627f, 2.672f, 2.409f, -2.816f, -2.847f, 0.248f, 2.635f,
              -0.713f, -1.7f, -0.467f, -2.826f, -1.67f, -0.373f, -0.025f, -1.601f, -1.615f, -1.687f, -0.242f,
              -1.261f, -2.871f,}},
                   {kTfLiteInt32, 1, {1}, .data = (const int32_t[]){
              1,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 2, {2, 3}, .data = (const int32_t[]){
              4, 0, 5, 0, 1, 3,}}},
    },
    {
        .name = "arg_max_uint8_channels",
        .builtin_code = 56, .version = 2,
        .options_type = 40, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 4)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 4, {1, 2, 3, 7}, .data = (const uint8_t[]){
              68, 32, 130, 60, 253, 230, 241, 194, 107, 48, 249, 14, 199, 221, 1, 228, 136, 117, 52, 162, 15, 11,
              13, 4, 195, 110, 216, 14, 113, 224, 253, 119, 176, 118, 112, 235, 148, 11, 213, 51, 95, 151,}, .scale = 0.1f, .zero_point = 3},
                   {kTfLiteInt32, 1, {1}, .data = (const int32_t[]){
              3,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt64, 3, {1, 2, 3}, .data = (const int64_t[]){
              INT64_C(4), INT64_C(3), INT64_C(1), INT64_C(5), INT64_C(2), INT64_C(0),}}},
    },
    {
        .name = "arg_max_uint8_ties_first",
        .builtin_code = 56, .version = 2,
        .options_type = 40, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 2)},
        .ninputs = 2,
        .inputs = {{kTfLiteUInt8, 2, {3, 4}, .data = (const uint8_t[]){
              1, 2, 3, 4, 1, 5, 3, 0, 0, 5, 3, 4,}},
                   {kTfLiteInt32, 1, {1}, .data = (const int32_t[]){
              0,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {4}, .data = (const int32_t[]){
              0, 1, 0, 0,}}},
    },
    {
        .name = "arg_max_int8_axis64",
        .builtin_code = 56, .version = 2,
        .options_type = 40, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 2)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 3, {2, 3, 4}, .data = (const int8_t[]){
              -60, -96, 2, -68, 125, 102, 113, 66, -21, -80, 121, -114, 71, 93, -127, 100, 8, -11, -76, 34, -113,
              -117, -115, -124,}, .scale = 0.1f, .zero_point = 0},
                   {kTfLiteInt64, 1, {1}, .data = (const int64_t[]){
              INT64_C(2),}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 2, {2, 3}, .data = (const int32_t[]){
              2, 0, 2, 3, 3, 0,}}},
    },
    {
        .name = "arg_max_int32",
        .builtin_code = 56, .version = 1,
        .options_type = 40, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 2)},
        .ninputs = 2,
        .inputs = {{kTfLiteInt32, 2, {5, 4}, .data = (const int32_t[]){
              -12, 16, -16, -4, -13, 11, 8, 10, 4, -7, -14, 11, -19, 4, 7, 18, -20, 8, -3, -6,}},
                   {kTfLiteInt32, 1, {1}, .data = (const int32_t[]){
              1,}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {5}, .data = (const int32_t[]){
              1, 1, 3, 3, 1,}}},
    },
    {
        .name = "arg_max_axis_out_of_range",
        .builtin_code = 56, .version = 1,
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 2, {1, 2}, .data = (const float[]){0, 1}},
                   {kTfLiteInt32, 1, {1}, .data = (const int32_t[]){2}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt64, 1, {1}, .data = (const int64_t[]){0}}},
        .error = "out of range",
    },
};

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(op_test_run(&cases[i]) == 0);
  return TEST_REPORT();
}
