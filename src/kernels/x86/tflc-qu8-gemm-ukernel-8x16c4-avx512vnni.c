/*
** tflc_qu8_gemm_ukernel_8x16c4__avx512vnni — GEMM microkernel (qconv.h) on AVX-512 VNNI:
** up to 8 rows of unsigned activations, blocks of 16 columns (up to three per pass over the
** rows), 4 bytes of K per vpdpbusd, ruy requantization in the epilogue. Rows past mr alias the
** last row (computed, not stored).
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,avx512bw,avx512vl,avx512vnni")
#include <stdbool.h>
#include <string.h>

#include "kernels/qconv.h"
#include "kernels/x86/requant-avx512.h"

#define MR 8

/* The 4 bytes at p as an int32 (unaligned). */
static inline int32_t load4(const uint8_t *p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}

/*
** A column block's requantization constants. The output zero point goes into the 64-bit
** rounding constant where that is exact (tflc_fold_zero_point_avx512): one addition per block
** instead of one per row.
*/
typedef struct gemm_requant {
  __m512i mult, mult_odd, left, rnd_even, rnd_odd, shr_even, shr_odd;
  bool any_left;   /* some column shifts left: rare, skipped otherwise */
  bool add_offset; /* zo is nonzero and not folded: added per row */
} gemm_requant;

static inline gemm_requant load_requant(const int32_t *hdr, int32_t zo) {
  gemm_requant r;
  r.mult = _mm512_loadu_si512(hdr + TFLC_QHDR_MULT * TFLC_QBLOCK);
  r.mult_odd = _mm512_loadu_si512(hdr + TFLC_QHDR_MULT_ODD * TFLC_QBLOCK);
  r.left = _mm512_loadu_si512(hdr + TFLC_QHDR_LSHIFT * TFLC_QBLOCK);
  r.rnd_even = _mm512_loadu_si512(hdr + TFLC_QHDR_RND_EVEN * TFLC_QBLOCK);
  r.rnd_odd = _mm512_loadu_si512(hdr + TFLC_QHDR_RND_ODD * TFLC_QBLOCK);
  r.shr_even = _mm512_loadu_si512(hdr + TFLC_QHDR_SHR_EVEN * TFLC_QBLOCK);
  r.shr_odd = _mm512_loadu_si512(hdr + TFLC_QHDR_SHR_ODD * TFLC_QBLOCK);
  r.any_left = _mm512_test_epi32_mask(r.left, r.left) != 0;
  r.add_offset = false;
  if (zo != 0) {
    r.add_offset = !tflc_zero_point_foldable_avx512(r.shr_even, r.shr_odd);
    if (!r.add_offset) tflc_fold_zero_point_avx512(&r.rnd_even, &r.rnd_odd, r.shr_even, r.shr_odd, zo);
  }
  return r;
}

/* One row's accumulators (+ its row term, when any) requantized, + zo: int32 lanes before the clamp. */
static inline __m512i requant_row(__m512i x, const int32_t *row_term, const gemm_requant *r, __m512i offset) {
  if (row_term) x = _mm512_add_epi32(x, _mm512_set1_epi32(*row_term));
  if (r->any_left) x = _mm512_sllv_epi32(x, r->left);
  __m512i y = tflc_requant_ruy_fused_avx512(x, r->mult, r->mult_odd, r->rnd_even, r->rnd_odd, r->shr_even, r->shr_odd);
  return r->add_offset ? _mm512_add_epi32(y, offset) : y;
}

/* Rows [0, mr) of a block, one at a time (any shapes and clamps). */
static void store_rows(size_t mr, const __m512i acc[MR], const int32_t *row_terms, const gemm_requant *r,
                       const tflc_q8_params *params, uint8_t *c, size_t c_stride, size_t cols) {
  const __m512i offset = _mm512_set1_epi32(params->output_offset);
  const __m512i lo = _mm512_set1_epi32(params->act_min), hi = _mm512_set1_epi32(params->act_max);
  const bool whole_uint8 = params->act_min == 0 && params->act_max == 255;
  const __mmask16 lanes = (__mmask16)((1u << cols) - 1u);
  for (size_t i = 0; i < mr; i++, c += c_stride) {
    __m512i y = requant_row(acc[i], row_terms ? row_terms + i : NULL, r, offset);
    /* A clamp to [0, 255] is max(y, 0) and the unsigned saturation of the narrowing. */
    __m128i bytes = whole_uint8 ? _mm512_cvtusepi32_epi8(_mm512_max_epi32(y, lo))
                                : _mm512_cvtepi32_epi8(_mm512_min_epi32(_mm512_max_epi32(y, lo), hi));
    if (cols == TFLC_QBLOCK) _mm_storeu_si128((__m128i *)c, bytes);
    else _mm_mask_storeu_epi8(c, lanes, bytes);
  }
}

