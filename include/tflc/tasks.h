/*
** tflc/tasks.h — image tasks on tflc: classify, detect objects, segment, estimate poses.
**
** Each task is an object made from a .tflite file and options, used on RGB images and
** freed with its _free function:
**
**     tflc_detector_options opt = tflc_detector_options_default();
**     char err[256];
**     tflc_detector *det = tflc_detector_init("ssd.tflite", &opt, err, sizeof err);
**     tflc_detections found;
**     if (det && tflc_detector_detect(det, rgb, width, height, &found, err, sizeof err) == 0) {
**       for (int i = 0; i < found.count; i++) printf("%s %.2f\n", found.items[i].label, found.items[i].score);
**       tflc_detections_free(&found);
**     }
**     tflc_detector_free(det);
**
** Images are 8-bit RGB, interleaved, rows top to bottom, no padding (width * 3 bytes a row).
** Every task resizes the whole image to the model's input with bilinear sampling at half-pixel
** centres and feeds uint8 pixels, int8 = pixel - 128 or float = (pixel - 127.5) / 127.5,
** as TensorFlow Lite's reference tools do. Results are in the pixels of the image given.
**
** Labels come from options.labels_path when set, else from the label file the model carries
** in its TFLite metadata, else there are none (label fields are NULL). Label strings belong
** to the task object and stay valid until it is freed.
**
** Errors: functions returning int give 0 on success and -1 on failure; constructors return
** NULL on failure. Either way a NUL-terminated message is written to err (errlen bytes;
** err may be NULL when errlen is 0). Output structs are zeroed on failure, so freeing
** them is always safe. A task object may be used by one thread at a time.
*/
#ifndef TFLC_TASKS_H_
#define TFLC_TASKS_H_

#include <stddef.h>
#include <stdint.h>

#include "tensorflow/lite/c/c_api_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Classification ---- */

typedef struct tflc_classifier tflc_classifier;

typedef struct tflc_classifier_options {
  int num_threads;         /* interpreter threads (>= 1) */
  int max_results;         /* most categories returned (>= 1) */
  float score_threshold;   /* categories scoring below are dropped */
  const char *labels_path; /* label file (line N = class N), or NULL for the model's own */
} tflc_classifier_options;

typedef struct tflc_category {
  int index;         /* class index: position in the model's score output */
  float score;       /* dequantized score */
  const char *label; /* owned by the task object; NULL when there is no label */
} tflc_category;

typedef struct tflc_classifications {
  int count;
  tflc_category *items; /* [count], best first; free with tflc_classifications_free */
} tflc_classifications;

/* 1 thread, 5 results, threshold -inf (keep all), no label file. */
TFL_CAPI_EXPORT tflc_classifier_options tflc_classifier_options_default(void);
/* Loads the model, allocates its tensors and reads its labels. NULL with a message on failure. */
TFL_CAPI_EXPORT tflc_classifier *tflc_classifier_init(const char *model_path, const tflc_classifier_options *options, char *err,
                                      size_t errlen);
/* Frees the classifier (NULL is ignored). */
TFL_CAPI_EXPORT void tflc_classifier_free(tflc_classifier *classifier);
/*
** Classifies a width x height RGB image: the best options.max_results categories with a
** score >= options.score_threshold, best first (equal scores by lower index).
*/
TFL_CAPI_EXPORT int tflc_classifier_classify(tflc_classifier *classifier, const uint8_t *rgb, int width, int height,
                             tflc_classifications *out, char *err, size_t errlen);
/* Frees out->items and zeroes *out (NULL is ignored). */
TFL_CAPI_EXPORT void tflc_classifications_free(tflc_classifications *out);

/* ---- Object detection (SSD models ending in TFLite_Detection_PostProcess) ---- */

typedef struct tflc_detector tflc_detector;

