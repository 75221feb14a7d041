/*
** image_bmp.c — a BMP parser for uncompressed Windows bitmaps.
**
** Layout: a 14-byte file header ("BM", file size, reserved, pixel data offset), then an
** info header whose first u32 is its own size: 40 (BITMAPINFOHEADER), 52/56 (V2/V3), 108
** (V4) or 124 (V5); all start with the same 40 bytes. Colour masks (BI_BITFIELDS) follow
** a 40-byte header, or sit inside the longer ones at offset 40. A palette of 4-byte
** B,G,R,x entries follows the header and masks. Rows are padded to 4 bytes and stored
** bottom-up unless the height is negative.
**
** Supported: 1/4/8-bit palette, 16/32-bit (BI_RGB or BI_BITFIELDS), 24-bit. RLE and
** embedded JPEG/PNG are refused. Every offset and size is checked against the data.
*/
#include <stdlib.h>
#include <string.h>

#include "image/image_internal.h"

enum { BI_RGB = 0, BI_BITFIELDS = 3, BI_ALPHABITFIELDS = 6 };
enum { FILE_HEADER = 14, INFO_HEADER_MIN = 40 };

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* One colour mask: which bits, and how to scale them to 0..255. */
typedef struct bmp_channel {
  uint32_t mask;
  int shift;
  uint32_t max; /* mask >> shift, 0 for an empty mask */
} bmp_channel;

typedef struct bmp_info {
  int64_t width, height; /* height > 0 here; top_down records the sign */
  int top_down;
  int bpp;
  uint32_t compression;
  uint64_t data_offset;
  uint64_t stride;       /* bytes per row, padding included */
  bmp_channel ch[3];     /* R, G, B for 16/32-bit */
  uint8_t palette[256][3]; /* R, G, B */
  uint32_t palette_size;
} bmp_info;

static int set_channel(bmp_channel *c, uint32_t mask) {
  c->mask = mask;
  c->shift = 0;
  c->max = 0;
  if (mask == 0) return 0;
  while (!(mask & 1)) mask >>= 1, c->shift++;
  c->max = mask;
  return (mask & (mask + 1)) == 0 ? 0 : -1; /* the bits must be contiguous */
}

static uint8_t channel_value(const bmp_channel *c, uint32_t px) {
  if (c->max == 0) return 0;
  uint64_t v = (px & c->mask) >> c->shift;
  return (uint8_t)((v * 255 + c->max / 2) / c->max);
}

/* Reads the masks of a 16/32-bit image: explicit for BI_BITFIELDS, else the defaults. */
static int read_masks(const uint8_t *data, size_t size, uint32_t header_size, bmp_info *bi,
                      char *err, size_t errlen) {
  uint32_t m[3];
  if (bi->compression == BI_RGB) {
    m[0] = bi->bpp == 16 ? 0x7c00 : 0xff0000;
    m[1] = bi->bpp == 16 ? 0x03e0 : 0x00ff00;
    m[2] = bi->bpp == 16 ? 0x001f : 0x0000ff;
  } else {
    /* Inside the header from V2 on; right after a 40-byte header otherwise. */
    uint64_t pos = FILE_HEADER + INFO_HEADER_MIN;
    if (pos + 12 > size || (header_size == INFO_HEADER_MIN && pos + 12 > bi->data_offset))
      return tflc__image_fail(err, errlen, "BMP: colour masks past the end of the data");
    for (int i = 0; i < 3; i++) m[i] = rd32(data + pos + 4 * i);
  }
  for (int i = 0; i < 3; i++)
    if (set_channel(&bi->ch[i], m[i]) != 0)
      return tflc__image_fail(err, errlen, "BMP: colour mask 0x%08x is not contiguous", m[i]);
  return 0;
}

static int read_palette(const uint8_t *data, size_t size, uint32_t header_size, uint32_t colors_used,
                        bmp_info *bi, char *err, size_t errlen) {
  uint32_t max_colors = 1u << bi->bpp;
  uint32_t n = colors_used == 0 ? max_colors : colors_used;
  if (n > max_colors)
    return tflc__image_fail(err, errlen, "BMP: %u palette colours for %d bits per pixel", n, bi->bpp);
  uint64_t pos = (uint64_t)FILE_HEADER + header_size;
  if (pos + 4ull * n > size || pos + 4ull * n > bi->data_offset)
    return tflc__image_fail(err, errlen, "BMP: palette of %u colours past the pixel data", n);
  for (uint32_t i = 0; i < n; i++) {
    const uint8_t *e = data + pos + 4 * i;
    bi->palette[i][0] = e[2], bi->palette[i][1] = e[1], bi->palette[i][2] = e[0];
  }
  /* Indices past a short palette read as black, like most decoders. */
  memset(bi->palette + n, 0, sizeof bi->palette - n * sizeof bi->palette[0]);
  bi->palette_size = n;
  return 0;
}

