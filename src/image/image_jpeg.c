/*
** image_jpeg.c — JPEG decoding through libjpeg(-turbo).
**
** libjpeg reports fatal errors by calling error_exit, which by default exits the
** process; ours longjmps back to the decoder instead. A truncated file is only a
** warning to libjpeg (it pads the image with gray); we make it an error, as Pillow does.
**
** Decoding uses libjpeg's defaults (JDCT_ISLOW, fancy upsampling, block smoothing), the
** settings Pillow uses, so pixels match Pillow when both link the same libjpeg.
*/
#include <setjmp.h>
#include <stdio.h> /* jpeglib.h needs FILE */
#include <stdlib.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>

#include "image/image_internal.h"

/* Progressive files can hold thousands of tiny scans, each a pass over the whole image. */
#define MAX_JPEG_SCANS 1000

typedef struct jpeg_error_ctx {
  struct jpeg_error_mgr mgr; /* first, so a j_common_ptr's err can be cast back */
  jmp_buf jump;
  char msg[JMSG_LENGTH_MAX];
} jpeg_error_ctx;

static void on_error_exit(j_common_ptr cinfo) {
  jpeg_error_ctx *ctx = (jpeg_error_ctx *)cinfo->err;
  ctx->mgr.format_message(cinfo, ctx->msg);
  longjmp(ctx->jump, 1);
}

/* Warnings are ignored except "premature end of data", which means a truncated file. */
static void on_emit_message(j_common_ptr cinfo, int msg_level) {
  jpeg_error_ctx *ctx = (jpeg_error_ctx *)cinfo->err;
  if (msg_level < 0 && ctx->mgr.msg_code == JWRN_JPEG_EOF) {
    snprintf(ctx->msg, sizeof ctx->msg, "file is truncated");
    longjmp(ctx->jump, 1);
  }
}

static void on_output_message(j_common_ptr cinfo) { (void)cinfo; }

static void on_progress(j_common_ptr cinfo) {
  if (!cinfo->is_decompressor) return;
  j_decompress_ptr d = (j_decompress_ptr)cinfo;
  if (d->input_scan_number > MAX_JPEG_SCANS) {
    jpeg_error_ctx *ctx = (jpeg_error_ctx *)cinfo->err;
    snprintf(ctx->msg, sizeof ctx->msg, "more than %d scans", MAX_JPEG_SCANS);
    longjmp(ctx->jump, 1);
  }
}

/* PIL's MULDIV255: a * b / 255, rounded. */
static uint8_t muldiv255(unsigned a, unsigned b) {
  unsigned t = a * b + 128;
  return (uint8_t)((t + (t >> 8)) >> 8);
}

/*
** CMYK to RGB as Pillow does it. Adobe writes CMYK inverted (0 = full ink), which libjpeg
** passes through, so for Adobe files r = c * k / 255 on the stored values.
*/
static void cmyk_row_to_rgb(const uint8_t *cmyk, uint8_t *rgb, int width, int adobe) {
  for (int x = 0; x < width; x++) {
    unsigned c = cmyk[4 * x], m = cmyk[4 * x + 1], y = cmyk[4 * x + 2], k = cmyk[4 * x + 3];
    if (!adobe) c = 255 - c, m = 255 - m, y = 255 - y, k = 255 - k;
    rgb[3 * x] = muldiv255(c, k);
    rgb[3 * x + 1] = muldiv255(m, k);
    rgb[3 * x + 2] = muldiv255(y, k);
  }
}

/*
** The state a longjmp may cross lives here, not in locals of the function that called
** setjmp: such locals would need to be volatile to keep their values.
*/
typedef struct jpeg_decode_state {
  struct jpeg_decompress_struct cinfo;
  jpeg_error_ctx err;
  struct jpeg_progress_mgr progress;
  uint8_t *cmyk_row; /* one row of 4-channel output when converting CMYK */
  tflc_image *out;
} jpeg_decode_state;

/* Steps after setjmp; any libjpeg error longjmps out of here. Returns 0 or -1 (err set). */
static int decode_body(jpeg_decode_state *s, const uint8_t *data, size_t size, char *err,
                       size_t errlen) {
  j_decompress_ptr cinfo = &s->cinfo;
  jpeg_mem_src(cinfo, data, (unsigned long)size);
  jpeg_read_header(cinfo, TRUE);
  int cmyk = cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK;
  cinfo->out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
  /* Check the size before jpeg_start_decompress, which allocates per-image buffers. */
  if (tflc__image_alloc(s->out, "JPEG", cinfo->image_width, cinfo->image_height, err, errlen) != 0)
    return -1;
  /*
  ** A JPEG spends at least two bits (a DC code and an end-of-block) on every 8x8 block, so a
  ** file can describe at most size * 256 pixels. One that claims far more is truncated or a
  ** decompression bomb: refuse it before decoding millions of padded rows (fuzz_image found a
  ** 117-byte file claiming 61.5 M pixels). The caller frees the pixels.
  */
  if ((uint64_t)cinfo->image_width * cinfo->image_height > (uint64_t)size * 1024) {
    snprintf(err, errlen, "JPEG claims %ux%u pixels but holds only %zu bytes (truncated or a decompression bomb)",
             (unsigned)cinfo->image_width, (unsigned)cinfo->image_height, size);
    return -1;
  }
  jpeg_start_decompress(cinfo);
  if (cinfo->output_width != (JDIMENSION)s->out->width ||
      cinfo->output_height != (JDIMENSION)s->out->height ||
      cinfo->output_components != (cmyk ? 4 : 3))
    return tflc__image_fail(err, errlen, "JPEG: unexpected output geometry");
  if (cmyk) {
    s->cmyk_row = malloc((size_t)s->out->width * 4);
    if (s->cmyk_row == NULL) return tflc__image_fail(err, errlen, "JPEG: out of memory");
  }
  const size_t stride = (size_t)s->out->width * 3;
  while (cinfo->output_scanline < cinfo->output_height) {
    uint8_t *row = s->out->pixels + (size_t)cinfo->output_scanline * stride;
    JSAMPROW target = cmyk ? s->cmyk_row : row;
    if (jpeg_read_scanlines(cinfo, &target, 1) != 1)
      return tflc__image_fail(err, errlen, "JPEG: decoder stalled at row %u", cinfo->output_scanline);
    if (cmyk) cmyk_row_to_rgb(s->cmyk_row, row, s->out->width, cinfo->saw_Adobe_marker);
  }
  jpeg_finish_decompress(cinfo);
  return 0;
}

int tflc__image_decode_jpeg(const uint8_t *data, size_t size, tflc_image *out, char *err,
                            size_t errlen) {
  if ((unsigned long)size != size) return tflc__image_fail(err, errlen, "JPEG: file too large");
  jpeg_decode_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tflc__image_fail(err, errlen, "JPEG: out of memory");
  s->out = out;
  s->cinfo.err = jpeg_std_error(&s->err.mgr);
  s->err.mgr.error_exit = on_error_exit;
  s->err.mgr.emit_message = on_emit_message;
  s->err.mgr.output_message = on_output_message;
  int rc;
  if (setjmp(s->err.jump) != 0) {
    rc = tflc__image_fail(err, errlen, "JPEG: %s", s->err.msg);
  } else {
    jpeg_create_decompress(&s->cinfo);
    s->progress.progress_monitor = on_progress;
    s->cinfo.progress = &s->progress;
    rc = decode_body(s, data, size, err, errlen);
  }
  jpeg_destroy_decompress(&s->cinfo);
  free(s->cmyk_row);
  if (rc != 0) tflc_image_free(out);
  free(s);
  return rc;
}
