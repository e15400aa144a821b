"""Figures of the study (workflow/scripts/report_figures.py) on synthetic data: PNGs of the expected size."""
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "workflow" / "scripts"))
import report_figures as rf  # noqa: E402
import report_tables as rt  # noqa: E402
from nnlib import nn  # noqa: E402
from synthetic_runs import N_TEST, make_study, png_size, run_dirs  # noqa: E402


def assert_png(fig, name, tmp_path):
    path = tmp_path / f"{name}.png"
    rf.save(fig, path)
    assert path.stat().st_size > 1000
    assert png_size(path) == rf.pixel_size(name)


@pytest.fixture
def runs(tmp_path):
    make_study(tmp_path)
    return {(r.experiment, r.variant): r for r in rt.collect_runs(run_dirs(tmp_path))}


@pytest.mark.parametrize("key", [("mlp", "relu"), ("depth", "h3_modern"), ("cnn", "lenet"), ("rnnlm", "ptb_lstm")])
def test_learning_curves_figure_for_classification_and_language_models(runs, key, tmp_path):
    run = runs[key]
    fig = rf.learning_curves_figure(run.metrics, run.experiment, rf.run_label(run))
    score_axis = fig.axes[0]
    assert score_axis.get_xlabel() == "epoch"
    assert score_axis.get_yscale() == ("log" if run.experiment == "rnnlm" else "linear")
    assert [line.get_label() for line in score_axis.get_lines()] == ["train", "valid", "test", "best valid (saved)"]
    best = run.metrics["valid_perplexity"].idxmin() if run.experiment == "rnnlm" else run.metrics["valid_accuracy"].idxmax()
    assert list(score_axis.get_lines()[3].get_xdata()) == [run.metrics["epoch"][best]] * 2  # the saved model's epoch
    assert_png(fig, "learning_curves", tmp_path)


def test_learning_curves_figure_rejects_seq10(runs):
    with pytest.raises(ValueError, match="seq10_nll_figure"):
        rf.learning_curves_figure(runs["seq10", "rnn"].metrics, "seq10", "x")


def test_depth_ablation_figure_has_one_line_per_recipe(runs, tmp_path):
    fig = rf.depth_ablation_figure(rt.depth_ablation_table(list(runs.values())))
    accuracy, seconds = fig.axes[:2]
    assert [line.get_label() for line in accuracy.get_lines()] == ["modern", "student"]
    assert accuracy.get_xlabel() == "hidden layers" and "seconds" in seconds.get_ylabel()
    assert list(accuracy.get_lines()[0].get_xdata()) == [1, 3]
    assert_png(fig, "depth_ablation", tmp_path)


def test_confusion_counts_match_a_python_count():
    rng = np.random.default_rng(3)
    targets, predictions = rng.integers(0, 10, 53), rng.integers(0, 10, 53)
    expected = np.zeros((10, 10), dtype=np.int64)
    for t, p in zip(targets, predictions):
        expected[t, p] += 1
    np.testing.assert_array_equal(rf.confusion_counts(targets, predictions), expected)


def test_confusion_matrix_figure(tmp_path):
    targets = np.arange(23) % 10
    predictions = targets.copy()
    predictions[0] = 7
    fig = rf.confusion_matrix_figure(targets, predictions, "cnn/lenet")
    assert fig.axes[0].get_xlabel() == "predicted digit" and "95.65%" in fig.axes[0].get_title()
    assert_png(fig, "confusion_matrix", tmp_path)


def test_misclassified_gallery_reads_images_and_labels_them(tmp_path):
    make_study(tmp_path)
    targets = np.arange(N_TEST) % 10
    predictions = targets.copy()
    predictions[[2, 5, 31]] = 0
    wrong = rf.misclassified_indices(targets, predictions)
    np.testing.assert_array_equal(wrong, [2, 5, 31])
    images = rf.read_images(tmp_path / "results" / "data" / "mnist.h5", wrong)
    assert images.shape == (3, 28, 28) and images.dtype == np.uint8
    fig = rf.misclassified_figure(images, targets[wrong], predictions[wrong], "misclassified")
    assert fig.axes[0].get_title() == "true 2, pred 0"
    assert_png(fig, "misclassified", tmp_path)


def test_misclassified_gallery_limits_to_grid_and_handles_none(tmp_path):
    assert len(rf.misclassified_indices(np.zeros(100, int), np.ones(100, int))) == rf.GALLERY_ROWS * rf.GALLERY_COLS
    fig = rf.misclassified_figure(np.zeros((0, 28, 28)), [], [], "none wrong")
    assert_png(fig, "misclassified", tmp_path)


def test_read_images_rejects_out_of_range_index(tmp_path):
    make_study(tmp_path)
    with pytest.raises(ValueError, match="out of range"):
        rf.read_images(tmp_path / "results" / "data" / "mnist.h5", [N_TEST])


def test_conv_filters_figure_shows_every_kernel(tmp_path):
    weight = np.random.default_rng(0).normal(size=(6, 2, 5, 3)).astype(np.float32)
    fig = rf.conv_filters_figure(weight, "filters")
    images = [ax.images[0].get_array() for ax in fig.axes if ax.images]
    assert len(images) == 12
    np.testing.assert_allclose(images[1], weight[0, 1])
    assert_png(fig, "conv_filters", tmp_path)


def test_conv_filters_figure_rejects_non_4d_weight():
    with pytest.raises(ValueError, match="out x in x kH x kW"):
        rf.conv_filters_figure(np.zeros((3, 5)), "x")


