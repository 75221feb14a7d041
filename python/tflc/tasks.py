"""tflc.tasks: classify, detect, segment and estimate poses with the C task API (include/tflc/tasks.h).

Images are numpy arrays of shape (height, width, 3), dtype uint8, RGB. Results are plain
Python objects (named tuples and numpy arrays), independent of the C memory they came from.

    from tflc.tasks import Classifier
    with Classifier("mobilenet_v2_1.0_224_quant.tflite", labels="labels.txt") as c:
        for category in c.classify(image):
            print(category.index, category.label, category.score)
"""
import collections
import ctypes

import numpy as np

from tflc._lib import lib

Category = collections.namedtuple("Category", "index score label")
Detection = collections.namedtuple("Detection", "left top right bottom class_index score label")
Keypoint = collections.namedtuple("Keypoint", "name x y score")
Pose = collections.namedtuple("Pose", "score keypoints")
POSE_KEYPOINTS = 17


class _ClassifierOptions(ctypes.Structure):
    _fields_ = [("num_threads", ctypes.c_int), ("max_results", ctypes.c_int), ("score_threshold", ctypes.c_float),
                ("labels_path", ctypes.c_char_p)]


class _Category(ctypes.Structure):
    _fields_ = [("index", ctypes.c_int), ("score", ctypes.c_float), ("label", ctypes.c_char_p)]


class _Classifications(ctypes.Structure):
    _fields_ = [("count", ctypes.c_int), ("items", ctypes.POINTER(_Category))]


class _DetectorOptions(ctypes.Structure):
    _fields_ = [("num_threads", ctypes.c_int), ("max_results", ctypes.c_int), ("score_threshold", ctypes.c_float),
                ("labels_path", ctypes.c_char_p), ("preprocess", ctypes.c_int)]


class _Detection(ctypes.Structure):
    _fields_ = [("left", ctypes.c_float), ("top", ctypes.c_float), ("right", ctypes.c_float),
                ("bottom", ctypes.c_float), ("class_index", ctypes.c_int), ("score", ctypes.c_float),
                ("label", ctypes.c_char_p)]


class _Detections(ctypes.Structure):
    _fields_ = [("count", ctypes.c_int), ("items", ctypes.POINTER(_Detection))]


class _SegmenterOptions(ctypes.Structure):
    _fields_ = [("num_threads", ctypes.c_int), ("labels_path", ctypes.c_char_p)]


class _Segmentation(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("num_classes", ctypes.c_int),
                ("classes", ctypes.POINTER(ctypes.c_uint8))]


class _PoseOptions(ctypes.Structure):
    _fields_ = [("num_threads", ctypes.c_int), ("score_threshold", ctypes.c_float)]


class _Keypoint(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("x", ctypes.c_float), ("y", ctypes.c_float), ("score", ctypes.c_float)]


class _Pose(ctypes.Structure):
    _fields_ = [("score", ctypes.c_float), ("keypoints", _Keypoint * POSE_KEYPOINTS)]


class _Poses(ctypes.Structure):
    _fields_ = [("count", ctypes.c_int), ("items", ctypes.POINTER(_Pose))]


def _declare():
    p, c, sz, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int
    u8p = ctypes.POINTER(ctypes.c_uint8)
    table = [
        ("tflc_classifier_options_default", _ClassifierOptions, []),
        ("tflc_classifier_init", p, [c, ctypes.POINTER(_ClassifierOptions), c, sz]),
        ("tflc_classifier_free", None, [p]),
        ("tflc_classifier_classify", i, [p, u8p, i, i, ctypes.POINTER(_Classifications), c, sz]),
        ("tflc_classifications_free", None, [ctypes.POINTER(_Classifications)]),
        ("tflc_detector_options_default", _DetectorOptions, []),
        ("tflc_detector_init", p, [c, ctypes.POINTER(_DetectorOptions), c, sz]),
        ("tflc_detector_free", None, [p]),
        ("tflc_detector_detect", i, [p, u8p, i, i, ctypes.POINTER(_Detections), c, sz]),
        ("tflc_detections_free", None, [ctypes.POINTER(_Detections)]),
        ("tflc_segmenter_options_default", _SegmenterOptions, []),
        ("tflc_segmenter_init", p, [c, ctypes.POINTER(_SegmenterOptions), c, sz]),
        ("tflc_segmenter_free", None, [p]),
        ("tflc_segmenter_segment", i, [p, u8p, i, i, ctypes.POINTER(_Segmentation), c, sz]),
        ("tflc_segmenter_label", c, [p, i]),
        ("tflc_segmentation_free", None, [ctypes.POINTER(_Segmentation)]),
        ("tflc_pose_estimator_options_default", _PoseOptions, []),
        ("tflc_pose_estimator_init", p, [c, ctypes.POINTER(_PoseOptions), c, sz]),
        ("tflc_pose_estimator_free", None, [p]),
        ("tflc_pose_estimator_estimate", i, [p, u8p, i, i, ctypes.POINTER(_Poses), c, sz]),
        ("tflc_poses_free", None, [ctypes.POINTER(_Poses)]),
    ]
    for name, restype, argtypes in table:
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = restype, argtypes


_declare()


def _pixels(image):
    image = np.ascontiguousarray(image, dtype=np.uint8)
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValueError("expected an RGB image of shape (height, width, 3), got %s" % (image.shape,))
    return image, image.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8))


def _text(value):
    return value.decode(errors="replace") if value is not None else None


