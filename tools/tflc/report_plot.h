/*
** report_plot.h — tflc report's picture: top-1 accuracy against latency, one labelled point
** per model and figure source (published / measured), each source's Pareto front drawn,
** written as SVG (text) and PNG (drawn here pixel by pixel, written by image/image.h).
*/
#ifndef TFLC_TOOLS_REPORT_PLOT_H_
#define TFLC_TOOLS_REPORT_PLOT_H_

#include <stddef.h>

typedef struct report_point {
  const char *label;
  double latency_ms; /* > 0 */
  double top1;       /* percent */
  int measured;      /* 0: published figure, 1: measured here */
} report_point;

/* The 5x7 glyph for c as 35 '#'/'.' characters (rows top to bottom), NULL when none. */
const char *tflc_report_glyph(char c);

/*
** Indices of the points of one source (measured 0/1) on its Pareto front (no other point of
** that source is both faster and at least as accurate), fastest first; returns their count.
*/
int tflc_report_pareto(const report_point *points, int n, int measured, int *front);

int tflc_report_write_svg(const char *path, const char *title, const report_point *points, int n, char *err,
                          size_t errlen);
int tflc_report_write_png(const char *path, const char *title, const report_point *points, int n, char *err,
                          size_t errlen);

#endif /* TFLC_TOOLS_REPORT_PLOT_H_ */