/* requant_row without a left shift or a separate zero point (the common block), row term rt. */
static inline __m512i requant_plain(__m512i x, __m512i rt, const gemm_requant *r) {
  return tflc_requant_ruy_fused_avx512(_mm512_add_epi32(x, rt), r->mult, r->mult_odd, r->rnd_even, r->rnd_odd,
                                       r->shr_even, r->shr_odd);
}

/*
** Requantizes and stores the 8 rows of accumulators of one block (columns [0, cols) at c).
** common: mr is MR, the clamp is [0, 255] and row_terms is not NULL; then blocks without left
** shifts or a separate zero point store their rows in straight-line code (4 rows per
** narrowing, tflc_store4_u8_avx512). Everything else goes through store_rows.
*/
static inline __attribute__((always_inline)) void block_epilogue(__m512i acc0, __m512i acc1, __m512i acc2,
                                                                 __m512i acc3, __m512i acc4, __m512i acc5,
                                                                 __m512i acc6, __m512i acc7, size_t mr,
                                                                 const int32_t *hdr,
                                                                 uint8_t *c, size_t c_stride, size_t cols,
                                                                 const int32_t *row_terms,
                                                                 const tflc_q8_params *params, bool common) {
  const gemm_requant r = load_requant(hdr, params->output_offset);
  if (common && !r.any_left && !r.add_offset) {
    const __mmask16 lanes = (__mmask16)((1u << cols) - 1u);
    __m512i y0 = requant_plain(acc0, _mm512_set1_epi32(row_terms[0]), &r);
    __m512i y1 = requant_plain(acc1, _mm512_set1_epi32(row_terms[1]), &r);
    __m512i y2 = requant_plain(acc2, _mm512_set1_epi32(row_terms[2]), &r);
    __m512i y3 = requant_plain(acc3, _mm512_set1_epi32(row_terms[3]), &r);
    tflc_store4_u8_avx512(c, c_stride, y0, y1, y2, y3, cols == TFLC_QBLOCK, lanes);
    __m512i y4 = requant_plain(acc4, _mm512_set1_epi32(row_terms[4]), &r);
    __m512i y5 = requant_plain(acc5, _mm512_set1_epi32(row_terms[5]), &r);
    __m512i y6 = requant_plain(acc6, _mm512_set1_epi32(row_terms[6]), &r);
    __m512i y7 = requant_plain(acc7, _mm512_set1_epi32(row_terms[7]), &r);
    tflc_store4_u8_avx512(c + 4 * c_stride, c_stride, y4, y5, y6, y7, cols == TFLC_QBLOCK, lanes);
  } else {
    const __m512i acc[MR] = {acc0, acc1, acc2, acc3, acc4, acc5, acc6, acc7};
    store_rows(mr, acc, row_terms, &r, params, c, c_stride, cols);
  }
}

