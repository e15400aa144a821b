"""examples/face_detector.py: the e-Lab detector from Torch7's file over an image pyramid."""
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnlib import torch7

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT.parent / "shared" / "data" / "torch7" / "face-detector-elab-model.net"
pytestmark = pytest.mark.skipif(not MODEL.exists(), reason=f"{MODEL} is absent (the shared Torch7 files)")


def _example():
    spec = importlib.util.spec_from_file_location("face_detector", ROOT / "examples" / "face_detector.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_position_scores_its_32_pixel_window():
    example = _example()
    model = torch7.load(MODEL)
    image = np.random.default_rng(0).standard_normal((41, 49)).astype(np.float32)
    probs = example.face_probabilities(model, image)
    assert probs.shape == ((41 - 32) // 4 + 1, (49 - 32) // 4 + 1)
    for r, c in [(0, 0), (2, 4), (1, 3)]:
        window = image[None, None, 4 * r:4 * r + 32, 4 * c:4 * c + 32]
        np.testing.assert_allclose(probs[r, c], np.exp(model.forward(window)[0, 0]), rtol=1e-4)


def test_detections_are_boxes_in_the_image_best_first_and_apart():
    example = _example()
    model = torch7.load(MODEL)
    image = np.random.default_rng(1).uniform(0, 1, (90, 120, 3))
    boxes = example.detect(model, image, scales=(0.6, 0.45), threshold=0.0)
    assert boxes and [b[4] for b in boxes] == sorted((b[4] for b in boxes), reverse=True)
    for i, a in enumerate(boxes):
        x, y, w, h, p = a
        assert 0 <= x and 0 <= y and x + w <= 120 + 1e-9 and y + h <= 90 + 1e-9 and 0 <= p <= 1
        assert all(example._iou(a, b) <= 0.3 for b in boxes[:i])


def test_the_command_line(tmp_path):
    plt = pytest.importorskip("matplotlib.pyplot")
    picture = tmp_path / "noise.png"
    plt.imsave(picture, np.random.default_rng(2).uniform(0, 1, (80, 100, 3)))
    out = tmp_path / "boxes.png"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "face_detector.py"), str(picture),
                             "--threshold", "0.5", "--scales", "0.5", "--out", str(out)],
                            env=env, capture_output=True, text=True, timeout=300, check=True)
    for line in result.stdout.splitlines():
        x, y, w, h, p = map(float, line.split())
        assert w == h == 64 and p >= 0.5
    assert out.stat().st_size > 0
