"""examples/recurrent_visual_attention.py: rnn's recurrent-visual-attention.lua (Mnih et al.'s RAM) on MNIST."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

import nnlib
from nnlib import nn

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["--glimpse_hidden_size", "12", "--locator_hidden_size", "6", "--image_hidden_size", "14",
         "--hidden_size", "10", "--rho", "3", "--glimpse_patch_size", "4", "--glimpse_depth", "2"]


def _example():
    spec = importlib.util.spec_from_file_location("recurrent_visual_attention",
                                                  ROOT / "examples" / "recurrent_visual_attention.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _agent(example, args, image_size=12, n_classes=3, seed=0):
    opt = example.parser().parse_args(args)
    nnlib.manual_seed(seed)
    return example.build_agent(opt, 1, image_size, n_classes)


def test_the_agent_outputs_class_log_probabilities_and_the_baseline():
    example = _example()
    agent = _agent(example, SMALL)
    x = np.random.default_rng(0).random((5, 1, 12, 12)).astype(np.float32)
    pred, (pred_again, baseline) = agent.forward(x)
    assert pred.shape == (5, 3) and baseline.shape == (5, 1)
    np.testing.assert_allclose(np.exp(pred).sum(axis=1), 1, rtol=1e-5)
    assert pred_again is pred
    bias = agent.modules[-1].modules[1].modules[1].modules[1].bias  # Constant(1, 1) -> Add(1)
    np.testing.assert_allclose(baseline[:, 0], 1 + bias[0], rtol=1e-6)
    attention = agent.modules[0]
    assert attention.output.shape == (3, 5, 10)  # rho steps, time-major
    # the locator's last MulConstant maps [-1, 1] to +-unit_pixels pixels: 13 * 2 / 12
    assert attention.action.module.modules[-1].constant_scalar == pytest.approx(13 * 2 / 12)


def test_reinforce_moves_the_locator_towards_rewarded_glimpses():
    """REINFORCE through the whole agent (VRClassReward's path): rewarding the first glimpses that
    looked at the upper half moves the locator's mean there."""
    example = _example()
    agent = _agent(example, SMALL + ["--locator_std", "0.2"])
    attention = agent.modules[0]
    x = np.random.default_rng(1).random((64, 1, 12, 12)).astype(np.float32)

    def mean_first_row():
        agent.evaluate()
        agent.forward(x)
        agent.training()
        return float(attention._actions[0][:, 0].mean())

    before = mean_first_row()
    for _ in range(15):
        pred, (_, baseline) = agent.forward(x)
        reward = (attention._actions[0][:, 0] < before).astype(np.float32)
        nn.reinforce(agent, (reward - reward.mean()) / len(x))
        agent.zero_grad_parameters()
        agent.backward(x, [np.zeros_like(pred), [np.zeros_like(pred), np.zeros_like(baseline)]])
        agent.update_parameters(0.5)
    assert mean_first_row() < before - 0.1


def test_a_run_saves_its_best_agent_and_a_later_run_starts_from_it(tmp_path):
    example = _example()
    short = SMALL + ["--max_epoch", "1", "--train_epoch_size", "40", "--valid_epoch_size", "20", "--no_test",
                     "--silent"]
    agent, metrics = example.main(short + ["--save_path", str(tmp_path / "agent.h5")])
    assert len(metrics) == 1 and 0 <= metrics[0]["valid_accuracy"] <= 1
    x = np.random.default_rng(4).random((3, 1, 28, 28)).astype(np.float32)
    agent.evaluate()
    saved = nnlib.load(tmp_path / "agent.h5").evaluate()
    np.testing.assert_array_equal(saved.forward(x)[0], agent.forward(x)[0])
    again, _ = example.main(short + ["--xp_path", str(tmp_path / "agent.h5")])
    assert repr(again) == repr(agent)


def test_translated_digits_sit_whole_somewhere_on_the_canvas():
    example = _example()
    digits = np.random.default_rng(2).random((50, 1, 5, 4)).astype(np.float32) + 0.5
    canvas = example.translate(digits, 9, np.random.default_rng(3))
    assert canvas.shape == (50, 1, 9, 9)
    np.testing.assert_allclose(canvas.sum(axis=(1, 2, 3)), digits.sum(axis=(1, 2, 3)), rtol=1e-5)
    rows = np.flatnonzero(canvas[0, 0].any(axis=1))
    cols = np.flatnonzero(canvas[0, 0].any(axis=0))
    np.testing.assert_array_equal(canvas[0, 0, rows[0]:rows[0] + 5, cols[0]:cols[0] + 4], digits[0, 0])
    with pytest.raises(ValueError, match="canvas_size 3"):
        example.translate(digits, 3, np.random.default_rng(0))


LEARNS = ["--transfer", "Tanh", "--uniform", "0.3", "--learning_rate", "0.1", "--glimpse_depth", "3",
          "--hidden_size", "64", "--image_hidden_size", "64", "--glimpse_hidden_size", "32",
          "--locator_hidden_size", "32", "--rho", "4", "--cutoff_norm", "1"]


@pytest.mark.slow
def test_the_agent_learns_the_digits_well_above_chance():
    """A small agent (four glimpses of 8 x 8 patches at three scales) on the shipped MNIST digits:
    20,000 training examples take the validation accuracy far above the 10% of chance."""
    agent, metrics = _example().main(LEARNS + ["--max_epoch", "5", "--train_epoch_size", "4000",
                                               "--valid_epoch_size", "1000", "--no_test", "--silent"])
    accuracies = [m["valid_accuracy"] for m in metrics]
    assert len(accuracies) == 5 and max(accuracies) > 0.5, metrics
    assert metrics[-1]["train_accuracy"] > metrics[0]["train_accuracy"]