/* How an image is resized to the model's input. */
typedef enum tflc_preprocess {
  TFLC_PREPROCESS_PLAIN = 0,       /* bilinear at half-pixel centres (reference/img2input.py --resize plain) */
  TFLC_PREPROCESS_TASK_LIBRARY = 1, /* libyuv's bilinear ARGBScale, as the TFLite Task Library; pair it with
                                       stb_image decoding to reproduce the Task Library's results */
  TFLC_PREPROCESS_ANDROID_NEAREST = 2 /* nearest neighbour at floor(x * width / out_w), as TensorFlow's Android
                                         detection example (Bitmap.createScaledBitmap without filtering) */
} tflc_preprocess;

typedef struct tflc_detector_options {
  int num_threads;         /* interpreter threads (>= 1) */
  int max_results;         /* most detections returned; <= 0 means all the model gives */
  float score_threshold;   /* detections scoring below are dropped */
  const char *labels_path; /* label file, or NULL for the model's own */
  tflc_preprocess preprocess; /* resize method (default TFLC_PREPROCESS_PLAIN) */
} tflc_detector_options;

typedef struct tflc_detection {
  float left, top, right, bottom; /* box in pixels of the image given (not clamped) */
  int class_index;                /* the model's class (COCO SSD: 0 = person) */
  float score;
  const char *label; /* owned by the detector; NULL when there is no label */
} tflc_detection;

typedef struct tflc_detections {
  int count;
  tflc_detection *items; /* [count], in the model's order (best first); free with tflc_detections_free */
} tflc_detections;

/* 1 thread, all results, threshold 0.5, no label file. */
TFL_CAPI_EXPORT tflc_detector_options tflc_detector_options_default(void);
/*
** Loads an SSD-style detector: input 0 an RGB image, outputs 0..3 the boxes
** [1, N, 4] (ymin, xmin, ymax, xmax in [0, 1]), classes [1, N], scores [1, N] and count [1]
** of TFLite_Detection_PostProcess (extra inputs, such as LSTM states, are left zero).
** When the label list starts with "???" (the COCO labelmap), class k has label k + 1.
*/
TFL_CAPI_EXPORT tflc_detector *tflc_detector_init(const char *model_path, const tflc_detector_options *options, char *err,
                                  size_t errlen);
/* Frees the detector (NULL is ignored). */
TFL_CAPI_EXPORT void tflc_detector_free(tflc_detector *detector);
/* Detects objects in a width x height RGB image; boxes are scaled to that size. */
TFL_CAPI_EXPORT int tflc_detector_detect(tflc_detector *detector, const uint8_t *rgb, int width, int height, tflc_detections *out,
                         char *err, size_t errlen);
/* Frees out->items and zeroes *out (NULL is ignored). */
TFL_CAPI_EXPORT void tflc_detections_free(tflc_detections *out);

/* ---- Semantic segmentation ---- */

typedef struct tflc_segmenter tflc_segmenter;

typedef struct tflc_segmenter_options {
  int num_threads;         /* interpreter threads (>= 1) */
  const char *labels_path; /* label file, or NULL for the model's own */
} tflc_segmenter_options;

typedef struct tflc_segmentation {
  int width, height;   /* the size of the image given */
  int num_classes;     /* classes the model distinguishes (<= 256) */
  uint8_t *classes;    /* [height * width] class per pixel, rows top to bottom; owned */
} tflc_segmentation;

/* 1 thread, no label file. */
TFL_CAPI_EXPORT tflc_segmenter_options tflc_segmenter_options_default(void);
/*
** Loads a segmentation model: input 0 an RGB image, output 0 either scores
** [1, H, W, classes] (uint8, int8 or float32; the class is their argmax, ties to the lower
** class) or class indices [1, H, W] (the model's own ARG_MAX: int32, int64 or uint8).
*/
TFL_CAPI_EXPORT tflc_segmenter *tflc_segmenter_init(const char *model_path, const tflc_segmenter_options *options, char *err,
                                    size_t errlen);
