"""Tables of the study (workflow/scripts/report_tables.py) on synthetic run folders."""
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "workflow" / "scripts"))
import report_tables as rt  # noqa: E402
from synthetic_runs import (CLASSIFICATION_RUNS, LANGUAGE_MODEL_RUNS, N_RUNS, SEQ10_RUNS,  # noqa: E402
                            classification_metrics, language_model_metrics, make_study, run_dirs, write_run)


@pytest.fixture
def runs(tmp_path):
    make_study(tmp_path)
    return rt.collect_runs(run_dirs(tmp_path))


def test_collect_runs_loads_every_run_folder(runs):
    assert len(runs) == N_RUNS
    assert {(r.experiment, r.variant) for r in runs} == set(CLASSIFICATION_RUNS) | set(LANGUAGE_MODEL_RUNS) | set(SEQ10_RUNS)


def test_classification_table_has_one_row_per_mnist_run_with_student_numbers(runs):
    table = rt.classification_table(runs)
    assert list(table.columns) == rt.CLASSIFICATION_COLUMNS
    assert len(table) == len(CLASSIFICATION_RUNS)
    assert list(table["experiment"]) == ["mlp"] * 2 + ["depth"] * 4 + ["cnn"]
    cnn = table[table["experiment"] == "cnn"].iloc[0]
    assert cnn["model"] == "CNN" and cnn["student"] == rt.STUDENT["cnn"]
    assert set(table.loc[table["experiment"] == "mlp", "student"]) == {rt.STUDENT["mlp"]}
    assert set(table.loc[table["experiment"] == "depth", "student"]) == {""}


def test_classification_table_orders_depth_runs_by_number_of_layers(tmp_path):
    folders = []
    for layers in (10, 2):
        for recipe in ("student", "modern"):
            config = {"experiment": "depth", "variant": f"h{layers}_{recipe}", "dataset": "mnist", "seed": 1,
                      "threads": 1, "n_parameters": 1, "model": {"hidden_layers": layers, "recipe": recipe},
                      "optimizer": {}}
            folders.append(write_run(tmp_path, config, classification_metrics(2, 0.9)))
    table = rt.classification_table(rt.collect_runs(folders))
    assert list(table["variant"]) == ["h2_modern", "h2_student", "h10_modern", "h10_student"]


def test_classification_numbers_are_best_valid_its_epochs_test_and_median_seconds(tmp_path):
    metrics = classification_metrics(3, 0.9)
    metrics.loc[1, "valid_accuracy"] = 0.97  # best valid epoch is not the last
    metrics["seconds"] = [10.0, 2.0, 3.0]
    config = {"experiment": "mlp", "variant": "v", "dataset": "mnist", "seed": 1, "threads": 1,
              "n_parameters": 123, "model": {"activation": "tanh"}, "optimizer": {}}
    row = rt.classification_table(rt.collect_runs([write_run(tmp_path, config, metrics)])).iloc[0]
    assert row["best_valid_accuracy"] == 97.0 and row["best_epoch"] == 2
    # the test accuracy of the saved (best validation) model, not of the last epoch
    assert row["test_accuracy"] == pytest.approx(100 * metrics["test_accuracy"].iloc[1], abs=0.01)
    assert row["test_accuracy"] != pytest.approx(100 * metrics["test_accuracy"].iloc[-1], abs=0.01)
    assert row["seconds_per_epoch"] == 3.0
    assert row["epochs"] == 3 and row["parameters"] == 123 and row["model"] == "MLP (tanh)"


def test_depth_ablation_table_is_sorted_by_recipe_and_depth(runs):
    table = rt.depth_ablation_table(runs)
    assert list(table.columns) == rt.DEPTH_COLUMNS
    assert list(zip(table["recipe"], table["hidden_layers"])) == [
        ("modern", 1), ("modern", 3), ("student", 1), ("student", 3)]


