"""nnlib.nn against torch/nn's class list and the porting guide.

`torch_nn_classes.txt` is the list of the CPU classes torch/nn's `init.lua` loads (its
last commit). Every one is in `nnlib.nn` or named, with a reason, under "Not ported" in
docs/porting-from-torch7.md; every class there has a row whose nnlib signature is the
class's own, so the guide cannot go stale.
"""
import inspect
import re
from pathlib import Path

import pytest

from nnlib import nn

ROOT = Path(__file__).resolve().parents[2]
TORCH_NN_CLASSES = Path(__file__).with_name("torch_nn_classes.txt").read_text().split()
GUIDE = (ROOT / "docs" / "porting-from-torch7.md").read_text()


def _table_rows(text):
    """(first cell, second cell, rest) of every table row whose first cell starts with `nn.`."""
    rows = []
    for line in text.splitlines():
        if line.startswith("| nn."):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows.append(cells)
    return rows


def _section(title):
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", GUIDE, re.M | re.S)
    return match.group(1) if match else ""


CLASS_ROWS = _table_rows(_section("Classes"))
EXCLUDED = {re.match(r"nn\.(\w+)", cells[0]).group(1): cells[1] for cells in _table_rows(_section("Not ported"))}


def _class_name(cell):
    return re.match(r"nn\.(\w+)", cell).group(1)


def _top_level_split(text):
    """Split an argument list at commas outside brackets."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [p.strip() for p in parts + [current] if p.strip()]


def _documented_parameters(cell):
    inside = cell[cell.index("(") + 1:cell.rindex(")")]
    return [re.match(r"\**\w+", p).group(0) for p in _top_level_split(inside)]


def _actual_parameters(cls):
    names = []
    for p in list(inspect.signature(cls).parameters.values()):
        prefix = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}.get(p.kind, "")
        names.append(prefix + p.name)
    return names


def test_every_torch_nn_class_is_in_nnlib_or_excluded_with_a_reason():
    missing = [name for name in TORCH_NN_CLASSES if not hasattr(nn, name) and name not in EXCLUDED]
    assert not missing, f"torch/nn classes neither in nnlib.nn nor under 'Not ported': {missing}"
    assert all(reason for reason in EXCLUDED.values())
    assert not [name for name in EXCLUDED if hasattr(nn, name)], "a class both ported and listed as not ported"


def test_every_ported_torch_nn_class_has_a_row():
    documented = {_class_name(cells[1]) for cells in CLASS_ROWS}
    missing = [name for name in TORCH_NN_CLASSES if hasattr(nn, name) and name not in documented]
    assert not missing, f"classes without a row in docs/porting-from-torch7.md: {missing}"


@pytest.mark.parametrize("cells", CLASS_ROWS, ids=lambda cells: cells[1].split("(")[0])
def test_row_signature_is_the_class_signature(cells):
    """A row's nnlib cell is `nn.Name(parameters)` with the class's own parameter names, or (a namespace
    such as nn.Jacobian) names what it documents in words."""
    name = _class_name(cells[1])
    assert hasattr(nn, name), f"the row {cells[1]} names nothing of nnlib.nn"
    if re.match(r"nn\.\w+\(", cells[1]):
        assert _documented_parameters(cells[1]) == _actual_parameters(getattr(nn, name)), cells[1]
    assert len(cells) >= 3 and cells[2], f"the row of {name} says nothing about differences"
