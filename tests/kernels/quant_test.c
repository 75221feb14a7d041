/*
** quant_test.c — literal-table tests of quant.h's fixed-point helpers.
**
** Every expected value is worked out by hand from TensorFlow Lite's definitions
** (quantization_util.cc QuantizeMultiplier, gemmlowp SaturatingRoundingDoublingHighMul
** and RoundingDivideByPOT, common.h MultiplyByQuantizedMultiplier with double rounding;
** see shared/notes/quant_semantics.md §2-3), not by running tflc. The comment on each row
** gives the arithmetic. Prints "N passed, M failed"; exits nonzero on any failure.
*/
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "kernels/quant.h"

static int passed, failed;

static void check_i64(const char *what, long long got, long long want) {
  if (got == want) {
    passed++;
  } else {
    failed++;
    printf("FAIL %s: got %lld, want %lld\n", what, got, want);
  }
}

/* ---- QuantizeMultiplier: m = multiplier * 2^(shift - 31) ---- */

typedef struct { double m; int32_t multiplier; int shift; const char *why; } multiplier_case;

static const multiplier_case multiplier_cases[] = {
    {0.5, 1 << 30, 0, "frexp(0.5) = 0.5 * 2^0"},
    {1.0, 1 << 30, 1, "0.5 * 2^1"},
    {0.25, 1 << 30, -1, "0.5 * 2^-1"},
    {0.0, 0, 0, "zero is (0, 0)"},
    {0.75, 1610612736, 0, "0.75 * 2^31 = 1610612736"},
    {3.0, 1610612736, 2, "0.75 * 2^2"},
    {1.0 / 3.0, 1431655765, -1, "(2/3) * 2^31 = 1431655765.33 -> 1431655765"},
    {0.1, 1717986918, -3, "0.8 * 2^31 = 1717986918.4 -> 1717986918"},
    {-0.5, -(1 << 30), 0, "sign carried in the multiplier"},
    {1.0 - 0x1p-40, 1 << 30, 1, "q * 2^31 rounds to 2^31: halved, shift + 1"},
    {0x1p-32, 1 << 30, -31, "0.5 * 2^-31: smallest exponent kept"},
    {0x1p-40, 0, 0, "exponent -39 < -31: flushed to (0, 0)"},
    {0x1p40, INT32_MAX, 30, "exponent 41 > 30: saturated to (2^31 - 1, 30)"},
};

static void test_quantize_multiplier(void) {
  char what[160];
  for (size_t i = 0; i < sizeof multiplier_cases / sizeof multiplier_cases[0]; i++) {
    const multiplier_case *c = &multiplier_cases[i];
    int32_t multiplier = -1;
    int shift = -99;
    tflc_quantize_multiplier(c->m, &multiplier, &shift);
    snprintf(what, sizeof what, "quantize_multiplier(%a) multiplier [%s]", c->m, c->why);
    check_i64(what, multiplier, c->multiplier);
    snprintf(what, sizeof what, "quantize_multiplier(%a) shift [%s]", c->m, c->why);
    check_i64(what, shift, c->shift);
  }
}

static void test_multiplier_variants(void) {
  int32_t multiplier;
  int shift;
  tflc_quantize_multiplier_smaller_than_one(0.75, &multiplier, &shift);
  check_i64("smaller_than_one(0.75) multiplier", multiplier, 1610612736);
  check_i64("smaller_than_one(0.75) shift", shift, 0);
  tflc_quantize_multiplier_smaller_than_one(0.1, &multiplier, &shift);
  check_i64("smaller_than_one(0.1) multiplier", multiplier, 1717986918);
  check_i64("smaller_than_one(0.1) shift", shift, -3);
  tflc_quantize_multiplier_greater_than_one(3.0, &multiplier, &shift);
  check_i64("greater_than_one(3.0) multiplier", multiplier, 1610612736);
  check_i64("greater_than_one(3.0) shift", shift, 2);
  tflc_quantize_multiplier_greater_than_one(1.5, &multiplier, &shift);
  check_i64("greater_than_one(1.5) multiplier", multiplier, 1610612736);
  check_i64("greater_than_one(1.5) shift", shift, 1);
}

/* ---- SaturatingRoundingDoublingHighMul: round(a * b / 2^31), ties toward +inf ---- */

typedef struct { int32_t a, b, want; const char *why; } srdhm_case;