def test_language_model_table_labels_cells_and_takes_best_valid_perplexity(runs):
    table = rt.language_model_table(runs)
    assert list(table.columns) == rt.LANGUAGE_MODEL_COLUMNS
    assert len(table) == len(LANGUAGE_MODEL_RUNS)
    tree = table[table["variant"] == "ptb_bilstm_tree"].iloc[0]
    assert (tree["corpus"], tree["cell"], tree["output"], tree["hidden_sizes"]) == ("ptb", "BiLSTM", "softmaxtree", "32x32")
    assert tree["bidirectional"] and not table[table["variant"] == "ptb_lstm"].iloc[0]["bidirectional"]
    run = next(r for r in runs if r.variant == "ptb_bilstm_tree")
    assert tree["best_valid_perplexity"] == pytest.approx(run.metrics["valid_perplexity"].min(), abs=0.01)
    assert tree["tokens_per_second"] == pytest.approx(run.metrics["tokens_per_second"].median(), abs=0.1)
    assert tree["unit"] == "token"  # its config.yaml does not say the corpus's level


@pytest.mark.parametrize("level, unit", [("char", "character"), ("word", "word")])
def test_language_model_table_gives_bits_per_character_or_word_as_the_figures(tmp_path, level, unit):
    import report_figures as rf
    metrics = language_model_metrics(4, 3.1)
    metrics.loc[3, ["valid_perplexity", "test_perplexity"]] = [9.0, 8.0]  # the last epoch is worse: epoch 3 is saved
    config = {"experiment": "rnnlm", "variant": "v", "dataset": "c", "seed": 1, "threads": 1, "n_parameters": 1,
              "level": level, "model": {"cell": "lstm", "output": "softmax", "hidden_sizes": [8]}, "optimizer": {}}
    run = rt.collect_runs([write_run(tmp_path, config, metrics)])
    row = rt.language_model_table(run).iloc[0]
    assert row["unit"] == unit
    assert row["best_valid_bits"] == round(np.log2(metrics["valid_perplexity"].min()), 3)
    assert row["best_epoch"] == 3 and row["test_perplexity"] == round(metrics["test_perplexity"].iloc[2], 2)
    assert row["test_bits"] == round(np.log2(metrics["test_perplexity"].iloc[2]), 3)
    curve = rf.learning_curves_figure(metrics, "rnnlm", "v", unit).axes[1]  # the figure's loss axis: the same bits
    assert curve.get_ylabel() == f"cross-entropy (bits per {unit})"
    assert curve.get_lines()[2].get_ydata()[2] == pytest.approx(row["test_bits"], abs=5e-4)
    headline = rt.headline_table(rt.classification_table([]), rt.depth_ablation_table([]),
                                 rt.language_model_table(run), rt.seq10_table([]))
    assert f"per {unit} ({row['test_bits']:.2f} bits per {unit})" in headline["result"].iloc[0]


def test_seq10_table_finds_first_perfect_iteration(runs):
    table = rt.seq10_table(runs)
    assert list(table.columns) == rt.SEQ10_COLUMNS
    row = table.iloc[0]
    assert row["iterations_to_100"] == 600  # interval 5 (0-based), logged every 100 iterations
    assert row["initial_nll"] == 15.0 and row["final_nll"] == pytest.approx(15.0 * np.exp(-7), abs=1e-4)


def test_seq10_table_leaves_iterations_to_100_empty_when_never_perfect(tmp_path):
    metrics = pd.DataFrame({"iteration": [100, 200], "lr": 0.1, "seconds": [1.0, 2.0], "nll": [15.0, 9.0],
                            "accuracy": [0.2, 0.9]})
    config = {"experiment": "seq10", "variant": "v", "dataset": "seq10", "seed": 1, "threads": 1,
              "n_parameters": 1, "model": {}, "optimizer": {}}
    table = rt.seq10_table(rt.collect_runs([write_run(tmp_path, config, metrics)]))
    assert pd.isna(table["iterations_to_100"].iloc[0])
    headline = rt.headline_table(rt.classification_table([]), rt.depth_ablation_table([]),
                                 rt.language_model_table([]), table)
    assert len(headline) == 1 and "never reached 100%" in headline["result"].iloc[0]