class _Task:
    _free = None

    def close(self):
        """Releases the model and interpreter (also done when the object is collected)."""
        if getattr(self, "_handle", None):
            self._free(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()

    def _open(self, init, model_path, options):
        err = ctypes.create_string_buffer(1024)
        self._handle = init(str(model_path).encode(), ctypes.byref(options), err, len(err))
        if not self._handle:
            raise ValueError(err.value.decode(errors="replace"))


class Classifier(_Task):
    """Image classifier: classify(image) -> [Category(index, score, label)], best first."""

    _free = staticmethod(lambda h: lib.tflc_classifier_free(h))

    def __init__(self, model_path, labels=None, max_results=5, score_threshold=float("-inf"), num_threads=1):
        options = lib.tflc_classifier_options_default()
        options.num_threads, options.max_results, options.score_threshold = num_threads, max_results, score_threshold
        options.labels_path = labels.encode() if labels else None
        self._open(lib.tflc_classifier_init, model_path, options)

    def classify(self, image):
        image, pixels = _pixels(image)
        out, err = _Classifications(), ctypes.create_string_buffer(1024)
        if lib.tflc_classifier_classify(self._handle, pixels, image.shape[1], image.shape[0], ctypes.byref(out), err,
                                        len(err)) != 0:
            raise RuntimeError(err.value.decode(errors="replace"))
        result = [Category(out.items[k].index, out.items[k].score, _text(out.items[k].label)) for k in range(out.count)]
        lib.tflc_classifications_free(ctypes.byref(out))
        return result


class Detector(_Task):
    """Object detector: detect(image) -> [Detection(left, top, right, bottom, class_index, score, label)]."""

    _free = staticmethod(lambda h: lib.tflc_detector_free(h))

    _PREPROCESS = {"plain": 0, "task-library": 1, "android": 2}

    def __init__(self, model_path, labels=None, max_results=0, score_threshold=0.5, num_threads=1, preprocess="plain"):
        """preprocess: "plain" (half-pixel bilinear), "task-library" (libyuv's resize, as the TFLite Task Library)
        or "android" (nearest neighbour, as TensorFlow's Android detection example)."""
        if preprocess not in self._PREPROCESS:
            raise ValueError("preprocess must be 'plain', 'task-library' or 'android', not %r" % (preprocess,))
        options = lib.tflc_detector_options_default()
        options.num_threads, options.max_results, options.score_threshold = num_threads, max_results, score_threshold
        options.labels_path = labels.encode() if labels else None
        options.preprocess = self._PREPROCESS[preprocess]
        self._open(lib.tflc_detector_init, model_path, options)

    def detect(self, image):
        image, pixels = _pixels(image)
        out, err = _Detections(), ctypes.create_string_buffer(1024)
        if lib.tflc_detector_detect(self._handle, pixels, image.shape[1], image.shape[0], ctypes.byref(out), err,
                                    len(err)) != 0:
            raise RuntimeError(err.value.decode(errors="replace"))
        result = [Detection(d.left, d.top, d.right, d.bottom, d.class_index, d.score, _text(d.label))
                  for d in (out.items[k] for k in range(out.count))]
        lib.tflc_detections_free(ctypes.byref(out))
        return result


class Segmenter(_Task):
    """Image segmenter: segment(image) -> uint8 array (height, width) of class indices; label(k) names class k."""

    _free = staticmethod(lambda h: lib.tflc_segmenter_free(h))

    def __init__(self, model_path, labels=None, num_threads=1):
        options = lib.tflc_segmenter_options_default()
        options.num_threads = num_threads
        options.labels_path = labels.encode() if labels else None
        self._open(lib.tflc_segmenter_init, model_path, options)

    def segment(self, image):
        image, pixels = _pixels(image)
        out, err = _Segmentation(), ctypes.create_string_buffer(1024)
        if lib.tflc_segmenter_segment(self._handle, pixels, image.shape[1], image.shape[0], ctypes.byref(out), err,
                                      len(err)) != 0:
            raise RuntimeError(err.value.decode(errors="replace"))
        mask = np.ctypeslib.as_array(out.classes, shape=(out.height, out.width)).copy()
        lib.tflc_segmentation_free(ctypes.byref(out))
        return mask

    def label(self, index):
        return _text(lib.tflc_segmenter_label(self._handle, index))


class PoseEstimator(_Task):
    """Pose estimator (Coral PoseNet, MoveNet): estimate(image) -> [Pose(score, [Keypoint(name, x, y, score)] * 17)]."""

    _free = staticmethod(lambda h: lib.tflc_pose_estimator_free(h))

    def __init__(self, model_path, score_threshold=0.0, num_threads=1):
        options = lib.tflc_pose_estimator_options_default()
        options.num_threads, options.score_threshold = num_threads, score_threshold
        self._open(lib.tflc_pose_estimator_init, model_path, options)

    def estimate(self, image):
        image, pixels = _pixels(image)
        out, err = _Poses(), ctypes.create_string_buffer(1024)
        if lib.tflc_pose_estimator_estimate(self._handle, pixels, image.shape[1], image.shape[0], ctypes.byref(out),
                                            err, len(err)) != 0:
            raise RuntimeError(err.value.decode(errors="replace"))
        poses = []
        for k in range(out.count):
            pose = out.items[k]
            points = [Keypoint(_text(p.name), p.x, p.y, p.score) for p in pose.keypoints]
            poses.append(Pose(pose.score, points))
        lib.tflc_poses_free(ctypes.byref(out))
        return poses