static const srdhm_case srdhm_cases[] = {
    {INT32_MIN, INT32_MIN, INT32_MAX, "the one overflow saturates"},
    {1 << 30, 1 << 30, 1 << 29, "2^60 / 2^31 = 2^29"},
    {INT32_MAX, INT32_MAX, INT32_MAX - 1, "(2^31-1)^2 / 2^31 = 2^31 - 2 + ~0.0"},
    {100, 1 << 30, 50, "100 * 0.5"},
    {101, 1 << 30, 51, "50.5 rounds up"},
    {-101, 1 << 30, -50, "-50.5: (ab + 1 - 2^30) / 2^31 truncates to -50"},
    {-103, 1 << 30, -51, "-51.5 -> -51"},
    {-100, 1 << 30, -50, "exact"},
    {0, INT32_MAX, 0, "zero"},
    {INT32_MIN, 1 << 30, -(1 << 30), "-2^31 * 0.5"},
    {INT32_MIN, INT32_MAX, -INT32_MAX, "-2^62 + 2^31 over 2^31 = -(2^31 - 1)"},
    {1000, 1717986918, 800, "1000 * 0.8 = 799.9999998 -> 800"},
    {-1000, 1717986918, -800, "-799.9999998 -> -800"},
};

static void test_srdhm(void) {
  char what[160];
  for (size_t i = 0; i < sizeof srdhm_cases / sizeof srdhm_cases[0]; i++) {
    const srdhm_case *c = &srdhm_cases[i];
    snprintf(what, sizeof what, "srdhm(%d, %d) [%s]", (int)c->a, (int)c->b, c->why);
    check_i64(what, tflc_srdhm(c->a, c->b), c->want);
  }
}

/* ---- RoundingDivideByPOT: x / 2^e, ties away from zero ---- */

typedef struct { int32_t x; int e; int32_t want; const char *why; } pot_case;

static const pot_case pot_cases[] = {
    {5, 1, 3, "2.5 -> 3"},
    {-5, 1, -3, "-2.5 -> -3"},
    {4, 1, 2, "exact"},
    {-4, 1, -2, "exact"},
    {7, 2, 2, "1.75 -> 2"},
    {-7, 2, -2, "-1.75 -> -2"},
    {6, 2, 2, "1.5 -> 2"},
    {-6, 2, -2, "-1.5 -> -2"},
    {-2, 2, -1, "-0.5 -> -1"},
    {1, 1, 1, "0.5 -> 1"},
    {-1, 1, -1, "-0.5 -> -1"},
    {5, 0, 5, "exponent 0 is the identity"},
    {INT32_MAX, 31, 1, "0.99999 -> 1"},
    {INT32_MIN, 31, -1, "exact -1"},
    {INT32_MIN, 1, -(1 << 30), "exact"},
};

static void test_rounding_divide_by_pot(void) {
  char what[160];
  for (size_t i = 0; i < sizeof pot_cases / sizeof pot_cases[0]; i++) {
    const pot_case *c = &pot_cases[i];
    snprintf(what, sizeof what, "rounding_divide_by_pot(%d, %d) [%s]", (int)c->x, c->e, c->why);
    check_i64(what, tflc_rounding_divide_by_pot(c->x, c->e), c->want);
  }
}

/* ---- MultiplyByQuantizedMultiplier: double rounding (srdhm, then divide by 2^-shift) ---- */

typedef struct { int32_t x, multiplier; int shift; int32_t want; const char *why; } mbqm_case;

static const mbqm_case mbqm_cases[] = {
    {100, 1 << 30, 0, 50, "x * 0.5"},
    {100, 1 << 30, 1, 100, "x * 1.0: left shift 1 first"},
    {-100, 1 << 30, 1, -100, "x * 1.0"},
    {3, 1 << 30, -1, 1, "0.75: srdhm 1.5 -> 2, then 2/2 = 1"},
    {5, 1 << 30, -1, 2, "1.25: srdhm 2.5 -> 3, then 1.5 -> 2 (single rounding would give 1)"},
    {-5, 1 << 30, -1, -1, "-1.25: srdhm -2.5 -> -2, then -1"},
    {INT32_MIN, 1 << 30, 0, -(1 << 30), "-2^31 * 0.5"},
    {1000, 1717986918, -3, 100, "1000 * 0.1: srdhm 800, 800/8 = 100"},
    {-1000, 1717986918, -3, -100, "-1000 * 0.1"},
    {5, 1717986918, -3, 1, "0.5: srdhm 4, 4/8 = 0.5 -> 1"},
    {-5, 1717986918, -3, -1, "-0.5: srdhm -4, -4/8 = -0.5 -> -1"},
    {7, 1610612736, 2, 21, "7 * 3: 28 * 0.75"},
};

