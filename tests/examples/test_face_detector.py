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


# A real photo: NASA's portrait of astronaut Eileen Collins (public domain), as scikit-image ships it,
# downscaled to 256 x 256 (examples/data/README.md). Her face, in its pixels (x, y, width, height):
PHOTO = ROOT / "examples" / "data" / "astronaut.jpg"
FACE = (80, 30, 45, 50)
# crops of the photo's background (x0, y0, x1, y1): the flag, the shuttle model with the sky, the helmet
BACKGROUND = {"flag": (0, 0, 55, 150), "shuttle": (165, 0, 256, 165), "helmet": (165, 185, 256, 256)}
PHOTO_SCALES = (0.8, 0.7, 0.6, 0.5, 0.4)
OLD_MODEL = MODEL.with_name("face-detector-face.net")


def _photo():
    plt = pytest.importorskip("matplotlib.pyplot")
    return plt.imread(PHOTO)


@pytest.mark.parametrize("model_path, threshold", [(MODEL, 0.6), (OLD_MODEL, 0.8)], ids=["elab", "nnx"])
def test_the_face_in_a_photo_is_found_and_background_crops_give_nothing(model_path, threshold):
    example = _example()
    model = torch7.load(model_path)
    photo = _photo()
    assert photo.shape == (256, 256, 3)
    boxes = example.detect(model, photo, PHOTO_SCALES, threshold)
    on_face = [b for b in boxes if example._iou(b, FACE + (0.0,)) >= 0.4]
    assert on_face, f"no detection on the face {FACE}: {boxes}"
    for name, (x0, y0, x1, y1) in BACKGROUND.items():
        assert example.detect(model, photo[y0:y1, x0:x1], PHOTO_SCALES, threshold) == [], name
    # the detectors also score parts of the orange suit as faces (its mission patch, the collar):
    # these are the false detections of boxes without the face, which the README picture shows


def test_the_nnx_detector_scores_every_position_in_0_1():
    example = _example()
    model = torch7.load(OLD_MODEL)
    assert example.is_nnx_detector(model) and not example.is_nnx_detector(torch7.load(MODEL))
    y = example.luminance(_photo())[40:81, 60:109]
    assert 0 <= y.min() and y.max() <= 1 and y.max() > 0.5  # an 8-bit JPEG read as Y in [0, 1]
    scores = example.face_probabilities(model, y)
    assert scores.shape == ((41 - 32) // 4 + 1, (49 - 32) // 4 + 1)
    assert 0 <= scores.min() and scores.max() <= 1