/* Frees the segmenter (NULL is ignored). */
TFL_CAPI_EXPORT void tflc_segmenter_free(tflc_segmenter *segmenter);
/*
** Segments a width x height RGB image. The model's class map is scaled to the image's size
** by nearest neighbour: image pixel (x, y) takes the class of model cell
** (x * W / width, y * H / height).
*/
TFL_CAPI_EXPORT int tflc_segmenter_segment(tflc_segmenter *segmenter, const uint8_t *rgb, int width, int height,
                           tflc_segmentation *out, char *err, size_t errlen);
/* Number of classes of the model's output. */
TFL_CAPI_EXPORT int tflc_segmenter_num_classes(const tflc_segmenter *segmenter);
/* Label of class `index`, or NULL when there is none. Owned by the segmenter. */
TFL_CAPI_EXPORT const char *tflc_segmenter_label(const tflc_segmenter *segmenter, int index);
/* Frees out->classes and zeroes *out (NULL is ignored). */
TFL_CAPI_EXPORT void tflc_segmentation_free(tflc_segmentation *out);

/* ---- Pose estimation (Coral PoseNet with PosenetDecoderOp, MoveNet single pose) ---- */

typedef struct tflc_pose_estimator tflc_pose_estimator;

typedef struct tflc_pose_estimator_options {
  int num_threads;       /* interpreter threads (>= 1) */
  float score_threshold; /* poses scoring below are dropped */
} tflc_pose_estimator_options;

#define TFLC_POSE_KEYPOINTS 17

typedef struct tflc_keypoint {
  const char *name; /* COCO name ("nose", "left_eye", ...); static */
  float x, y;       /* pixels of the image given */
  float score;
} tflc_keypoint;

typedef struct tflc_pose {
  float score;
  tflc_keypoint keypoints[TFLC_POSE_KEYPOINTS]; /* COCO order */
} tflc_pose;

typedef struct tflc_poses {
  int count;
  tflc_pose *items; /* [count], best first; free with tflc_poses_free */
} tflc_poses;

/* 1 thread, threshold 0 (every pose the model gives). */
TFL_CAPI_EXPORT tflc_pose_estimator_options tflc_pose_estimator_options_default(void);
/*
** Loads a pose model: input 0 an RGB image, and either the 4 outputs of Coral's
** PosenetDecoderOp (keypoints [1, D, 17, 2] (y, x) in input pixels, keypoint scores [1, D, 17],
** pose scores [1, D], count [1]), or raw PoseNet's heatmaps [1, H, W, 17] (logits), offsets
** [1, H, W, 34] and forward/backward displacements [1, H, W, 32] (pixels; stride =
** (input - 1) / (H - 1); decoded like PosenetDecoderOp with at most 10 poses, threshold 0.5,
** NMS radius 20 pixels), or MoveNet's single output [1, 1, 17, 3] ((y, x) in [0, 1], score;
** the pose score is the mean keypoint score).
*/
TFL_CAPI_EXPORT tflc_pose_estimator *tflc_pose_estimator_init(const char *model_path,
                                                              const tflc_pose_estimator_options *options, char *err,
                                                              size_t errlen);
/* Frees the estimator (NULL is ignored). */
TFL_CAPI_EXPORT void tflc_pose_estimator_free(tflc_pose_estimator *estimator);
/* Estimates the poses in a width x height RGB image; keypoints are scaled to that size. */
TFL_CAPI_EXPORT int tflc_pose_estimator_estimate(tflc_pose_estimator *estimator, const uint8_t *rgb, int width,
                                                 int height, tflc_poses *out, char *err, size_t errlen);
/* Frees out->items and zeroes *out (NULL is ignored). */
TFL_CAPI_EXPORT void tflc_poses_free(tflc_poses *out);
#define TFLC_POSE_EDGES 18
/* Skeleton edge i (0..TFLC_POSE_EDGES-1) as two keypoint indices, for drawing; -1 when i is out of range. */
TFL_CAPI_EXPORT int tflc_pose_skeleton_edge(int i, int *from, int *to);

#ifdef __cplusplus
}
#endif
#endif /* TFLC_TASKS_H_ */
