"""examples/action_recognition.py: generated moving-shape clips and the small C3D trained on them."""
import importlib.util
import logging
import math
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _example():
    spec = importlib.util.spec_from_file_location("action_recognition", ROOT / "examples" / "action_recognition.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _centres(clips):
    """(n, T, 2) centre of mass (row, column) of every noiseless frame."""
    rows, cols = np.indices(clips.shape[-2:])
    mass = clips[:, 0].sum(axis=(-2, -1))
    return np.stack([(clips[:, 0] * rows).sum(axis=(-2, -1)) / mass,
                     (clips[:, 0] * cols).sum(axis=(-2, -1)) / mass], axis=-1)


@pytest.mark.parametrize("frames, size", [(8, 16), (5, 11)])
def test_each_label_is_its_shape_moving_one_pixel_per_frame_in_its_direction(frames, size):
    example = _example()
    x, y = example.make_clips(400, frames, size, noise=0.0, rng=3)
    assert x.shape == (400, 1, frames, size, size) and x.dtype == np.float32 and y.dtype == np.int64
    assert set(np.unique(y)) == set(range(len(example.CLASSES))) == set(range(8))
    steps = np.diff(_centres(x), axis=1)  # (n, T - 1, 2)
    for label, name in enumerate(example.CLASSES):
        shape, direction = name.split()
        clips = x[y == label]
        step = {"right": (0, 1), "left": (0, -1), "down": (1, 0), "up": (-1, 0)}[direction]
        np.testing.assert_allclose(steps[y == label], np.broadcast_to(step, steps[y == label].shape), atol=1e-6)
        # The whole shape in every frame: 25 pixels for the square, 9 for the cross.
        np.testing.assert_array_equal(clips.sum(axis=(1, 3, 4)), 25 if shape == "square" else 9)
    # Starting positions vary across the motion too, so the first frame does not give the direction.
    first = _centres(x)[:, 0]
    right, down = x[y == 0], x[y == 2]
    assert len(np.unique(_centres(right)[:, 0, 0])) > 3 and len(np.unique(_centres(down)[:, 0, 1])) > 3
    assert first.min() >= 2 and first.max() <= size - 3


def test_clips_are_reproducible_noisy_and_checked():
    example = _example()
    a, la = example.make_clips(20, rng=5)
    b, lb = example.make_clips(20, rng=5)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(la, lb)
    clean, _ = example.make_clips(20, noise=0.0, rng=5)
    assert abs(float((a - clean).std()) - 0.5) < 0.02
    with pytest.raises(ValueError, match="make_clips: .*size >= 12"):
        example.make_clips(2, frames=8, size=11)
    with pytest.raises(ValueError, match="c3d: frames must be even"):
        example.c3d(frames=5, size=16)


def test_a_tiny_configuration_trains_end_to_end(caplog):
    example = _example()
    with caplog.at_level(logging.INFO, logger="action_recognition"):
        history = example.main(["--train-clips", "64", "--test-clips", "32", "--epochs", "2", "--frames", "4",
                                "--size", "8", "--batch-size", "16", "--threads", "1", "--seed", "2"])
    assert [h["epoch"] for h in history] == [1, 2]
    for h in history:
        assert math.isfinite(h["loss"]) and h["loss"] > 0 and h["seconds"] > 0
        assert 0 <= h["train_accuracy"] <= 1 and 0 <= h["test_accuracy"] <= 1
        assert h["train_accuracy"] * 64 == int(round(h["train_accuracy"] * 64))
    assert history[1]["loss"] < history[0]["loss"]
    assert sum("test accuracy" in r.getMessage() for r in caplog.records) == 2


@pytest.mark.slow
def test_the_default_task_is_learnt_from_the_motion():
    example = _example()
    model, history = example.train(train_clips=1000, test_clips=300, epochs=2, seed=1)
    assert history[-1]["test_accuracy"] > 0.9, history
    # A clip played backwards is a clip of the same shape moving the opposite way
    # (right <-> left, down <-> up): the network must follow the reversal.
    x, y = example.make_clips(300, rng=7)
    opposite = y ^ 1
    assert [example.CLASSES[k].split()[1] for k in opposite[:8]] == \
        [{"right": "left", "left": "right", "down": "up", "up": "down"}[example.CLASSES[k].split()[1]] for k in y[:8]]
    reversed_clips = np.ascontiguousarray(x[:, :, ::-1])
    assert example.accuracy(model, reversed_clips, opposite) > 0.9
    assert example.accuracy(model, reversed_clips, y) < 0.1
