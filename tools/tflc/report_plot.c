/*
** report_plot.c — the accuracy/latency picture of tflc report, as SVG and PNG (see report_plot.h).
**
** Both formats share one geometry: latency on a log10 x axis, top-1 on a linear y axis, so the
** SVG and the PNG show the same thing. The PNG is rasterised here: lines (Bresenham), discs,
** rings and 5x7 text; no font library is needed.
*/
#include "report_plot.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"

#define WIDTH 1100
#define HEIGHT 720
#define LEFT 80
#define RIGHT 40
#define TOP 50
#define BOTTOM 70

typedef struct rgb {
  uint8_t r, g, b;
} rgb;

static const rgb colour_published = {31, 119, 180}, colour_measured = {214, 39, 40};
static const rgb colour_axis = {40, 40, 40}, colour_grid = {225, 225, 225}, colour_text = {20, 20, 20};

/* The axes' ranges: decades of latency, 5-point steps of top-1. */
typedef struct geometry {
  double log_min, log_max; /* log10 ms */
  double y_min, y_max;     /* percent */
} geometry;

static geometry make_geometry(const report_point *p, int n) {
  geometry g = {0, 3, 0, 100};
  double lo = INFINITY, hi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  for (int i = 0; i < n; i++) {
    lo = fmin(lo, log10(p[i].latency_ms)), hi = fmax(hi, log10(p[i].latency_ms));
    ylo = fmin(ylo, p[i].top1), yhi = fmax(yhi, p[i].top1);
  }
  if (n > 0) {
    g.log_min = floor(lo), g.log_max = ceil(hi);
    if (g.log_max <= g.log_min) g.log_max = g.log_min + 1;
    g.y_min = fmax(0, floor(ylo / 5) * 5 - 5), g.y_max = fmin(100, ceil(yhi / 5) * 5 + 5);
    if (g.y_max <= g.y_min) g.y_max = g.y_min + 5;
  }
  return g;
}

static double to_x(const geometry *g, double ms) {
  return LEFT + (log10(ms) - g->log_min) / (g->log_max - g->log_min) * (WIDTH - LEFT - RIGHT);
}
static double to_y(const geometry *g, double top1) {
  return HEIGHT - BOTTOM - (top1 - g->y_min) / (g->y_max - g->y_min) * (HEIGHT - TOP - BOTTOM);
}

int tflc_report_pareto(const report_point *p, int n, int measured, int *front) {
  int count = 0;
  for (int i = 0; i < n; i++) {
    if (p[i].measured != measured) continue;
    int dominated = 0;
    for (int j = 0; j < n && !dominated; j++)
      dominated = j != i && p[j].measured == measured &&
                  ((p[j].latency_ms <= p[i].latency_ms && p[j].top1 > p[i].top1) ||
                   (p[j].latency_ms < p[i].latency_ms && p[j].top1 >= p[i].top1));
    if (!dominated) front[count++] = i;
  }
  for (int i = 1; i < count; i++) /* fastest first (insertion sort: fronts are short) */
    for (int j = i; j > 0 && p[front[j]].latency_ms < p[front[j - 1]].latency_ms; j--) {
      int t = front[j];
      front[j] = front[j - 1], front[j - 1] = t;
    }
  return count;
}

/* Label boxes (top-left x, y) placed so they do not overlap each other where that is possible. */
#define LABEL_H 9
static void place_labels(const geometry *g, const report_point *p, int n, int (*pos)[2]) {
  for (int i = 0; i < n; i++) {
    int x = (int)lround(to_x(g, p[i].latency_ms)), y = (int)lround(to_y(g, p[i].top1));
    int w = (int)strlen(p[i].label) * 6;
    const int candidates[6][2] = {{x + 8, y - 12}, {x + 8, y + 4}, {x - 8 - w, y - 12}, {x - 8 - w, y + 4}, {x + 8, y - 24}, {x + 8, y + 16}};
    pos[i][0] = candidates[0][0], pos[i][1] = candidates[0][1];
    for (int c = 0; c < 6; c++) {
      int cx = candidates[c][0], cy = candidates[c][1], clash = cx < LEFT || cx + w > WIDTH - RIGHT || cy < TOP;
      for (int j = 0; j < i && !clash; j++) {
        int wj = (int)strlen(p[j].label) * 6;
        clash = cx < pos[j][0] + wj && pos[j][0] < cx + w && cy < pos[j][1] + LABEL_H + 1 && pos[j][1] < cy + LABEL_H + 1;
      }
      if (!clash) {
        pos[i][0] = cx, pos[i][1] = cy;
        break;
      }
    }
  }
}