static int parse_headers(const uint8_t *data, size_t size, bmp_info *bi, char *err, size_t errlen) {
  if (size < FILE_HEADER + 4) return tflc__image_fail(err, errlen, "BMP: file is truncated (%zu bytes)", size);
  bi->data_offset = rd32(data + 10);
  uint32_t header_size = rd32(data + FILE_HEADER);
  if (header_size < INFO_HEADER_MIN || header_size > 4096)
    return tflc__image_fail(err, errlen, "BMP: unsupported info header size %u (need 40 or more)", header_size);
  if ((uint64_t)FILE_HEADER + header_size > size)
    return tflc__image_fail(err, errlen, "BMP: info header (%u bytes) past the end of the file", header_size);
  const uint8_t *h = data + FILE_HEADER;
  int32_t w = (int32_t)rd32(h + 4), ht = (int32_t)rd32(h + 8);
  bi->bpp = rd16(h + 14);
  bi->compression = rd32(h + 16);
  uint32_t colors_used = rd32(h + 32);
  if (w <= 0 || ht == 0 || ht == INT32_MIN)
    return tflc__image_fail(err, errlen, "BMP: invalid size %dx%d", w, ht);
  bi->width = w;
  bi->top_down = ht < 0;
  bi->height = ht < 0 ? -(int64_t)ht : ht;
  if (rd16(h + 12) != 1) return tflc__image_fail(err, errlen, "BMP: %u planes (need 1)", rd16(h + 12));
  int bpp = bi->bpp;
  if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32)
    return tflc__image_fail(err, errlen, "BMP: unsupported bits per pixel %d", bpp);
  int masked = bi->compression == BI_BITFIELDS || bi->compression == BI_ALPHABITFIELDS;
  if (!(bi->compression == BI_RGB || (masked && (bpp == 16 || bpp == 32))))
    return tflc__image_fail(err, errlen, "BMP: unsupported compression %u with %d bits per pixel (RLE is not supported)",
                            bi->compression, bpp);
  if (bi->data_offset < (uint64_t)FILE_HEADER + header_size || bi->data_offset > size)
    return tflc__image_fail(err, errlen, "BMP: pixel data offset %llu outside the file",
                            (unsigned long long)bi->data_offset);
  if (bpp <= 8) return read_palette(data, size, header_size, colors_used, bi, err, errlen);
  if (bpp == 16 || bpp == 32) return read_masks(data, size, header_size, bi, err, errlen);
  return 0;
}

/* Checks that all rows fit: the last row need not carry its padding. */
static int check_pixel_bounds(size_t size, bmp_info *bi, char *err, size_t errlen) {
  uint64_t row_bits = (uint64_t)bi->width * (uint64_t)bi->bpp; /* < 2^15 * 32 after the limits */
  bi->stride = (row_bits + 31) / 32 * 4;
  uint64_t need = bi->stride * (uint64_t)(bi->height - 1) + (row_bits + 7) / 8;
  if (need > size - bi->data_offset)
    return tflc__image_fail(err, errlen, "BMP: pixel data is truncated (%llu bytes needed, %llu present)",
                            (unsigned long long)need, (unsigned long long)(size - bi->data_offset));
  return 0;
}

static void decode_row(const uint8_t *src, const bmp_info *bi, uint8_t *dst) {
  for (int64_t x = 0; x < bi->width; x++, dst += 3) {
    if (bi->bpp == 24) {
      const uint8_t *p = src + 3 * x;
      dst[0] = p[2], dst[1] = p[1], dst[2] = p[0];
    } else if (bi->bpp == 16 || bi->bpp == 32) {
      uint32_t px = bi->bpp == 16 ? rd16(src + 2 * x) : rd32(src + 4 * x);
      for (int c = 0; c < 3; c++) dst[c] = channel_value(&bi->ch[c], px);
    } else {
      /* 1/4/8-bit indices, most significant bits first. */
      uint64_t bit = (uint64_t)x * bi->bpp;
      unsigned idx = (src[bit / 8] >> (8 - bi->bpp - (int)(bit % 8))) & ((1u << bi->bpp) - 1);
      memcpy(dst, bi->palette[idx], 3);
    }
  }
}

int tflc__image_decode_bmp(const uint8_t *data, size_t size, tflc_image *out, char *err,
                           size_t errlen) {
  bmp_info *bi = calloc(1, sizeof *bi);
  if (bi == NULL) return tflc__image_fail(err, errlen, "BMP: out of memory");
  int rc = parse_headers(data, size, bi, err, errlen);
  if (rc == 0) rc = tflc__image_alloc(out, "BMP", (uint64_t)bi->width, (uint64_t)bi->height, err, errlen);
  if (rc == 0) rc = check_pixel_bounds(size, bi, err, errlen);
  if (rc == 0) {
    for (int64_t y = 0; y < bi->height; y++) {
      int64_t src_row = bi->top_down ? y : bi->height - 1 - y;
      decode_row(data + bi->data_offset + (uint64_t)src_row * bi->stride, bi,
                 out->pixels + (size_t)y * (size_t)out->width * 3);
    }
  } else {
    tflc_image_free(out);
  }
  free(bi);
  return rc;
}
