"""docs/optim.md's table lists exactly each algorithm's config keys."""
import importlib
import pathlib
import re

import pytest

from nnlib import optim

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "optim.md"


def _rows():
    rows = {}
    for line in DOC.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        m = re.match(r"optim\.(\w+)(\([^)]*\))?(?:: (.*))?$", cells[1]) if len(cells) == 4 else None
        if m:
            keys = re.sub(r"\(read from config\)", "", m.group(3) or "")
            rows[m.group(1)] = [k.strip() for k in keys.split(",") if k.strip()]
    return rows


ROWS = _rows()
ALGORITHMS = ["sgd", "nag", "adam", "adamax", "adagrad", "adadelta", "rmsprop", "asgd", "rprop", "cg", "lbfgs",
              "lswolfe", "cmaes", "de", "fista"]


def test_every_algorithm_and_the_logger_has_a_row():
    assert set(ROWS) == set(ALGORITHMS) | {"checkgrad", "Logger"}
    assert all(hasattr(optim, name) for name in ROWS)


@pytest.mark.parametrize("name", ALGORITHMS)
def test_row_lists_the_config_keys(name):
    spec = importlib.import_module(f"nnlib.optim.{name}").SPEC
    assert sorted(ROWS[name]) == sorted(spec)


def test_logger_row_lists_its_methods():
    assert ROWS["Logger"] and all(callable(getattr(optim.Logger, m)) for m in ROWS["Logger"])