/*
** One pass over the rows for NB (1 to 3, a constant after inlining) consecutive column blocks at
** block: NB x 8 accumulators, each row's 4-byte broadcast serving the NB blocks (the loop of one
** block was bound by the broadcast loads and the issue width, not by vpdpbusd). The last block
** stores cols_last columns (its packed lanes past them are zeros). common: as block_epilogue.
*/
static inline __attribute__((always_inline)) void gemm_pass(const size_t NB, const uint8_t *a0, const uint8_t *a1,
                                                            const uint8_t *a2, const uint8_t *a3, const uint8_t *a4,
                                                            const uint8_t *a5, const uint8_t *a6, const uint8_t *a7,
                                                            size_t mr, size_t kc, const uint8_t *block,
                                                            size_t block_bytes, uint8_t *c, size_t c_stride,
                                                            size_t cols_last, const int32_t *row_terms,
                                                            const tflc_q8_params *params, bool common) {
  __m512i acc[3][MR];
#pragma GCC unroll 3
  for (size_t b = 0; b < NB; b++) {
    const __m512i colterm = _mm512_loadu_si512((const int32_t *)(block + b * block_bytes) + TFLC_QHDR_COLTERM * TFLC_QBLOCK);
#pragma GCC unroll 8
    for (size_t i = 0; i < MR; i++) acc[b][i] = colterm;
  }
  const uint8_t *wk = block + TFLC_QHDR_BYTES;
  for (size_t k = 0; k < kc; k += 4, wk += 64) {
    __m512i wv[3];
#pragma GCC unroll 3
    for (size_t b = 0; b < NB; b++) wv[b] = _mm512_loadu_si512(wk + b * block_bytes);
#define ROW(i)                                                                                    \
  {                                                                                               \
    const __m512i x = _mm512_set1_epi32(load4(a##i + k));                                          \
    _Pragma("GCC unroll 3") for (size_t b = 0; b < NB; b++) acc[b][i] = _mm512_dpbusd_epi32(acc[b][i], x, wv[b]); \
  }
    ROW(0) ROW(1) ROW(2) ROW(3) ROW(4) ROW(5) ROW(6) ROW(7)
#undef ROW
  }
#pragma GCC unroll 3
  for (size_t b = 0; b < NB; b++)
    block_epilogue(acc[b][0], acc[b][1], acc[b][2], acc[b][3], acc[b][4], acc[b][5], acc[b][6], acc[b][7], mr,
                   (const int32_t *)(block + b * block_bytes), c + b * TFLC_QBLOCK, c_stride,
                   b + 1 == NB ? cols_last : TFLC_QBLOCK, row_terms, params, common);
}

/*
** The kernel body: column blocks three at a time while more than two remain (the last one may be
** partial), then two, then one (24 accumulators at most, with the three weight vectors and a
** broadcast: 28 of the 32 registers). common: as block_epilogue.
*/
static inline __attribute__((always_inline)) void gemm_body(size_t mr, size_t nc, size_t kc, const uint8_t *a,
                                                            size_t a_stride, const void *w, uint8_t *c,
                                                            size_t c_stride, const int32_t *row_terms,
                                                            const tflc_q8_params *params, bool common) {
  /* Plain pointers rather than arrays: GCC keeps arrays of pointers in vector registers and
     extracts them on the vector ports the epilogue needs. */
  const uint8_t *a0 = a, *a1 = a0 + (mr > 1 ? a_stride : 0), *a2 = a1 + (mr > 2 ? a_stride : 0);
  const uint8_t *a3 = a2 + (mr > 3 ? a_stride : 0), *a4 = a3 + (mr > 4 ? a_stride : 0);
  const uint8_t *a5 = a4 + (mr > 5 ? a_stride : 0), *a6 = a5 + (mr > 6 ? a_stride : 0);
  const uint8_t *a7 = a6 + (mr > 7 ? a_stride : 0);
  const size_t block_bytes = TFLC_QHDR_BYTES + kc * TFLC_QBLOCK;
  const uint8_t *block = w;
  size_t n0 = 0;
#define PASS(NB)                                                                                              \
  {                                                                                                           \
    size_t last = nc - n0 - ((NB)-1) * TFLC_QBLOCK;                                                           \
    gemm_pass(NB, a0, a1, a2, a3, a4, a5, a6, a7, mr, kc, block, block_bytes, c + n0, c_stride,               \
              last < TFLC_QBLOCK ? last : TFLC_QBLOCK, row_terms, params, common);                            \
  }
  for (; n0 + 2 * TFLC_QBLOCK < nc; n0 += 3 * TFLC_QBLOCK, block += 3 * block_bytes) PASS(3)
  for (; n0 + TFLC_QBLOCK < nc; n0 += 2 * TFLC_QBLOCK, block += 2 * block_bytes) PASS(2)
  for (; n0 < nc; n0 += TFLC_QBLOCK, block += block_bytes) PASS(1)
#undef PASS
}

/*
** One row (a batch-1 FULLY_CONNECTED, a classifier's last layer): four column blocks per pass,
** without computing the 7 rows the 8-row body would repeat. Such layers stream their weights
** from memory once per inference, and the 8-row arithmetic cost about as much again.
*/
static void gemm_one_row(size_t nc, size_t kc, const uint8_t *a, const void *w, uint8_t *c, const int32_t *row_terms,
                         const tflc_q8_params *params) {
  const size_t block_bytes = TFLC_QHDR_BYTES + kc * TFLC_QBLOCK;
  const uint8_t *block = w;
  for (size_t n0 = 0; n0 < nc; n0 += 4 * TFLC_QBLOCK, block += 4 * block_bytes) {
    size_t blocks = (nc - n0 + TFLC_QBLOCK - 1) / TFLC_QBLOCK < 4 ? (nc - n0 + TFLC_QBLOCK - 1) / TFLC_QBLOCK : 4;
    /* blocks past the end repeat block 0: computed, not stored */
    const uint8_t *b[4] = {block, block + (blocks > 1 ? block_bytes : 0), block + (blocks > 2 ? 2 * block_bytes : 0),
                           block + (blocks > 3 ? 3 * block_bytes : 0)};
    __m512i acc0 = _mm512_loadu_si512((const int32_t *)b[0] + TFLC_QHDR_COLTERM * TFLC_QBLOCK);
    __m512i acc1 = _mm512_loadu_si512((const int32_t *)b[1] + TFLC_QHDR_COLTERM * TFLC_QBLOCK);
    __m512i acc2 = _mm512_loadu_si512((const int32_t *)b[2] + TFLC_QHDR_COLTERM * TFLC_QBLOCK);
    __m512i acc3 = _mm512_loadu_si512((const int32_t *)b[3] + TFLC_QHDR_COLTERM * TFLC_QBLOCK);
    const uint8_t *w0 = b[0] + TFLC_QHDR_BYTES, *w1 = b[1] + TFLC_QHDR_BYTES, *w2 = b[2] + TFLC_QHDR_BYTES,
                  *w3 = b[3] + TFLC_QHDR_BYTES;
    for (size_t k = 0; k < kc; k += 4) {
      const __m512i x = _mm512_set1_epi32(load4(a + k));
      acc0 = _mm512_dpbusd_epi32(acc0, x, _mm512_loadu_si512(w0 + 16 * k));
      acc1 = _mm512_dpbusd_epi32(acc1, x, _mm512_loadu_si512(w1 + 16 * k));
      acc2 = _mm512_dpbusd_epi32(acc2, x, _mm512_loadu_si512(w2 + 16 * k));
      acc3 = _mm512_dpbusd_epi32(acc3, x, _mm512_loadu_si512(w3 + 16 * k));
    }
    const __m512i acc[4] = {acc0, acc1, acc2, acc3};
    for (size_t j = 0; j < blocks; j++) {
      const gemm_requant r = load_requant((const int32_t *)b[j], params->output_offset);
      const __m512i row[MR] = {acc[j]};
      size_t cols = nc - n0 - j * TFLC_QBLOCK < TFLC_QBLOCK ? nc - n0 - j * TFLC_QBLOCK : TFLC_QBLOCK;
      store_rows(1, row, row_terms, &r, params, c + n0 + j * TFLC_QBLOCK, 0, cols);
    }
  }
}

void tflc_qu8_gemm_ukernel_8x16c4__avx512vnni(size_t mr, size_t nc, size_t kc, const uint8_t *a, size_t a_stride,
                                              const void *w, uint8_t *c, size_t c_stride, const int32_t *row_terms,
                                              const tflc_q8_params *params) {
  /* Without row terms the common path adds zeros: one addition per row, still cheaper than store_rows. */
  static const int32_t no_row_terms[MR] = {0};
  if (mr == 1)
    gemm_one_row(nc, kc, a, w, c, row_terms, params);
  else if (mr == MR && params->act_min == 0 && params->act_max == 255)
    gemm_body(MR, nc, kc, a, a_stride, w, c, c_stride, row_terms ? row_terms : no_row_terms, params, true);
  else
    gemm_body(mr, nc, kc, a, a_stride, w, c, c_stride, row_terms, params, false);
}
#endif
