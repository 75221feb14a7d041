/*
** leaky_relu_l2norm_test.c — LEAKY_RELU (src/kernels/leaky_relu.c) on float32, uint8 and int8
** (alpha below and above 1, equal and different scales) and L2_NORMALIZATION
** (l2_normalization.c) on float32, including an all-zero vector (the 1e-6 floor); the quantized
** L2_NORMALIZATION is refused. Expected values were produced by TensorFlow Lite 2.9's builtin
** kernels (ref-run) on the same one-op models (dumped with TFLC_OP_TEST_DUMP).
*/
#include <stdbool.h>
#include <stdint.h>

#include "kernels/op_test.h"
#include "test_util.h"

TEST_COUNTERS;

static const op_test_case cases[] = {
    {
        .name = "leaky_relu_float",
        .builtin_code = 98, .version = 1,
        .options_type = 75, .nfields = 1, .fields = {TFLC_WRITER_F32(0, 0.2f)},
        .ninputs = 1,
        .inputs = {{kTfLiteFloat32, 3, {2, 3, 4}, .data = (const float[]){-2.921f, -1.64900005f, 0.675999999f, 4.57800007f, 4.36299992f, -4.26100016f, 3.53299999f, -3.32200003f, 3.11400008f, -2.03699994f, 2.17799997f, 2.18799996f, 3.50600004f, 4.796f, -2.24499989f, 1.28299999f, 2.39299989f, -4.204f, 1.63f, -1.78499997f, -3.38499999f, 0.495000005f, -0.381000012f, 0.771000028f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 3, {2, 3, 4}, .data = (const float[]){-0.584200025f, -0.32980001f, 0.675999999f, 4.57800007f, 4.36299992f, -0.852200031f, 3.53299999f, -0.664400041f, 3.11400008f, -0.407399982f, 2.17799997f, 2.18799996f, 3.50600004f, 4.796f, -0.448999971f, 1.28299999f, 2.39299989f, -0.840799987f, 1.63f, -0.356999993f, -0.676999986f, 0.495000005f, -0.0762000009f, 0.771000028f}}},
    },
    {
        .name = "leaky_relu_uint8",
        .builtin_code = 98, .version = 1,
        .options_type = 75, .nfields = 1, .fields = {TFLC_WRITER_F32(0, 0.1f)},
        .ninputs = 1,
        .inputs = {{kTfLiteUInt8, 2, {1, 40}, .data = (const uint8_t[]){130, 164, 6, 127, 103, 231, 149, 45, 218, 73, 254, 91, 217, 198, 184, 166, 5, 52, 223, 190, 118, 197, 168, 197, 136, 20, 104, 54, 220, 229, 51, 225, 84, 52, 69, 141, 61, 67, 179, 106}, .scale = 0.05f, .zero_point = 128}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 2, {1, 40}, .data = (const uint8_t[]){103, 160, 80, 100, 96, 255, 135, 86, 250, 91, 255, 94, 248, 217, 193, 163, 79, 87, 255, 203, 98, 215, 167, 215, 113, 82, 96, 88, 253, 255, 87, 255, 93, 87, 90, 122, 89, 90, 185, 96}, .scale = 0.03f, .zero_point = 100}},
    },
    {
        .name = "leaky_relu_uint8_same_scale",
        .builtin_code = 98, .version = 1,
        .options_type = 75, .nfields = 1, .fields = {TFLC_WRITER_F32(0, 0.3f)},
        .ninputs = 1,
        .inputs = {{kTfLiteUInt8, 1, {40}, .data = (const uint8_t[]){178, 5, 24, 72, 92, 69, 101, 235, 117, 150, 202, 45, 36, 109, 159, 126, 30, 163, 236, 136, 230, 107, 102, 79, 133, 147, 27, 249, 39, 141, 79, 227, 164, 3, 6, 51, 210, 221, 141, 145}, .scale = 0.02f, .zero_point = 120}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 1, {40}, .data = (const uint8_t[]){178, 85, 91, 105, 111, 104, 114, 235, 119, 150, 202, 97, 95, 116, 159, 126, 93, 163, 236, 136, 230, 116, 114, 107, 133, 147, 92, 249, 95, 141, 107, 227, 164, 85, 86, 99, 210, 221, 141, 145}, .scale = 0.02f, .zero_point = 120}},
    },
    {
        .name = "leaky_relu_int8",
        .builtin_code = 98, .version = 2,
        .options_type = 75, .nfields = 1, .fields = {TFLC_WRITER_F32(0, 0.01f)},
        .ninputs = 1,
        .inputs = {{kTfLiteInt8, 2, {5, 8}, .data = (const int8_t[]){37, -4, 2, -34, -3, -53, 63, 45, 55, -35, -27, -17, 26, 70, -126, 114, 92, 126, -57, -4, 11, -93, -37, -122, -98, -2, -48, -109, 85, -98, -69, -68, 4, 125, -121, -87, -43, -100, -127, 106}, .scale = 0.07f, .zero_point = -3}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 2, {5, 8}, .data = (const int8_t[]){57, 10, 16, 10, 10, 9, 87, 66, 78, 10, 10, 10, 44, 95, 9, 127, 121, 127, 9, 10, 26, 9, 10, 9, 9, 11, 9, 9, 113, 9, 9, 9, 18, 127, 9, 9, 10, 9, 9, 127}, .scale = 0.06f, .zero_point = 10}},
    },
    {
        .name = "leaky_relu_int8_alpha_gt1",
        .builtin_code = 98, .version = 2,
        .options_type = 75, .nfields = 1, .fields = {TFLC_WRITER_F32(0, 1.7f)},
        .ninputs = 1,
        .inputs = {{kTfLiteInt8, 1, {40}, .data = (const int8_t[]){-71, 31, 98, 61, -118, -38, -116, 111, -10, 121, -26, 14, -112, 124, 91, 1, -69, -16, -17, 73, -52, 36, 79, -77, 70, 3, -76, -124, 98, 96, -112, 10, -105, -117, -114, 112, 1, 127, 69, 60}, .scale = 0.05f, .zero_point = 5}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 1, {40}, .data = (const int8_t[]){-85, -7, 27, 8, -125, -57, -123, 33, -33, 38, -46, -15, -119, 40, 23, -23, -83, -38, -39, 14, -68, -4, 17, -90, 13, -22, -89, -128, 27, 26, -119, -17, -114, -124, -121, 34, -23, 41, 12, 8}, .scale = 0.1f, .zero_point = -20}},
    },
    {
        .name = "l2norm_float_4d",
        .builtin_code = 11, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteFloat32, 4, {1, 2, 3, 5}, .data = (const float[]){-0.412f, 0.549000025f, -2.93899989f, -2.34899998f, -1.01400006f, -0.532000005f, 1.53600001f, -1.97599995f, -2.30299997f, 1.18499994f, 2.32800007f, 2.27800012f, 1.45099998f, 2.90100002f, 0.133000001f, 1.64699996f, -0.497000009f, -0.879999995f, 2.46499991f, -0.416000009f, 1.47899997f, -0.0179999992f, -2.3269999f, -2.23900008f, 0.0610000007f, 1.24600005f, 1.45500004f, -0.986000001f, -2.94499993f, 0.200000003f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {1, 2, 3, 5}, .data = (const float[]){-0.104129218f, 0.138754725f, -0.742805243f, -0.59368819f, -0.2562792f, -0.146124467f, 0.421893209f, -0.542748034f, -0.632565141f, 0.325484008f, 0.506233454f, 0.495360732f, 0.315526068f, 0.630834699f, 0.0289214123f, 0.521262586f, -0.157296613f, -0.278513104f, 0.780153155f, -0.131660745f, 0.416338384f, -0.00506699877f, -0.655050337f, -0.630278409f, 0.0171714965f, 0.340957284f, 0.398148358f, -0.269810498f, -0.805874109f, 0.0547282957f}}},
    },
    {
        .name = "l2norm_float_zero_vector",
        .builtin_code = 11, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteFloat32, 2, {2, 3}, .data = (const float[]){0.0f, 0.0f, 0.0f, 1.00000001e-07f, 0.0f, 0.0f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {2, 3}, .data = (const float[]){0.0f, 0.0f, 0.0f, 0.100000001f, 0.0f, 0.0f}}},
    },
    {
        .name = "l2norm_uint8_refused",
        .builtin_code = 11, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteUInt8, 2, {1, 4}, .data = (const uint8_t[]){126, 48, 72, 81}, .scale = 0.1f, .zero_point = 128}},
        .noutputs = 1,
        .outputs = {{kTfLiteUInt8, 2, {1, 4}, .scale = 0.0078125f, .zero_point = 128}},
        .error = "FLOAT32 only",
    },
};

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(op_test_run(&cases[i]) == 0);
  return TEST_REPORT();
}
