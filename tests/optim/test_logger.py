import subprocess
import sys

import numpy as np
import pytest

from nnlib import optim


def test_set_names_then_rows_in_torch7s_format(tmp_path):
    path = tmp_path / "logs" / "accuracy.log"  # the directory is created
    log = optim.Logger(path)
    log.set_names(["Training acc.", "Test acc."])
    log.add([70, 59.0])
    log.add([np.float32(76.5), 8])
    # Rows are flushed as they are added: readable while the logger is open.
    assert path.read_text() == ("Training acc.\tTest acc.\t\n"
                                " 7.0000e+01\t 5.9000e+01\t\n"
                                " 7.6500e+01\t 8.0000e+00\t\n")
    log.close()
    assert log.symbols == {"Training acc.": [70, np.float32(76.5)], "Test acc.": [59.0, 8]}


def test_first_dict_names_the_columns(tmp_path):
    with optim.Logger(tmp_path / "a.log") as log:
        log.add({"training error": 0.5, "test error": 0.625, "note": "lr=0.1"})
        log.add({"test error": 0.25, "note": "x", "training error": 1e-3})
    lines = (tmp_path / "a.log").read_text().splitlines()
    assert lines == ["training error\ttest error\tnote\t", " 5.0000e-01\t 6.2500e-01\tlr=0.1\t",
                     " 1.0000e-03\t 2.5000e-01\tx\t"]


@pytest.mark.parametrize("row, message", [
    ({"a": 1.0, "c": 2.0}, "add got the names \\['a', 'c'\\]; this log has the columns \\['a', 'b'\\]"),
    ([1.0], "add got 1 values for the columns"),
    ({"a": [1.0], "b": 2.0}, "can only log numbers and strings; 'a' is list"),
    ({"a": True, "b": 2.0}, "can only log numbers and strings; 'a' is bool"),
    (3.0, "add takes a dict or a list"),
])
def test_bad_rows(tmp_path, row, message):
    log = optim.Logger(tmp_path / "a.log").set_names(["a", "b"])
    with pytest.raises(ValueError, match=message):
        log.add(row)


def test_list_before_names_and_names_twice(tmp_path):
    log = optim.Logger(tmp_path / "a.log")
    with pytest.raises(ValueError, match="only after set_names"):
        log.add([1.0])
    log.set_names(["a"])
    with pytest.raises(ValueError, match="already has the columns"):
        log.set_names(["b"])


def test_plot_writes_a_png(tmp_path):
    log = optim.Logger(tmp_path / "curves.log").set_names(["train", "test", "single"])
    for i in range(1, 6):
        log.add([1.0 / i, 2.0 / i, 1.0])
    log.style({"train": "+-", "test": ["-", "|"]}).style(["+-", "r--", "."])
    log.set_logscale(True)
    out = log.plot()
    assert out == str(tmp_path / "curves.log.png")
    assert (tmp_path / "curves.log.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["curves.log", "curves.log.png"]  # no temporary left
    assert log.plot("train", path=tmp_path / "train.png") == str(tmp_path / "train.png")
    with pytest.raises(ValueError, match="no column 'nope'"):
        log.plot("nope")


def test_plot_needs_two_points_and_numbers(tmp_path):
    log = optim.Logger(tmp_path / "a.log").set_names(["f", "note"])
    log.add([1.0, "a"])
    assert log.plot("f") is None  # one point: nothing to plot, as Torch's
    log.add([2.0, "b"])
    with pytest.raises(ValueError, match="cannot plot 'note': it holds strings"):
        log.plot()


def test_timestamp_and_stdout(tmp_path, capsys):
    log = optim.Logger(tmp_path / "run.log", timestamp=True)
    log.add({"f": 1.0})
    log.close()
    (made,) = tmp_path.iterdir()
    assert made.name.startswith("run.log-") and made.read_text().startswith("f\t\n")
    out = optim.Logger()
    out.add({"loss": 0.5})
    assert capsys.readouterr().out == "loss\t\n 5.0000e-01\t\n"
    with pytest.raises(ValueError, match="pass plot\\(path=...\\)"):
        out.plot()


def test_matplotlib_is_imported_only_by_plot():
    code = "import sys, nnlib.optim; assert 'matplotlib' not in sys.modules, 'imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_display_draws_a_pyplot_figure(tmp_path):
    import warnings

    import matplotlib
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    log = optim.Logger(tmp_path / "a.log").set_names(["f"])
    log.add([2.0])
    log.add([1.0])
    log.display(True)
    before = len(plt.get_fignums())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Agg cannot show a window
        assert log.plot() == str(tmp_path / "a.log.png")
    assert len(plt.get_fignums()) == before + 1
    plt.close("all")
