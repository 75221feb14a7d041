/*
** draw.c — rectangles, bitmap text, masks and legends on RGB images (see draw.h).
*/
#include "image/draw.h"

#include <stdio.h>
#include <string.h>

/* One glyph: 7 rows of 5 pixels, bit 4 the leftmost. */
typedef struct glyph {
  char ch;
  uint8_t rows[7];
} glyph;

/* A plain 5x7 font, drawn for tflc. Lower case letters use the upper case glyphs. */
static const glyph font[] = {
    {' ', {0, 0, 0, 0, 0, 0, 0}},
    {'0', {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}},
    {'1', {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'2', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}},
    {'3', {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}},
    {'4', {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}},
    {'5', {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}},
    {'6', {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}},
    {'7', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}},
    {'8', {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}},
    {'9', {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}},
    {'A', {0x0E, 0x11, 0x11, 0x11, 0x1F, 0x11, 0x11}},
    {'B', {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E}},
    {'C', {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}},
    {'D', {0x1C, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1C}},
    {'E', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}},
    {'F', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10}},
    {'G', {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F}},
    {'H', {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}},
    {'I', {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'J', {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C}},
    {'K', {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}},
    {'L', {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F}},
    {'M', {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}},
    {'N', {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11}},
    {'O', {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
    {'P', {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10}},
    {'Q', {0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D}},
    {'R', {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11}},
    {'S', {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}},
    {'T', {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}},
    {'U', {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
    {'V', {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04}},
    {'W', {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}},
    {'X', {0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11}},
    {'Y', {0x11, 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04}},
    {'Z', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F}},
    {'.', {0, 0, 0, 0, 0, 0x0C, 0x0C}},
    {',', {0, 0, 0, 0, 0x0C, 0x04, 0x08}},
    {':', {0, 0x0C, 0x0C, 0, 0x0C, 0x0C, 0}},
    {';', {0, 0x0C, 0x0C, 0, 0x0C, 0x04, 0x08}},
    {'-', {0, 0, 0, 0x1F, 0, 0, 0}},
    {'_', {0, 0, 0, 0, 0, 0, 0x1F}},
    {'%', {0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03}},
    {'(', {0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02}},
    {')', {0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08}},
    {'/', {0, 0x01, 0x02, 0x04, 0x08, 0x10, 0}},
    {'\'', {0x0C, 0x04, 0x08, 0, 0, 0, 0}},
    {'"', {0x0A, 0x0A, 0, 0, 0, 0, 0}},
    {'?', {0x0E, 0x11, 0x01, 0x02, 0x04, 0, 0x04}},
    {'!', {0x04, 0x04, 0x04, 0x04, 0x04, 0, 0x04}},
    {'+', {0, 0x04, 0x04, 0x1F, 0x04, 0x04, 0}},
    {'=', {0, 0, 0x1F, 0, 0x1F, 0, 0}},
    {'&', {0x0C, 0x12, 0x14, 0x08, 0x15, 0x12, 0x0D}},
    {'#', {0x0A, 0x0A, 0x1F, 0x0A, 0x1F, 0x0A, 0x0A}},
};

/* Shown for characters the font lacks. */
static const uint8_t missing_glyph[7] = {0x1F, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1F};

static const uint8_t *glyph_rows(char ch) {
  if (ch >= 'a' && ch <= 'z') ch = (char)(ch - 'a' + 'A');
  for (size_t i = 0; i < sizeof font / sizeof font[0]; i++)
    if (font[i].ch == ch) return font[i].rows;
  return missing_glyph;
}

tflc_color tflc_palette_voc(int index) {
  tflc_color c = {0, 0, 0};
  if (index < 0) return c;
  /* Bit k of the index's three-bit groups goes to bit 7 - k of r, g, b (the VOC colormap). */
  for (int shift = 7; shift >= 0 && index > 0; shift--, index >>= 3) {
    c.r = (uint8_t)(c.r | ((index & 1) << shift));
    c.g = (uint8_t)(c.g | (((index >> 1) & 1) << shift));
    c.b = (uint8_t)(c.b | (((index >> 2) & 1) << shift));
  }
  return c;
}

tflc_color tflc_palette_bright(int index) {
  static const tflc_color table[12] = {
      {255, 56, 56},  {56, 255, 56},  {56, 120, 255}, {255, 200, 0},   {255, 0, 255}, {0, 220, 255},
      {255, 128, 0},  {160, 80, 255}, {0, 255, 160},  {255, 120, 180}, {180, 255, 0}, {0, 140, 140},
  };
  if (index < 0) index = -index;
  return table[index % 12];
}

void tflc_draw_pixel(tflc_image *img, int x, int y, tflc_color c) {
  if (img == NULL || img->pixels == NULL || x < 0 || y < 0 || x >= img->width || y >= img->height) return;
  uint8_t *p = img->pixels + ((size_t)y * (size_t)img->width + (size_t)x) * 3;
  p[0] = c.r, p[1] = c.g, p[2] = c.b;
}

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Coordinates and scales are clamped first, so the arithmetic below cannot overflow. */
#define COORD_LIMIT (1 << 24)
#define SCALE_LIMIT 64
static int clamp_coord(int v) { return clamp(v, -COORD_LIMIT, COORD_LIMIT); }
static int clamp_scale(int s) { return clamp(s, 1, SCALE_LIMIT); }

void tflc_draw_fill_rect(tflc_image *img, int x0, int y0, int x1, int y1, tflc_color c) {
  if (img == NULL || img->pixels == NULL || img->width <= 0 || img->height <= 0) return;
  if (x0 > x1 || y0 > y1 || x1 < 0 || y1 < 0 || x0 >= img->width || y0 >= img->height) return;
  x0 = clamp(x0, 0, img->width - 1), x1 = clamp(x1, 0, img->width - 1);
  y0 = clamp(y0, 0, img->height - 1), y1 = clamp(y1, 0, img->height - 1);
  for (int y = y0; y <= y1; y++) {
    uint8_t *p = img->pixels + ((size_t)y * (size_t)img->width + (size_t)x0) * 3;
    for (int x = x0; x <= x1; x++, p += 3) p[0] = c.r, p[1] = c.g, p[2] = c.b;
  }
}

void tflc_draw_rect(tflc_image *img, int x0, int y0, int x1, int y1, int thickness, tflc_color c) {
  x0 = clamp_coord(x0), y0 = clamp_coord(y0), x1 = clamp_coord(x1), y1 = clamp_coord(y1);
  thickness = clamp(thickness, 1, COORD_LIMIT);
  if (img == NULL || img->width <= 0 || img->height <= 0) return;
  /* Rings that enclose the whole image draw nothing: start at the first one that can touch it. */
  int first = -x0;
  if (x1 - (img->width - 1) < first) first = x1 - (img->width - 1);
  if (-y0 < first) first = -y0;
  if (y1 - (img->height - 1) < first) first = y1 - (img->height - 1);
  for (int t = first > 0 ? first : 0; t < thickness && x0 + t <= x1 - t && y0 + t <= y1 - t; t++) {
    tflc_draw_fill_rect(img, x0 + t, y0 + t, x1 - t, y0 + t, c); /* top */
    tflc_draw_fill_rect(img, x0 + t, y1 - t, x1 - t, y1 - t, c); /* bottom */
    tflc_draw_fill_rect(img, x0 + t, y0 + t, x0 + t, y1 - t, c); /* left */
    tflc_draw_fill_rect(img, x1 - t, y0 + t, x1 - t, y1 - t, c); /* right */
  }
}

int tflc_draw_text_width(const char *text, int scale) {
  scale = clamp_scale(scale);
  size_t n = text ? strlen(text) : 0;
  if (n > 4096) n = 4096;
  return n == 0 ? 0 : (int)n * TFLC_FONT_CELL_W * scale - scale; /* no spacing after the last glyph */
}

int tflc_draw_text_height(int scale) { return 7 * clamp_scale(scale); }

void tflc_draw_text(tflc_image *img, int x, int y, const char *text, int scale, tflc_color c) {
  if (text == NULL) return;
  scale = clamp_scale(scale);
  x = clamp_coord(x), y = clamp_coord(y);
  for (size_t i = 0; text[i] != 0 && i < 4096; i++) {
    const uint8_t *rows = glyph_rows(text[i]);
    int gx = x + (int)i * TFLC_FONT_CELL_W * scale;
    if (gx >= (img ? img->width : 0)) break;
    for (int r = 0; r < 7; r++)
      for (int col = 0; col < 5; col++)
        if (rows[r] & (0x10 >> col))
          tflc_draw_fill_rect(img, gx + col * scale, y + r * scale, gx + (col + 1) * scale - 1, y + (r + 1) * scale - 1, c);
  }
}

void tflc_draw_label(tflc_image *img, int x, int y, const char *text, int scale, tflc_color fg, tflc_color bg) {
  if (img == NULL || text == NULL) return;
  scale = clamp_scale(scale);
  x = clamp_coord(x), y = clamp_coord(y);
  int margin = 2 * scale;
  int w = tflc_draw_text_width(text, scale) + 2 * margin, h = tflc_draw_text_height(scale) + 2 * margin;
  if (x + w > img->width) x = img->width - w;
  if (y + h > img->height) y = img->height - h;
  if (x < 0) x = 0;
  if (y < 0) y = 0;
  tflc_draw_fill_rect(img, x, y, x + w - 1, y + h - 1, bg);
  tflc_draw_text(img, x + margin, y + margin, text, scale, fg);
}

void tflc_draw_mask(tflc_image *img, const uint8_t *classes, float alpha, int skip_class) {
  if (img == NULL || img->pixels == NULL || classes == NULL) return;
  if (!(alpha >= 0.0f)) alpha = 0.0f;
  if (alpha > 1.0f) alpha = 1.0f;
  int a = (int)(alpha * 256.0f + 0.5f);
  size_t n = (size_t)img->width * (size_t)img->height;
  for (size_t i = 0; i < n; i++) {
    if ((int)classes[i] == skip_class) continue;
    tflc_color c = tflc_palette_voc(classes[i]);
    uint8_t *p = img->pixels + 3 * i;
    p[0] = (uint8_t)((p[0] * (256 - a) + c.r * a + 128) >> 8);
    p[1] = (uint8_t)((p[1] * (256 - a) + c.g * a + 128) >> 8);
    p[2] = (uint8_t)((p[2] * (256 - a) + c.b * a + 128) >> 8);
  }
}

void tflc_draw_legend(tflc_image *img, const int *classes, const char *const *names, int count, int scale) {
  if (img == NULL || classes == NULL || count <= 0) return;
  scale = clamp_scale(scale);
  if (count > 256) count = 256;
  int pad = 3 * scale, row_h = tflc_draw_text_height(scale) + 2 * scale, swatch = tflc_draw_text_height(scale);
  int text_w = 0;
  char number[16];
  for (int i = 0; i < count; i++) {
    const char *name = names && names[i] ? names[i] : (snprintf(number, sizeof number, "%d", classes[i]), number);
    int w = tflc_draw_text_width(name, scale);
    if (w > text_w) text_w = w;
  }
  int panel_w = pad + swatch + pad + text_w + pad, panel_h = pad + count * row_h - 2 * scale + pad;
  const tflc_color white = {255, 255, 255}, black = {0, 0, 0};
  tflc_draw_fill_rect(img, 0, 0, panel_w - 1, panel_h - 1, white);
  tflc_draw_rect(img, 0, 0, panel_w - 1, panel_h - 1, 1, black);
  for (int i = 0; i < count; i++) {
    int y = pad + i * row_h;
    const char *name = names && names[i] ? names[i] : (snprintf(number, sizeof number, "%d", classes[i]), number);
    tflc_draw_fill_rect(img, pad, y, pad + swatch - 1, y + swatch - 1, tflc_palette_voc(classes[i]));
    tflc_draw_rect(img, pad, y, pad + swatch - 1, y + swatch - 1, 1, black);
    tflc_draw_text(img, pad + swatch + pad, y, name, scale, black);
  }
}