def test_tables_without_runs_are_empty_with_columns_and_markdown_note():
    for name, build in rt.TABLES.items():
        table = build([])
        assert table.empty and len(table.columns) > 0, name
        assert rt.NO_RUNS in rt.to_markdown(table) and rt.NO_RUNS in rt.to_html([(None, table)], name)


def test_write_table_round_trips_csv_and_renders_markdown_and_html(runs, tmp_path):
    table = rt.classification_table(runs)
    rt.write_table(table, tmp_path / "t.csv", tmp_path / "t.md", tmp_path / "t.html", "MNIST <runs>")
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "t.csv", keep_default_na=False), table, check_dtype=False)
    markdown = (tmp_path / "t.md").read_text().splitlines()
    assert markdown[0].startswith("| model") and len(markdown) == 2 + len(table)
    html = (tmp_path / "t.html").read_text()
    assert "<h1>MNIST &lt;runs&gt;</h1>" in html and html.count("<tr") == 1 + len(table)


def test_summary_names_best_runs_and_student_numbers(runs):
    tables = [build(runs) for build in rt.TABLES.values()]
    headline = rt.headline_table(*tables).set_index("experiment")
    assert list(headline.index) == ["MLP on MNIST", "CNN on MNIST", "Depth ablation", "Language model (ptb)",
                                    "Language model (tinyshakespeare)", "Sequence 1..10"]
    assert headline.loc["MLP on MNIST", "best run"] == "tanh"  # highest validation accuracy of the two MLPs
    assert headline.loc["CNN on MNIST", "student"] == rt.STUDENT["cnn"]
    # per corpus, lowest valid perplexity among one-direction models (the ptb BiLSTM is left out)
    assert headline.loc["Language model (ptb)", "best run"] == "LSTM softmax (ptb_lstm)"
    assert headline.loc["Language model (tinyshakespeare)", "best run"] == "GRU softmax (shakespeare_gru)"
    assert "100% after 600 iterations" in headline.loc["Sequence 1..10", "result"]
    summary = rt.summary_markdown(*tables)
    assert summary.startswith("# Study summary")
    for text in ("## Best runs", "## Depth ablation", "## Language models", rt.NOTE):
        assert text in summary, text
    assert re.search(r"\| CNN on MNIST +\| lenet +\|", summary)
    html = rt.summary_html(*tables)
    assert html.count("<table") == 5 and "<h2>Best runs</h2>" in html and rt.NOTE in html


def test_load_run_names_missing_file_and_wrong_columns(tmp_path):
    with pytest.raises(ValueError, match="config.yaml is missing"):
        rt.load_run(tmp_path)
    config = {"experiment": "cnn", "variant": "v", "dataset": "mnist", "seed": 1, "threads": 1,
              "n_parameters": 1, "model": {}, "optimizer": {}}
    run = write_run(tmp_path, config, classification_metrics(2, 0.9).drop(columns=["test_loss"]))
    with pytest.raises(ValueError, match=r"metrics.csv has columns .* must write"):
        rt.load_run(run)
    (run / "config.yaml").write_text(yaml.safe_dump({"experiment": "cnn"}))
    with pytest.raises(ValueError, match=r"lacks keys \['variant'"):
        rt.load_run(run)


def test_load_run_reads_metric_columns_by_name_in_any_order(tmp_path):
    config = {"experiment": "mlp", "variant": "v", "dataset": "mnist", "seed": 1, "threads": 1,
              "n_parameters": 1, "model": {}, "optimizer": {}}
    metrics = classification_metrics(3, 0.9)
    shuffled = metrics[list(reversed(metrics.columns))].assign(extra=1.0)
    run = rt.load_run(write_run(tmp_path / "shuffled", config, shuffled))
    ordered = rt.load_run(write_run(tmp_path / "ordered", config, metrics))
    assert run.metrics["test_accuracy"].tolist() == metrics["test_accuracy"].tolist()
    assert rt.classification_table([run]).equals(rt.classification_table([ordered]))
