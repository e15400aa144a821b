"""The e-Lab face detectors (torch/demos), run from Torch7's own saved models.

    PYTHONPATH=. python examples/face_detector.py IMAGE [--model ../shared/data/torch7/face-detector-elab-model.net]
        [--threshold 0.95] [--scales 0.5 0.4 0.3] [--out detections.png]

As the demos did, over an image pyramid of the image's luminance (Y), one 32 x 32 window
every 4 pixels of each scaled image is scored:

- face-detector-elab (the default model; `face-detector-elab-model.net`, `face-detector-new-face.net`):
  Y normalised to zero mean and unit deviation over the whole image; the model's feature
  extractor (its first Sequential) runs fully convolutionally over each scale, and its
  classifier (Reshape, Linear, LogSoftMax) scores every position; the score is the face
  probability (class 1 in Torch7, 0 here).
- face-detector, the older nnx detector (`face-detector-face.net`): Y in [0, 1] goes through
  the whole model, which normalises it locally (nnx's SpatialNormalization) and ends in a
  SpatialClassifier, so it scores every position itself; the score is (face output + 1) / 2,
  as that demo computed it (clipped to [0, 1]; the demo's 3 x 3 smoothing of the score maps
  is left out).

Windows whose score reaches the threshold are detections, mapped back to the image's
pixels; overlapping ones are merged (greedy non-maximum suppression). Prints one line per
detection: x y width height score.
"""
import argparse
from pathlib import Path

import numpy as np

from nnlib import nn, torch7

FIELD_OF_VIEW, SUBSAMPLING = 32, 4
DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "shared" / "data" / "torch7" / "face-detector-elab-model.net"


def luminance(image):
    """Y in [0, 1] of an (H, W, 3) RGB image (or the image itself if grey), as torch/image's rgb2y;
    integer images (8-bit JPEGs) are scaled from their type's range."""
    image = np.asarray(image)
    scale = np.iinfo(image.dtype).max if image.dtype.kind in "ui" else 1
    image = image.astype(np.float64) / scale
    if image.ndim == 3 and image.shape[2] == 4:  # RGBA PNGs: the colour only
        image = image[..., :3]
    if image.ndim == 3:
        image = image[..., 0] * 0.299 + image[..., 1] * 0.587 + image[..., 2] * 0.114
    return image


def resize(image, scale):
    """Bilinear resize of a 2-D image by `scale` (pixel centres aligned)."""
    h, w = image.shape
    oh, ow = max(1, int(round(h * scale))), max(1, int(round(w * scale)))
    ys = np.clip((np.arange(oh) + 0.5) / scale - 0.5, 0, h - 1)
    xs = np.clip((np.arange(ow) + 0.5) / scale - 0.5, 0, w - 1)
    y0, x0 = np.floor(ys).astype(int), np.floor(xs).astype(int)
    y1, x1 = np.minimum(y0 + 1, h - 1), np.minimum(x0 + 1, w - 1)
    fy, fx = (ys - y0)[:, None], (xs - x0)[None, :]
    top = image[y0][:, x0] * (1 - fx) + image[y0][:, x1] * fx
    bottom = image[y1][:, x0] * (1 - fx) + image[y1][:, x1] * fx
    return top * (1 - fy) + bottom * fy


def is_nnx_detector(model):
    """True for the older nnx detector (it ends in a SpatialClassifier and scores every position itself)."""
    return isinstance(model.modules[-1], nn.SpatialClassifier)


def face_probabilities(model, image):
    """(rows, cols) face scores of the 32 x 32 windows, one every 4 pixels of `image` (2-D)."""
    if is_nnx_detector(model):
        out = model.forward(image[None].astype(model.dtype))
        return np.clip((out[0] + 1) / 2, 0, 1)
    features, classifier = model.modules
    maps = features.forward(image[None, None].astype(model.dtype))[0]
    channels, rows, cols = maps.shape
    positions = np.ascontiguousarray(maps.reshape(channels, -1).T)
    log_probs = classifier.forward(positions)
    return np.exp(log_probs[:, 0]).reshape(rows, cols)


def detect(model, image, scales=(0.5, 0.4, 0.3), threshold=0.95, overlap=0.3):
    """Face boxes [(x, y, w, h, score)] in `image`'s pixels, best first."""
    y = luminance(image)
    if not is_nnx_detector(model):
        y = (y - y.mean()) / (y.std() or 1.0)
    found = []
    for scale in scales:
        scaled = resize(y, scale)
        if min(scaled.shape) < FIELD_OF_VIEW:
            continue
        probs = face_probabilities(model, scaled)
        for r, c in zip(*np.nonzero(probs >= threshold)):
            found.append((c * SUBSAMPLING / scale, r * SUBSAMPLING / scale, FIELD_OF_VIEW / scale,
                          FIELD_OF_VIEW / scale, float(probs[r, c])))
    return non_maximum_suppression(found, overlap)


def non_maximum_suppression(boxes, overlap):
    """Keep the most probable box of every group overlapping by more than `overlap` (intersection over union)."""
    kept = []
    for box in sorted(boxes, key=lambda b: -b[4]):
        if all(_iou(box, k) <= overlap for k in kept):
            kept.append(box)
    return kept


def _iou(a, b):
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("image", help="an image file matplotlib reads (PNG; JPEG with Pillow)")
    parser.add_argument("--model", default=str(DEFAULT_MODEL), help="the Torch7 model file")
    parser.add_argument("--threshold", type=float, default=0.95, help="face score to report")
    parser.add_argument("--scales", type=float, nargs="+", default=[0.5, 0.4, 0.3], help="pyramid scales")
    parser.add_argument("--out", help="write the image with the detections drawn to this file")
    args = parser.parse_args(argv)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    image = plt.imread(args.image)
    model = torch7.load(args.model)
    detections = detect(model, image, args.scales, args.threshold)
    for x, y, w, h, p in detections:
        print(f"{x:.0f} {y:.0f} {w:.0f} {h:.0f} {p:.4f}")
    if args.out:
        fig, ax = plt.subplots(figsize=(4, 4 * image.shape[0] / image.shape[1]))
        ax.imshow(image, cmap="gray")
        for x, y, w, h, p in detections:
            ax.add_patch(plt.Rectangle((x, y), w, h, fill=False, color="red", linewidth=2))
            ax.text(x, y - 2, f"{p:.2f}", color="red", fontsize=9)
        ax.set_axis_off()
        fig.savefig(args.out, bbox_inches="tight", dpi=100)
        plt.close(fig)
    return detections


if __name__ == "__main__":
    main()
