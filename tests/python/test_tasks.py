"""Tests of tflc.tasks (the C task API from Python) on real models and images.

Run: PYTHONPATH=python TFLC_LIBRARY=build/libtflc.so TFLC_SHARED=../shared python3 tests/python/test_tasks.py
"""
import os
import struct
import sys
import unittest

import numpy as np

from tflc.tasks import Classifier, Detector, PoseEstimator, Segmenter

SHARED = os.environ.get("TFLC_SHARED", "../shared")


def read_bmp(path):
    """A 24-bit uncompressed BMP as an RGB array (enough for the Coral test images)."""
    with open(path, "rb") as f:
        data = f.read()
    offset, = struct.unpack_from("<I", data, 10)
    width, height, _, bits = struct.unpack_from("<iiHH", data, 18)
    assert bits == 24, "only 24-bit BMPs are read here"
    stride = (width * 3 + 3) & ~3
    rows = np.frombuffer(data, dtype=np.uint8, count=stride * abs(height), offset=offset).reshape(abs(height), stride)
    bgr = rows[:, :width * 3].reshape(abs(height), width, 3)
    rgb = bgr[:, :, ::-1]
    return np.ascontiguousarray(rgb[::-1] if height > 0 else rgb)


class TasksTest(unittest.TestCase):
    def test_classifier(self):
        image = read_bmp(os.path.join(SHARED, "images/coral/cat.bmp"))
        labels = os.path.join(SHARED, "labels/tflite_support/mobilenet_labels_1001.txt")
        with Classifier(os.path.join(SHARED, "models/hosted/mobilenet_v2_1.0_224_quant.tflite"), labels=labels,
                        max_results=3) as classifier:
            top = classifier.classify(image)
        self.assertEqual(len(top), 3)
        self.assertEqual((top[0].index, top[0].label), (286, "Egyptian cat"))
        self.assertGreaterEqual(top[0].score, top[1].score)

    def test_detector_finds_grace_hopper(self):
        image = read_bmp(os.path.join(SHARED, "images/coral/grace_hopper.bmp"))
        labels = os.path.join(SHARED, "labels/coco_ssd_labelmap.txt")
        with Detector(os.path.join(SHARED, "models/hosted/coco_ssd_mobilenet_v1_1.0_quant.tflite"), labels=labels,
                      score_threshold=0.5) as detector:
            found = detector.detect(image)
        people = [d for d in found if d.label == "person"]
        self.assertTrue(people, found)
        box = people[0]
        height, width = image.shape[:2]
        self.assertTrue(0 <= box.left < box.right <= width + 1 and 0 <= box.top < box.bottom <= height + 1, box)

    def test_detector_preprocess_option(self):
        image = read_bmp(os.path.join(SHARED, "images/coral/grace_hopper.bmp"))
        model = os.path.join(SHARED, "models/hosted/coco_ssd_mobilenet_v1_1.0_quant.tflite")
        with Detector(model, score_threshold=0.5, preprocess="task-library") as detector:
            found = detector.detect(image)
        self.assertTrue(any(d.class_index == 0 for d in found), found)  # COCO class 0: person
        with self.assertRaises(ValueError):
            Detector(model, preprocess="bicubic")

    def test_segmenter(self):
        image = read_bmp(os.path.join(SHARED, "images/coral/bird.bmp"))
        model = os.path.join(SHARED, "models/variants/coral/deeplabv3_mnv2_pascal_quant.tflite")
        with Segmenter(model, labels=os.path.join(SHARED, "labels/coral/pascal_voc_segmentation_labels.txt")) as s:
            mask = s.segment(image)
            self.assertEqual(mask.shape, image.shape[:2])
            classes = set(np.unique(mask).tolist())
            self.assertIn(0, classes)  # background
            self.assertIn("bird", [s.label(c) for c in classes])

    def test_pose_estimator(self):
        image = read_bmp(os.path.join(SHARED, "images/coral/grace_hopper.bmp"))
        model = os.path.join(SHARED, "models/variants/coral/movenet_single_pose_lightning_ptq.tflite")
        with PoseEstimator(model) as estimator:
            poses = estimator.estimate(image)
        self.assertEqual(len(poses), 1)
        keypoints = poses[0].keypoints
        self.assertEqual(len(keypoints), 17)
        self.assertEqual(keypoints[0].name, "nose")
        height, width = image.shape[:2]
        nose = keypoints[0]
        self.assertTrue(0 <= nose.x <= width and 0 <= nose.y <= height / 2, nose)  # a face in the upper half
        self.assertAlmostEqual(poses[0].score, sum(k.score for k in keypoints) / 17, places=5)

    def test_errors(self):
        with self.assertRaises(ValueError):
            Classifier(os.path.join(SHARED, "models/testdata/no_such_model.tflite"))
        with Classifier(os.path.join(SHARED, "models/hosted/mobilenet_v1_0.25_128_quant.tflite")) as classifier:
            with self.assertRaises(ValueError):
                classifier.classify(np.zeros((4, 4), dtype=np.uint8))


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
