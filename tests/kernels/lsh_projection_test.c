/*
** lsh_projection_test.c — LSH_PROJECTION (src/kernels/lsh_projection.c, src/kernels/farmhash.c):
** DENSE and SPARSE, with and without weights, on int32, float, int8 and uint8 inputs whose keys
** (4 seed bytes + one input row) are 5, 12, 16, 20, 44, 64 and 129 bytes long, so every branch of
** Fingerprint64 (4-7, 8-16, 17-32, 33-64 bytes, and the 64-byte block loop over two blocks plus
** the last 64 bytes) is checked; SPARSE with 31 bits checks the wrapping function offset; and the
** checks of prepare. Expected values were produced by TensorFlow Lite 2.9's builtin kernel (ref-run) on
** the same one-op models (TFLC_OP_TEST_DUMP).
*/
#include <stdbool.h>
#include <stdint.h>

#include "kernels/op_test.h"
#include "test_util.h"

TEST_COUNTERS;

#define LSH_CODE 15

static const op_test_case cases[] = {
    {
        .name = "lsh_dense_int32_weighted",
        .builtin_code = LSH_CODE,
        .options_type = 4, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 2)}, /* DENSE */
        .ninputs = 3,
        .inputs = {{kTfLiteFloat32, 2, {3, 2}, .constant = true, .data = (const float[]){
              0.123f, 0.456f, -0.321f, 1.234f, 5.678f, -4.321f,}},
                   {kTfLiteInt32, 2, {3, 2}, .data = (const int32_t[]){
              12345, 54321, 67890, 9876, -12345678, -87654321,}},
                   {kTfLiteFloat32, 1, {3}, .constant = true, .data = (const float[]){0.12f, 0.34f, 0.56f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {6}, .data = (const int32_t[]){
              1, 1, 1, 1, 1, 1,}}},
    },
    {
        .name = "lsh_sparse_int32_weighted",
        .builtin_code = LSH_CODE,
        .options_type = 4, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 1)}, /* SPARSE */
        .ninputs = 3,
        .inputs = {{kTfLiteFloat32, 2, {3, 2}, .constant = true, .data = (const float[]){
              0.123f, 0.456f, -0.321f, 1.234f, 5.678f, -4.321f,}},
                   {kTfLiteInt32, 2, {3, 2}, .data = (const int32_t[]){
              12345, 54321, 67890, 9876, -12345678, -87654321,}},
                   {kTfLiteFloat32, 1, {3}, .constant = true, .data = (const float[]){0.12f, 0.34f, 0.56f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {3}, .data = (const int32_t[]){
              3, 7, 11,}}},
    },
    {
        .name = "lsh_sparse_int32_no_weight",
        .builtin_code = LSH_CODE,
        .options_type = 4, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 1)}, /* SPARSE */
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 2, {3, 2}, .constant = true, .data = (const float[]){
              0.123f, 0.456f, -0.321f, 1.234f, 5.678f, -4.321f,}},
                   {kTfLiteInt32, 2, {3, 2}, .data = (const int32_t[]){
              12345, 54321, 67890, 9876, -12345678, -87654321,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {3}, .data = (const int32_t[]){
              1, 7, 8,}}},
    },
    {
        .name = "lsh_dense_float_key20",
        .builtin_code = LSH_CODE,
        .options_type = 4, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 2)}, /* DENSE */
        .ninputs = 3,
        .inputs = {{kTfLiteFloat32, 2, {2, 3}, .constant = true, .data = (const float[]){
              0.5f, -1.25f, 3.0f, 7.75f, -0.001f, 100.0f,}},
                   {kTfLiteFloat32, 2, {2, 4}, .data = (const float[]){
              13.53f, 11.61f, 19.84f, 9.42f, 11.79f, 2.95f, 0.75f, 18.84f,}},
                   {kTfLiteFloat32, 1, {2}, .constant = true, .data = (const float[]){1.0f, -0.5f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {6}, .data = (const int32_t[]){
              1, 1, 1, 1, 1, 1,}}},
    },
    {
        .name = "lsh_sparse_float_key20_no_weight",
        .builtin_code = LSH_CODE,
        .options_type = 4, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 1)}, /* SPARSE */
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 2, {3, 4}, .constant = true, .data = (const float[]){
              -13.5f, 49.5f, -1.5f, -49.5f, -2.5f, -17.5f, 14.5f, 24.5f,
              25.5f, 39.5f, 16.5f, 34.5f,}},
                   {kTfLiteFloat32, 2, {3, 4}, .data = (const float[]){
              -0.41f, -8.90f, -4.02f, -8.42f, -3.29f, -6.71f, -2.85f, -2.17f, -3.59f, -5.90f, -2.02f, -8.61f,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {3}, .data = (const int32_t[]){
              12, 17, 35,}}},
    },
    {
        .name = "lsh_sparse_int32_key16",
        .builtin_code = LSH_CODE,
        .options_type = 4, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 1)}, /* SPARSE */
        .ninputs = 3,
        .inputs = {{kTfLiteFloat32, 2, {3, 5}, .constant = true, .data = (const float[]){
              -36.5f, 48.5f, -27.5f, 10.5f, 1.5f, 33.5f, -1.5f, -29.5f,
              -39.5f, 7.5f, -46.5f, -16.5f, -42.5f, 33.5f, -40.5f,}},
                   {kTfLiteInt32, 2, {4, 3}, .data = (const int32_t[]){
              -690, -1756, 4271, 3983, -1110, -3390, 1382, -3928, -4561, 2975, 1441, -4464,}},
                   {kTfLiteFloat32, 1, {4}, .constant = true, .data = (const float[]){0.25f, -1.0f, 3.5f, 0.75f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {3}, .data = (const int32_t[]){
              23, 45, 64,}}},
    },
    {
        .name = "lsh_sparse_int8_key44",
        .builtin_code = LSH_CODE,
        .options_type = 4, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 1)}, /* SPARSE */
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 2, {4, 5}, .constant = true, .data = (const float[]){
              -29.5f, 0.5f, 38.5f, -3.5f, 27.5f, 26.5f, -14.5f, 36.5f,
              37.5f, 3.5f, -26.5f, -43.5f, -26.5f, -32.5f, -34.5f, 11.5f,
              27.5f, -31.5f, 23.5f, 5.5f,}},
                   {kTfLiteInt8, 2, {2, 40}, .data = (const int8_t[]){
              0, 57, 126, -33, 44, -11, -118, -5, 24, 113, 86, -41, -60, -83, -30, 115,
              48, -87, 46, -49, 92, 101, 58, -21, 72, -31, 6, -57, -12, 29, -110, 99,
              96, 25, -34, -65, -116, -43, -22, -37, 120, 81, -74, -73, 36, -115, 66, 83,
              -112, -119, -114, -81, -68, 69, -102, -53, -88, -63, 102, -89, 84, -3, -14, 67,
              -64, -7, 62, -97, -20, -75, 74, -69, -40, 49, 22, -105, -124, 109, -94, 51,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {4}, .data = (const int32_t[]){
              22, 59, 92, 96,}}},
    },
    {
        .name = "lsh_dense_uint8_key64",
        .builtin_code = LSH_CODE,
        .options_type = 4, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 2)}, /* DENSE */
        .ninputs = 3,
        .inputs = {{kTfLiteFloat32, 2, {2, 4}, .constant = true, .data = (const float[]){
              -37.25f, 26.25f, 7.25f, -47.25f, -9.25f, -3.25f, -45.25f, -42.25f,}},
                   {kTfLiteUInt8, 2, {3, 60}, .data = (const uint8_t[]){
              14, 47, 60, 197, 26, 75, 40, 65, 230, 39, 212, 125, 114, 195, 64, 121,
              190, 31, 108, 53, 202, 59, 88, 177, 150, 23, 4, 237, 34, 179, 112, 233,
              110, 15, 156, 165, 122, 43, 136, 33, 70, 7, 52, 93, 210, 163, 160, 89,
              30, 255, 204, 21, 42, 27, 184, 145, 246, 247, 100, 205, 130, 147, 208, 201,
              206, 239, 252, 133, 218, 11, 232, 1, 166, 231, 148, 61, 50, 131, 0, 57,
              126, 223, 44, 245, 138, 251, 24, 113, 86, 215, 196, 173, 226, 115, 48, 169,
              46, 207, 92, 101, 58, 235, 72, 225, 6, 199, 244, 29, 146, 99, 96, 25,
              222, 191, 140, 213, 234, 219, 120, 81, 182, 183, 36, 141, 66, 83, 144, 137,
              142, 175, 188, 69, 154, 203, 168, 193, 102, 167, 84, 253, 242, 67, 192, 249,
              62, 159, 236, 181, 74, 187, 216, 49, 22, 151, 132, 109, 162, 51, 240, 105,
              238, 143, 28, 37, 250, 171, 8, 161, 198, 135, 180, 221, 82, 35, 32, 217,
              158, 127, 76, 149,}},
                   {kTfLiteFloat32, 1, {3}, .constant = true, .data = (const float[]){0.3f, -2.0f, 1.5f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {8}, .data = (const int32_t[]){
              0, 0, 1, 1, 1, 1, 0, 0,}}},
    },
    {
        .name = "lsh_dense_uint8_key129",
        .builtin_code = LSH_CODE,
        .options_type = 4, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 2)}, /* DENSE */
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 2, {2, 3}, .constant = true, .data = (const float[]){
              41.75f, 25.75f, -19.75f, 12.75f, -6.75f, 13.75f,}},
                   {kTfLiteUInt8, 2, {2, 125}, .data = (const uint8_t[]){
              118, 119, 228, 77, 2, 19, 80, 73, 78, 111, 124, 5, 90, 139, 104, 129,
              38, 103, 20, 189, 178, 3, 128, 185, 254, 95, 172, 117, 10, 123, 152, 241,
              214, 87, 68, 45, 98, 243, 176, 41, 174, 79, 220, 229, 186, 107, 200, 97,
              134, 71, 116, 157, 18, 227, 224, 153, 94, 63, 12, 85, 106, 91, 248, 209,
              54, 55, 164, 13, 194, 211, 16, 9, 14, 47, 60, 197, 26, 75, 40, 65,
              230, 39, 212, 125, 114, 195, 64, 121, 190, 31, 108, 53, 202, 59, 88, 177,
              150, 23, 4, 237, 34, 179, 112, 233, 110, 15, 156, 165, 122, 43, 136, 33,
              70, 7, 52, 93, 210, 163, 160, 89, 30, 255, 204, 21, 42, 27, 184, 145,
              246, 247, 100, 205, 130, 147, 208, 201, 206, 239, 252, 133, 218, 11, 232, 1,
              166, 231, 148, 61, 50, 131, 0, 57, 126, 223, 44, 245, 138, 251, 24, 113,
              86, 215, 196, 173, 226, 115, 48, 169, 46, 207, 92, 101, 58, 235, 72, 225,
              6, 199, 244, 29, 146, 99, 96, 25, 222, 191, 140, 213, 234, 219, 120, 81,
              182, 183, 36, 141, 66, 83, 144, 137, 142, 175, 188, 69, 154, 203, 168, 193,
              102, 167, 84, 253, 242, 67, 192, 249, 62, 159, 236, 181, 74, 187, 216, 49,
              22, 151, 132, 109, 162, 51, 240, 105, 238, 143, 28, 37, 250, 171, 8, 161,
              198, 135, 180, 221, 82, 35, 32, 217, 158, 127,}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {6}, .data = (const int32_t[]){
              1, 1, 1, 0, 0, 1,}}},
    },
    {
        .name = "lsh_sparse_uint8_key5",
        .builtin_code = LSH_CODE,
        .options_type = 4, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 1)}, /* SPARSE */
        .ninputs = 3,
        .inputs = {{kTfLiteFloat32, 2, {2, 31}, .constant = true, .data = (const float[]){
              -143.125f, 326.125f, -193.125f, 303.125f, -449.125f, 414.125f, 142.125f, 210.125f,
              -25.125f, -358.125f, -177.125f, 476.125f, 438.125f, 125.125f, -140.125f, 243.125f,
              285.125f, -190.125f, 265.125f, -88.125f, 460.125f, -78.125f, -93.125f, 164.125f,
              -421.125f, -34.125f, -348.125f, -251.125f, 424.125f, -389.125f, 52.125f, 71.125f,
              -441.125f, -348.125f, 95.125f, 153.125f, -307.125f, -239.125f, -257.125f, 110.125f,
              403.125f, 257.125f, -146.125f, 53.125f, -236.125f, -109.125f, -97.125f, -54.125f,
              201.125f, -147.125f, -464.125f, 397.125f, 324.125f, 204.125f, -32.125f, -8.125f,
              476.125f, 374.125f, -256.125f, 67.125f, -133.125f, -423.125f,}},
                   {kTfLiteUInt8, 1, {3}, .data = (const uint8_t[]){
              7, 200, 33,}},
                   {kTfLiteFloat32, 1, {3}, .constant = true, .data = (const float[]){-1.0f, 0.5f, 2.0f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {2}, .data = (const int32_t[]){
              166375857, -1842445965,}}},
    },
    {
        .name = "lsh_sparse_32_bits_refused",
        .builtin_code = LSH_CODE,
        .options_type = 4, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 2, {1, 32}, .constant = true, .data = (const float[32]){0}},
                   {kTfLiteInt32, 1, {1}, .data = (const int32_t[]){1}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {1}}},
        .error = "SPARSE projection with 32 bits per function is not supported",
    },
    {
        .name = "lsh_weight_rows_mismatch",
        .builtin_code = LSH_CODE,
        .options_type = 4, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 2)},
        .ninputs = 3,
        .inputs = {{kTfLiteFloat32, 2, {1, 2}, .constant = true, .data = (const float[]){1, 2}},
                   {kTfLiteInt32, 1, {3}, .data = (const int32_t[]){1, 2, 3}},
                   {kTfLiteFloat32, 1, {2}, .constant = true, .data = (const float[]){1, 2}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {2}}},
        .error = "weight has 2 entries but input has 3 rows",
    },
    {
        .name = "lsh_unknown_type",
        .builtin_code = LSH_CODE,
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 2, {1, 2}, .constant = true, .data = (const float[]){1, 2}},
                   {kTfLiteInt32, 1, {3}, .data = (const int32_t[]){1, 2, 3}}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt32, 1, {1}}},
        .error = "projection type 0 is not SPARSE or DENSE",
    },
};

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(op_test_run(&cases[i]) == 0);
  return TEST_REPORT();
}