static void test_multiply_by_quantized_multiplier(void) {
  char what[192];
  for (size_t i = 0; i < sizeof mbqm_cases / sizeof mbqm_cases[0]; i++) {
    const mbqm_case *c = &mbqm_cases[i];
    snprintf(what, sizeof what, "multiply_by_quantized_multiplier(%d, %d, %d) [%s]", (int)c->x, (int)c->multiplier,
             c->shift, c->why);
    check_i64(what, tflc_multiply_by_quantized_multiplier(c->x, c->multiplier, c->shift), c->want);
  }
}

/* ---- TfLiteRound (std::round): ties away from zero, exact everywhere ---- */

typedef struct { float x, want; const char *why; } round_case;

static const round_case round_cases[] = {
    {0.5f, 1.0f, "tie up"},
    {-0.5f, -1.0f, "tie away from zero"},
    {2.5f, 3.0f, "not to even"},
    {-2.5f, -3.0f, "not to even"},
    {1.4f, 1.0f, "below the tie"},
    {0.49999997f, 0.0f, "largest float below 0.5: x + 0.5 would round up to 1.0"},
    {8388609.0f, 8388609.0f, "odd integer above 2^23: x + 0.5 is not representable"},
    {-8388609.0f, -8388609.0f, "same, negative"},
};

static void test_roundf(void) {
  char what[160];
  for (size_t i = 0; i < sizeof round_cases / sizeof round_cases[0]; i++) {
    const round_case *c = &round_cases[i];
    snprintf(what, sizeof what, "roundf(%.9g) [%s]", c->x, c->why);
    check_i64(what, (long long)tflc_roundf(c->x), (long long)c->want);
  }
}

/* ---- Output size and padding (ComputePaddingHeightWidth) ---- */

static void test_padding(void) {
  check_i64("out_size SAME 224/3/s2", tflc_compute_out_size(TFLC_PADDING_SAME, 224, 3, 2, 1), 112);
  check_i64("out_size VALID 224/3/s2: (224-3+2)/2", tflc_compute_out_size(TFLC_PADDING_VALID, 224, 3, 2, 1), 111);
  check_i64("out_size VALID 10/3/d2: eff 5, 6", tflc_compute_out_size(TFLC_PADDING_VALID, 10, 3, 1, 2), 6);
  check_i64("out_size VALID filter larger than input", tflc_compute_out_size(TFLC_PADDING_VALID, 5, 7, 1, 1), 0);
  check_i64("padding s2 224/3 out 112: (222+3-224)/2", tflc_compute_padding(2, 1, 224, 3, 112), 0);
  check_i64("padding s1 112/3 out 112: (111+3-112)/2", tflc_compute_padding(1, 1, 112, 3, 112), 1);
  check_i64("padding never negative", tflc_compute_padding(1, 1, 10, 3, 5), 0);
}

static void test_float_activation_range(void) {
  float lo, hi;
  tflc_float_activation_range(TFLC_ACTIVATION_RELU6, &lo, &hi);
  check_i64("relu6 range", lo == 0.0f && hi == 6.0f, 1);
  tflc_float_activation_range(TFLC_ACTIVATION_RELU_N1_TO_1, &lo, &hi);
  check_i64("relu_n1_to_1 range", lo == -1.0f && hi == 1.0f, 1);
  tflc_float_activation_range(TFLC_ACTIVATION_RELU, &lo, &hi);
  check_i64("relu range", lo == 0.0f && isinf(hi) && hi > 0, 1);
  tflc_float_activation_range(TFLC_ACTIVATION_NONE, &lo, &hi);
  check_i64("none range", isinf(lo) && lo < 0 && isinf(hi) && hi > 0, 1);
}

int main(void) {
  test_quantize_multiplier();
  test_multiplier_variants();
  test_srdhm();
  test_rounding_divide_by_pot();
  test_multiply_by_quantized_multiplier();
  test_roundf();
  test_padding();
  test_float_activation_range();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
