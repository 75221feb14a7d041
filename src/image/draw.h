/*
** draw.h — drawing on RGB images: rectangles, text in a built-in 5x7 bitmap font,
** labelled boxes, translucent class masks and a legend.
**
** Everything draws into a tflc_image (3 channels, rows top to bottom) in place and clips
** to its bounds, so coordinates may lie partly or wholly outside the image. Coordinates
** are pixels, rectangles inclusive of both corners; coordinates beyond +-2^24 are clamped
** and text scales to [1, 64]. Nothing allocates; nothing fails.
**
** The font covers digits, letters (lower case is drawn as upper case) and common
** punctuation; other characters are drawn as a hollow box. Glyphs are 5x7 pixels in a
** 6x8 cell, multiplied by `scale`.
*/
#ifndef TFLC_IMAGE_DRAW_H_
#define TFLC_IMAGE_DRAW_H_

#include <stdint.h>

#include "image/image.h"

typedef struct tflc_color {
  uint8_t r, g, b;
} tflc_color;

/* Size of one character cell at scale 1 (glyph plus one pixel of spacing). */
#define TFLC_FONT_CELL_W 6
#define TFLC_FONT_CELL_H 8

/*
** Colour of class `index` in the PASCAL VOC palette (0 black, 1 (128,0,0), 2 (0,128,0),
** ...): the colours of VOC segmentation masks. Negative indices give black.
*/
tflc_color tflc_palette_voc(int index);
/* A bright colour for box `index` from a fixed table of 12 well-separated colours. */
tflc_color tflc_palette_bright(int index);

/* Sets one pixel (ignored outside the image). */
void tflc_draw_pixel(tflc_image *img, int x, int y, tflc_color c);
/* Fills the rectangle [x0, x1] x [y0, y1]. */
void tflc_draw_fill_rect(tflc_image *img, int x0, int y0, int x1, int y1, tflc_color c);
/* The outline of [x0, x1] x [y0, y1], `thickness` pixels wide, drawn inwards. */
void tflc_draw_rect(tflc_image *img, int x0, int y0, int x1, int y1, int thickness, tflc_color c);

/* Width and height in pixels of `text` drawn at `scale` (>= 1). */
int tflc_draw_text_width(const char *text, int scale);
int tflc_draw_text_height(int scale);
/* Draws `text` with its top-left corner at (x, y); only the glyphs' pixels are set. */
void tflc_draw_text(tflc_image *img, int x, int y, const char *text, int scale, tflc_color c);
/*
** A label: `text` in `fg` on a filled `bg` rectangle with a 2*scale-pixel margin, its
** top-left corner at (x, y), moved inside the image when it would stick out.
*/
void tflc_draw_label(tflc_image *img, int x, int y, const char *text, int scale, tflc_color fg, tflc_color bg);

/*
** Blends a class colour into every pixel: pixel = (1 - alpha) * pixel + alpha * colour of
** its class (VOC palette). `classes` holds img->width * img->height class indices; pixels
** of class `skip_class` (e.g. 0, the background; -1 for none) are left as they are.
*/
void tflc_draw_mask(tflc_image *img, const uint8_t *classes, float alpha, int skip_class);

/*
** A legend in the top-left corner: one row per entry, a swatch of the class's VOC colour
** and its name, on a white panel. `names[i]` may be NULL (then the class number is shown).
*/
void tflc_draw_legend(tflc_image *img, const int *classes, const char *const *names, int count, int scale);

/*
** Writes width x height 8-bit values (a class mask, rows top to bottom) as a grayscale PNG.
** Returns 0, or -1 with a message in err (the image.h convention).
*/
int tflc_image_write_png_gray(const char *path, int width, int height, const uint8_t *gray, char *err, size_t errlen);

#endif /* TFLC_IMAGE_DRAW_H_ */