def test_first_conv_weight_finds_first_4d_weight():
    conv = nn.Module()
    conv.register_parameter("weight", np.ones((4, 1, 3, 3)))
    model = nn.Sequential(nn.Linear(3, 2), conv, nn.ReLU())
    assert rf.first_conv_weight(model) is conv.weight
    with pytest.raises(ValueError, match="no module with a 4-D weight.*Linear"):
        rf.first_conv_weight(nn.Sequential(nn.Linear(3, 2)))


def test_seq10_nll_figure_is_log_scale_with_student_line(runs, tmp_path):
    fig = rf.seq10_nll_figure({"seq10/rnn": runs["seq10", "rnn"].metrics})
    nll = fig.axes[0]
    assert nll.get_yscale() == "log" and nll.get_xlabel() == "iteration"
    assert [line.get_label() for line in nll.get_lines()] == ["seq10/rnn", "student: below 0.1"]
    assert_png(fig, "seq10_nll", tmp_path)


def test_lm_perplexity_figure_has_valid_and_train_curve_per_run(runs, tmp_path):
    curves = {rf.run_label(r): r.metrics for r in runs.values() if r.experiment == "rnnlm"}
    fig = rf.lm_perplexity_figure(curves)
    assert len(fig.axes[0].get_lines()) == 2 * len(curves)
    assert fig.axes[0].get_ylabel() == "perplexity per token (log scale)"
    assert_png(fig, "lm_perplexity", tmp_path)


def test_lm_perplexity_figure_puts_word_and_character_models_on_separate_axes(runs, tmp_path):
    curves = {rf.run_label(r): r.metrics for r in runs.values() if r.experiment == "rnnlm"}
    units = {label: "character" if "shakespeare" in label else "word" for label in curves}
    fig = rf.lm_perplexity_figure(curves, units)
    assert [ax.get_ylabel() for ax in fig.axes] == ["perplexity per character (log scale)",
                                                     "perplexity per word (log scale)"]
    assert sum(len(ax.get_lines()) for ax in fig.axes) == 2 * len(curves)
    assert_png(fig, "lm_perplexity", tmp_path)


def test_language_model_loss_curve_is_log2_of_the_perplexity(runs):
    run = runs["rnnlm", "ptb_lstm"]
    fig = rf.learning_curves_figure(run.metrics, "rnnlm", "x", "word")
    loss_axis = fig.axes[1]
    assert loss_axis.get_ylabel() == "cross-entropy (bits per word)"
    np.testing.assert_allclose(loss_axis.get_lines()[1].get_ydata(), np.log2(run.metrics["valid_perplexity"]))


def test_best_language_model_has_lowest_valid_perplexity_and_samples_are_text(runs):
    best = rf.best_language_model(list(runs.values()))
    assert best.variant == "shakespeare_gru"
    page = rf.text_samples_html(list(runs.values()))
    assert page.count("<pre>") == 2 and "ptb_bilstm_tree" not in page  # one-direction models only
    assert "<pre>the sample of shakespeare_gru says hello" in page
    with pytest.raises(ValueError, match="no one-direction rnnlm runs"):
        rf.best_language_model([runs["cnn", "lenet"]])
    with pytest.raises(ValueError, match="no one-direction rnnlm runs"):
        rf.text_samples_html([runs["cnn", "lenet"]])


def test_best_language_model_leaves_out_bidirectional_runs(runs):
    bidirectional = runs["rnnlm", "ptb_bilstm_tree"]
    bidirectional.metrics["valid_perplexity"] = 1.0  # fill-in-the-blank perplexity: lowest, not comparable
    assert rf.best_language_model(list(runs.values())).variant == "shakespeare_gru"


def _tick_labels(fig, ax):
    """The y tick labels shown (within the axis limits, not empty)."""
    fig.canvas.draw()  # tick labels are made when drawn
    low, high = ax.get_ylim()
    return [label.get_text() for minor in (False, True)
            for value, label in zip(ax.get_yticks(minor=minor), ax.get_yticklabels(minor=minor))
            if label.get_text() and low <= value <= high]


@pytest.mark.parametrize("low, high", [(40.0, 180.0), (3.0, 9.0), (90.0, 20000.0)])
def test_perplexity_axes_are_labelled_with_plain_numbers(low, high):
    epoch = np.arange(1, 6)
    metrics = pd.DataFrame({"epoch": epoch, **{f"{s}_perplexity": np.geomspace(high, low, 5) for s in
                                               ("train", "valid", "test")}})
    for fig in (rf.lm_perplexity_figure({"a": metrics}), rf.learning_curves_figure(metrics, "rnnlm", "x", "word")):
        labels = _tick_labels(fig, fig.axes[0])
        assert len(labels) >= 2, labels  # a narrow range still shows numbers, not a bare axis
        assert all(re.fullmatch(r"\d+(\.\d+)?", label) for label in labels), labels  # no 10^2, no 2x10^2
        assert all(low / 1.2 <= float(label) <= high * 1.2 for label in labels), labels


def test_seq10_nll_axis_is_labelled_with_plain_numbers(runs):
    fig = rf.seq10_nll_figure({"seq10/rnn": runs["seq10", "rnn"].metrics})
    labels = _tick_labels(fig, fig.axes[0])
    assert labels and all(re.fullmatch(r"\d+(\.\d+)?", label) for label in labels), labels
