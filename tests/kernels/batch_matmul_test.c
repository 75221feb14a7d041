/*
** batch_matmul_test.c — BATCH_MATMUL (src/kernels/batch_matmul.c), float32: 2-D, adj_x, adj_y with a
** constant rhs, broadcast batch dims of different ranks; refusals (depth mismatch, int8).
** Expected values were produced by TensorFlow Lite 2.9's builtin kernels (ref-run) on the same
** one-op models (dumped with TFLC_OP_TEST_DUMP; inputs are seeded literals).
*/
#include <stdbool.h>
#include <stdint.h>

#include "kernels/op_test.h"
#include "test_util.h"

TEST_COUNTERS;

static const op_test_case cases[] = {
    {
        .name = "bmm_2d",
        .builtin_code = 126, .version = 1,
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 2, {3, 4}, .data = (const float[]){-1.926f, 0.838999987f, -0.195999995f, -0.77700001f, -0.870000005f, 1.74300003f, 2.43099999f, -1.93599999f, 0.916999996f, -1.21000004f, 2.80200005f, 2.51900005f}},
                   {kTfLiteFloat32, 2, {4, 5}, .data = (const float[]){0.814999998f, 1.51600003f, 0.0909999982f, 1.95500004f, -0.310000002f, -0.967000008f, -1.33299994f, -1.64199996f, 0.155000001f, -0.414999992f, 0.978999972f, -2.9230001f, -0.31400001f, -0.809000015f, -1.82799995f, 0.569000006f, -0.388000011f, -1.20000005f, -1.74399996f, 2.24799991f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {3, 5}, .data = (const float[]){-3.01499987f, -3.16381907f, -0.558959961f, -2.12163305f, -1.13953304f, -1.11616611f, -9.99698448f, -1.38130999f, -0.0209803581f, -9.24964046f, 6.093894f, -6.16451645f, -1.83236122f, -5.05476904f, 0.758536339f}}},
    },
    {
        .name = "bmm_3d_adj_x",
        .builtin_code = 126, .version = 1,
        .options_type = 101, .nfields = 1, .fields = {TFLC_WRITER_BOOL(0, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 3, {2, 4, 3}, .data = (const float[]){1.78499997f, 0.639999986f, -0.92900002f, 2.68099999f, 0.379999995f, -0.402999997f, 2.40300012f, -1.08399999f, 1.176f, -1.11699998f, -1.43099999f, 1.20500004f, -1.63300002f, -0.0410000011f, 0.479999989f, -1.86699998f, 1.38699996f, 0.291000009f, 0.728999972f, -0.76700002f, -0.479000002f, -0.0309999995f, -0.180000007f, 1.05400002f}},
                   {kTfLiteFloat32, 3, {2, 4, 2}, .data = (const float[]){0.463f, -0.501999974f, -2.98900008f, 1.76400006f, 0.115999997f, -1.04100001f, -0.0f, -2.43899989f, 2.42799997f, 2.93799996f, -2.648f, -0.851000011f, 1.38f, -1.11500001f, 0.40200001f, -0.500999987f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 3, {2, 3, 2}, .data = (const float[]){-6.90830564f, 4.05605412f, -0.965244055f, 4.96769333f, 0.910856068f, -4.40774488f, 1.97244978f, -4.00624084f, -4.90314388f, -0.35540992f, 0.157559991f, 1.16862988f}}},
    },
    {
        .name = "bmm_broadcast_adj_y_const",
        .builtin_code = 126, .version = 1,
        .options_type = 101, .nfields = 1, .fields = {TFLC_WRITER_BOOL(1, 1)},
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {2, 1, 3, 4}, .data = (const float[]){1.64499998f, 2.75099993f, 2.32999992f, 0.726000011f, -2.03800011f, 2.68199992f, -2.85800004f, -1.21399999f, -1.30999994f, 1.03100002f, -0.0759999976f, -2.44300008f, -2.9230001f, 0.625999987f, -0.050999999f, 0.60799998f, 0.384000003f, 2.34299994f, 2.50999999f, -1.87f, 2.65300012f, 1.72599995f, 0.833999991f, 0.958000004f}},
                   {kTfLiteFloat32, 3, {3, 2, 4}, .data = (const float[]){0.275999993f, 2.50399995f, -1.60000002f, 0.596000016f, 1.88499999f, -2.19099998f, 0.693000019f, -0.583000004f, 1.59599996f, -2.5940001f, 0.640999973f, 2.14199996f, 0.769999981f, -1.07200003f, 0.935000002f, -0.971000016f, 1.01199996f, -2.23000002f, -1.32000005f, -2.8039999f, -2.49699998f, 0.328999996f, -1.61000001f, 0.0960000008f}, .constant = true}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {2, 3, 3, 2}, .data = (const float[]){4.04721928f, -1.73518419f, 10.0024958f, -10.9907246f, 0.885635972f, -3.3566699f, -1.46205235f, -0.208817959f, -14.6421223f, -5.93779993f, -10.0467958f, 0.187161207f, -9.58129406f, -6.88408995f, -0.866699934f, 10.4560995f, 3.32564211f, 3.49810076f, 1.20472383f, -7.27122831f, 0.842335463f, -1.58003283f, 4.29069996f, 1.23868704f, -5.01930714f, -3.55983496f, -7.86150837f, 1.94660389f, 2.34357429f, 0.0421099663f, -5.99156761f, 7.64516306f, -2.90600228f, -4.40862083f, -4.9512558f, -7.30745935f}}},
    },
    {
        .name = "bmm_rank_mismatch_broadcast",
        .builtin_code = 126, .version = 1,
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 4, {2, 2, 3, 2}, .data = (const float[]){0.957000017f, 2.28699994f, -0.870000005f, -1.08800006f, -1.11800003f, -2.29299998f, 0.978999972f, 1.91799998f, -0.162f, 0.349999994f, 2.75099993f, 1.19299996f, 1.47000003f, 2.33699989f, -1.70500004f, 0.901000023f, 1.30400002f, 2.05299997f, -0.936999977f, 1.13300002f, 0.625999987f, -0.54400003f, -2.3900001f, -0.882000029f}},
                   {kTfLiteFloat32, 2, {2, 3}, .data = (const float[]){2.7809999f, -1.70099998f, -2.31800008f, -0.79400003f, -2.39400005f, -1.39699996f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 4, {2, 2, 3, 3}, .data = (const float[]){0.845538974f, -7.10293484f, -5.41326523f, -1.55559778f, 4.08454227f, 3.53659606f, -1.28851593f, 7.39116001f, 5.7948451f, 1.19970679f, -6.25697088f, -4.94876766f, -0.728421986f, -0.562337995f, -0.113433957f, 6.70328808f, -7.5354929f, -8.04343891f, 2.23249197f, -8.09524822f, -6.67224884f, -5.45699883f, 0.743211031f, 2.69349313f, 1.99634182f, -7.13298607f, -5.89071274f, -3.50539875f, -1.1185652f, 0.589165092f, 2.17284203f, 0.237510085f, -0.691100001f, -5.94628239f, 6.176898f, 6.77217436f}}},
    },
    {
        .name = "bmm_depth_mismatch_refused",
        .builtin_code = 126, .version = 1,
        .ninputs = 2,
        .inputs = {{kTfLiteFloat32, 2, {2, 3}, .data = (const float[]){2.48699999f, -1.08700001f, 0.514999986f, -1.56799996f, 1.00800002f, -2.23399997f}},
                   {kTfLiteFloat32, 2, {4, 2}, .data = (const float[]){1.73899996f, -0.462000012f, -1.898f, 1.54900002f, 0.326000005f, -0.370999992f, -1.55599999f, 1.68799996f}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {2, 2}}},
        .error = "columns",
    },
    {
        .name = "bmm_int8_refused",
        .builtin_code = 126, .version = 2,
        .ninputs = 2,
        .inputs = {{kTfLiteInt8, 2, {2, 3}, .data = (const int8_t[]){-62, -35, -119, -117, 11, 119}, .scale = 0.1f, .zero_point = 0},
                   {kTfLiteInt8, 2, {3, 2}, .data = (const int8_t[]){19, -121, 18, -98, 49, -9}, .scale = 0.1f, .zero_point = 0}},
        .noutputs = 1,
        .outputs = {{kTfLiteInt8, 2, {2, 2}, .scale = 0.5f, .zero_point = 0}},
        .error = "FLOAT32 only",
    },
};

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(op_test_run(&cases[i]) == 0);
  return TEST_REPORT();
}