/* ---- SVG ---- */

/* Writes s with XML's special characters escaped. */
static void svg_text(FILE *f, const char *s) {
  for (; *s; s++) {
    if (*s == '<') fputs("&lt;", f);
    else if (*s == '>') fputs("&gt;", f);
    else if (*s == '&') fputs("&amp;", f);
    else fputc(*s, f);
  }
}

static void svg_axes(FILE *f, const geometry *g) {
  for (double d = g->log_min; d <= g->log_max + 1e-9; d += 1) {
    for (int m = 1; m < 10 && d + log10(m) <= g->log_max + 1e-9; m++) {
      double x = to_x(g, pow(10, d) * m);
      fprintf(f, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#%s' />\n", x, TOP, x, HEIGHT - BOTTOM, m == 1 ? "cccccc" : "eeeeee");
      if (m == 1) fprintf(f, "<text x='%.1f' y='%d' text-anchor='middle'>%g</text>\n", x, HEIGHT - BOTTOM + 18, pow(10, d));
    }
  }
  for (double v = g->y_min; v <= g->y_max + 1e-9; v += 5) {
    double y = to_y(g, v);
    fprintf(f, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#e1e1e1' />\n", LEFT, y, WIDTH - RIGHT, y);
    fprintf(f, "<text x='%d' y='%.1f' text-anchor='end'>%g</text>\n", LEFT - 6, y + 4, v);
  }
  fprintf(f, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#282828' />\n", LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
  fprintf(f, "<text x='%d' y='%d' text-anchor='middle'>latency, ms (log scale; published: its device, measured: this machine, 1 thread)</text>\n", (WIDTH + LEFT - RIGHT) / 2, HEIGHT - 25);
  fprintf(f, "<text transform='translate(22 %d) rotate(-90)' text-anchor='middle'>top-1 accuracy, %%</text>\n", (HEIGHT + TOP - BOTTOM) / 2);
}

int tflc_report_write_svg(const char *path, const char *title, const report_point *p, int n, char *err, size_t errlen) {
  FILE *f = fopen(path, "w");
  if (f == NULL) return snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno)), -1;
  geometry g = make_geometry(p, n);
  fprintf(f, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>\n", WIDTH, HEIGHT);
  fprintf(f, "<rect width='100%%' height='100%%' fill='white' />\n<text x='%d' y='28' font-size='16'>", LEFT);
  svg_text(f, title);
  fprintf(f, "</text>\n");
  svg_axes(f, &g);
  int *front = malloc(((size_t)n + 1) * sizeof *front);
  for (int m = 0; m < 2 && front; m++) {
    const char *colour = m ? "#d62728" : "#1f77b4";
    int count = tflc_report_pareto(p, n, m, front);
    fprintf(f, "<polyline fill='none' stroke='%s' stroke-width='2' stroke-dasharray='6 3' points='", colour);
    for (int i = 0; i < count; i++) fprintf(f, "%.1f,%.1f ", to_x(&g, p[front[i]].latency_ms), to_y(&g, p[front[i]].top1));
    fprintf(f, "' />\n");
  }
  int (*pos)[2] = calloc((size_t)n + 1, sizeof *pos);
  if (pos) place_labels(&g, p, n, pos);
  for (int i = 0; i < n && pos; i++) {
    double x = to_x(&g, p[i].latency_ms), y = to_y(&g, p[i].top1);
    const char *colour = p[i].measured ? "#d62728" : "#1f77b4";
    if (p[i].measured) fprintf(f, "<circle cx='%.1f' cy='%.1f' r='5' fill='%s' />\n", x, y, colour);
    else fprintf(f, "<circle cx='%.1f' cy='%.1f' r='5' fill='white' stroke='%s' stroke-width='2' />\n", x, y, colour);
    fprintf(f, "<text x='%d' y='%d' fill='%s' font-size='10' font-family='monospace'>", pos[i][0], pos[i][1] + LABEL_H, colour);
    svg_text(f, p[i].label);
    fprintf(f, "</text>\n");
  }
  free(pos);
  free(front);
  fprintf(f, "<circle cx='%d' cy='%d' r='5' fill='white' stroke='#1f77b4' stroke-width='2' /><text x='%d' y='%d'>published</text>\n", WIDTH - 300, TOP + 20, WIDTH - 290, TOP + 24);
  fprintf(f, "<circle cx='%d' cy='%d' r='5' fill='#d62728' /><text x='%d' y='%d'>measured (tflc)</text>\n", WIDTH - 300, TOP + 40, WIDTH - 290, TOP + 44);
  fprintf(f, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#555' stroke-width='2' stroke-dasharray='6 3' /><text x='%d' y='%d'>Pareto front</text>\n", WIDTH - 310, TOP + 60, WIDTH - 295, TOP + 60, WIDTH - 290, TOP + 64);
  fprintf(f, "</svg>\n");
  if (fclose(f) != 0) return snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno)), -1;
  return 0;
}

/* ---- PNG ---- */

typedef struct canvas {
  uint8_t *px; /* WIDTH x HEIGHT RGB */
} canvas;

static void put(canvas *c, int x, int y, rgb colour) {
  if (x < 0 || y < 0 || x >= WIDTH || y >= HEIGHT) return;
  uint8_t *p = c->px + ((size_t)y * WIDTH + (size_t)x) * 3;
  p[0] = colour.r, p[1] = colour.g, p[2] = colour.b;
}

/* Bresenham line, `width` pixels thick, drawn only where (step / dash) is even when dash > 0. */
static void line(canvas *c, double fx0, double fy0, double fx1, double fy1, rgb colour, int width, int dash) {
  int x0 = (int)lround(fx0), y0 = (int)lround(fy0), x1 = (int)lround(fx1), y1 = (int)lround(fy1);
  int dx = abs(x1 - x0), dy = -abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, e = dx + dy;
  for (int step = 0;; step++) {
    if (dash == 0 || (step / dash) % 2 == 0)
      for (int a = 0; a < width; a++)
        for (int b = 0; b < width; b++) put(c, x0 + a - width / 2, y0 + b - width / 2, colour);
    if (x0 == x1 && y0 == y1) break;
    int e2 = 2 * e;
    if (e2 >= dy) e += dy, x0 += sx;
    if (e2 <= dx) e += dx, y0 += sy;
  }
}

/* A disc (filled) or a ring of radius r around (cx, cy). */
static void circle(canvas *c, double fcx, double fcy, int r, rgb colour, int filled) {
  int cx = (int)lround(fcx), cy = (int)lround(fcy);
  for (int y = -r - 1; y <= r + 1; y++)
    for (int x = -r - 1; x <= r + 1; x++) {
      double d = sqrt((double)(x * x + y * y));
      if (filled ? d <= r + 0.3 : fabs(d - r) < 1.0) put(c, cx + x, cy + y, colour);
      else if (!filled && d < r - 1.0) put(c, cx + x, cy + y, (rgb){255, 255, 255});
    }
}

/* Text with its top-left corner at (x, y), each font pixel scale x scale; returns the width drawn. */
static int text(canvas *c, int x, int y, const char *s, rgb colour, int scale) {
  int start = x;
  for (; *s; s++, x += 6 * scale) {
    const char *g = tflc_report_glyph(*s);
    for (int row = 0; g && row < 7; row++)
      for (int col = 0; col < 5; col++)
        if (g[row * 5 + col] == '#')
          for (int a = 0; a < scale; a++)
            for (int b = 0; b < scale; b++) put(c, x + col * scale + a, y + row * scale + b, colour);
  }
  return x - start;
}

static int text_width(const char *s, int scale) { return (int)strlen(s) * 6 * scale; }

/* Text drawn bottom to top (rotated 90 degrees counter-clockwise), starting at (x, y). */
static void text_up(canvas *c, int x, int y, const char *s, rgb colour, int scale) {
  for (; *s; s++, y -= 6 * scale) {
    const char *g = tflc_report_glyph(*s);
    for (int row = 0; g && row < 7; row++)
      for (int col = 0; col < 5; col++)
        if (g[row * 5 + col] == '#')
          for (int a = 0; a < scale; a++)
            for (int b = 0; b < scale; b++) put(c, x + row * scale + a, y - col * scale - b, colour);
  }
}

static void png_axes(canvas *c, const geometry *g) {
  char buf[64];
  for (double d = g->log_min; d <= g->log_max + 1e-9; d += 1)
    for (int m = 1; m < 10 && d + log10(m) <= g->log_max + 1e-9; m++) {
      double x = to_x(g, pow(10, d) * m);
      line(c, x, TOP, x, HEIGHT - BOTTOM, m == 1 ? (rgb){200, 200, 200} : (rgb){238, 238, 238}, 1, 0);
      if (m != 1) continue;
      snprintf(buf, sizeof buf, "%g", pow(10, d));
      text(c, (int)x - text_width(buf, 2) / 2, HEIGHT - BOTTOM + 8, buf, colour_text, 2);
    }
  for (double v = g->y_min; v <= g->y_max + 1e-9; v += 5) {
    double y = to_y(g, v);
    line(c, LEFT, y, WIDTH - RIGHT, y, colour_grid, 1, 0);
    snprintf(buf, sizeof buf, "%g", v);
    text(c, LEFT - 8 - text_width(buf, 2), (int)y - 7, buf, colour_text, 2);
  }
  line(c, LEFT, TOP, WIDTH - RIGHT, TOP, colour_axis, 1, 0);
  line(c, LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, colour_axis, 2, 0);
  line(c, LEFT, TOP, LEFT, HEIGHT - BOTTOM, colour_axis, 2, 0);
  line(c, WIDTH - RIGHT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM, colour_axis, 1, 0);
  const char *xt = "latency, ms (log scale; published: its device, measured: this machine, 1 thread)";
  text(c, (WIDTH + LEFT - RIGHT) / 2 - text_width(xt, 1), HEIGHT - 30, xt, colour_text, 2);
  const char *yt = "top-1 accuracy, %";
  text_up(c, 12, (HEIGHT + TOP - BOTTOM) / 2 + text_width(yt, 1), yt, colour_text, 2);
}

static void png_legend(canvas *c) {
  int x = WIDTH - RIGHT - 230, y = HEIGHT - BOTTOM - 80;
  circle(c, x, y, 5, colour_published, 0);
  text(c, x + 12, y - 6, "published", colour_text, 2);
  circle(c, x, y + 22, 5, colour_measured, 1);
  text(c, x + 12, y + 16, "measured (tflc)", colour_text, 2);
  line(c, x - 8, y + 44, x + 6, y + 44, (rgb){90, 90, 90}, 2, 4);
  text(c, x + 12, y + 38, "pareto front", colour_text, 2);
}

int tflc_report_write_png(const char *path, const char *title, const report_point *p, int n, char *err, size_t errlen) {
  canvas c = {malloc((size_t)WIDTH * HEIGHT * 3)};
  int *front = malloc(((size_t)n + 1) * sizeof *front);
  if (c.px == NULL || front == NULL) return free(c.px), free(front), snprintf(err, errlen, "out of memory"), -1;
  memset(c.px, 255, (size_t)WIDTH * HEIGHT * 3);
  geometry g = make_geometry(p, n);
  png_axes(&c, &g);
  text(&c, LEFT, 16, title, colour_text, 2);
  for (int m = 0; m < 2; m++) {
    int count = tflc_report_pareto(p, n, m, front);
    for (int i = 1; i < count; i++)
      line(&c, to_x(&g, p[front[i - 1]].latency_ms), to_y(&g, p[front[i - 1]].top1), to_x(&g, p[front[i]].latency_ms),
           to_y(&g, p[front[i]].top1), m ? colour_measured : colour_published, 2, 5);
  }
  int (*pos)[2] = calloc((size_t)n + 1, sizeof *pos);
  if (pos == NULL) return free(c.px), free(front), snprintf(err, errlen, "out of memory"), -1;
  place_labels(&g, p, n, pos);
  for (int i = 0; i < n; i++) {
    double x = to_x(&g, p[i].latency_ms), y = to_y(&g, p[i].top1);
    rgb colour = p[i].measured ? colour_measured : colour_published;
    circle(&c, x, y, 5, colour, p[i].measured);
    text(&c, pos[i][0], pos[i][1], p[i].label, colour, 1);
  }
  free(pos);
  png_legend(&c);
  int rc = tflc_image_write_png(path, WIDTH, HEIGHT, c.px, err, errlen);
  free(c.px);
  free(front);
  return rc;
}
