"""Every public class of `nnlib.nn` and `nnlib.nngraph` documents itself as torch/nn/modules does.

The rule, per class (its own docstring, not a base class's):
- a one-line summary: the first line is not empty and, if more follows, a blank line comes next;
- an `Args:` section with an entry (`name: ...`, or Torch7's grouped `kW, kH: ...`) for every
  constructor parameter of `inspect.signature(cls)` (`*modules` may be written `modules` or
  `*modules`); a class whose constructor takes nothing needs no `Args:`;
- a `Shape:` section with a body for every module and criterion: a layer gives its Input and
  Output, a criterion its Input and Target, a container or decorator what it takes and gives
  (usually "as its children"). The abstract bases `Module` and `Criterion` state the contract
  rather than a shape and are exempt, as are classes that are not modules (`Jacobian`,
  `StochasticGradient`, nngraph's `Node`);
- every constructor parameter carries a type annotation (the typed public signature).
"""
import inspect
import re

import pytest

from nnlib import nn, nngraph
from nnlib.nn.criterion import Criterion
from nnlib.nn.module import Module

SHAPE_EXEMPT = {Module, Criterion}


def _public_classes():
    found = {}
    for package, names in ((nn, dir(nn)), (nngraph, nngraph.__all__)):
        for name in names:
            obj = getattr(package, name)
            if not name.startswith("_") and inspect.isclass(obj) and obj.__module__.startswith("nnlib."):
                found[f"{package.__name__}.{name}"] = obj
    return found


CLASSES = _public_classes()


def _parameters(cls):
    try:
        signature = inspect.signature(cls)
    except (TypeError, ValueError):  # pragma: no cover - a class without a Python signature
        return []
    return [p for p in signature.parameters.values() if not p.name.startswith("_")]


def _section(doc, title):
    """The lines of section `title:` (up to the next `Word:` heading at the same indentation), or None."""
    lines = doc.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == f"{title}:":
            indent = len(line) - len(line.lstrip())
            body = []
            for rest in lines[i + 1:]:
                if rest.strip() and len(rest) - len(rest.lstrip()) <= indent:
                    break
                body.append(rest)
            return body
    return None


def _documented_names(args_body):
    """Names given at the first indentation level of an Args section: `name: ...`, `a, b: ...`."""
    entries = [line for line in args_body if line.strip()]
    if not entries:
        return set()
    indent = min(len(line) - len(line.lstrip()) for line in entries)
    names = set()
    for line in entries:
        if len(line) - len(line.lstrip()) != indent:
            continue
        head = re.match(r"\s*([\w*]+(?:\s*,\s*[\w*]+)*)\s*(?:\([^)]*\))?:", line)
        if head:
            names.update(n.strip().lstrip("*") for n in head.group(1).split(","))
    return names


def test_the_walk_finds_the_classes():
    assert len(CLASSES) > 200 and "nnlib.nn.Linear" in CLASSES and "nnlib.nngraph.gModule" in CLASSES


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_docstring_has_summary_args_and_shape(name):
    cls = CLASSES[name]
    doc = inspect.cleandoc(cls.__dict__.get("__doc__") or "")
    assert doc, f"{name} has no docstring of its own"
    lines = doc.splitlines()
    assert lines[0].strip(), f"{name}: the docstring's first line must be a one-line summary"
    assert len(lines) == 1 or not lines[1].strip(), f"{name}: the one-line summary must be followed by a blank line"
    params = _parameters(cls)
    if params:
        body = _section(doc, "Args")
        assert body is not None, f"{name}: no Args: section for its parameters {[p.name for p in params]}"
        missing = [p.name for p in params if p.name not in _documented_names(body)]
        assert not missing, f"{name}: Args: does not name {missing}"
    if issubclass(cls, (Module, Criterion)) and cls not in SHAPE_EXEMPT:
        body = _section(doc, "Shape")
        assert body is not None and any(line.strip() for line in body), f"{name}: no Shape: section"


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_constructor_parameters_are_typed(name):
    untyped = [p.name for p in _parameters(CLASSES[name]) if p.annotation is inspect.Parameter.empty]
    assert not untyped, f"{name}: constructor parameters without a type annotation: {untyped}"
