"""Fuzzing the config checker (workflow/rules/common.smk's check_config): any mutation of the smoke
config is accepted or refused with one WorkflowError listing the keys, never another exception."""
import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from snakemake.exceptions import WorkflowError

from .conftest import FUZZ

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = str(ROOT / "workflow/schemas/config.schema.yaml")
SMOKE = yaml.safe_load((ROOT / "config/smoke.yaml").read_text())


@pytest.fixture(scope="module")
def common():
    namespace = {}
    exec(compile((ROOT / "workflow/rules/common.smk").read_text(), "common.smk", "exec"), namespace)
    return namespace


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


PATHS = list(_paths(SMOKE))[1:]
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10 ** 20, 10 ** 20), st.floats(allow_nan=True),
              st.text(max_size=12), st.sampled_from(["md5:0", "sha256:" + "a" * 64, "file:///nowhere", "all", "-1"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6)


@settings(FUZZ, max_examples=60)
@given(st.lists(st.tuples(st.sampled_from(PATHS), st.sampled_from(["set", "delete", "rename"]), values),
                min_size=1, max_size=4))
def test_mutated_configs_pass_or_fail_with_one_workflow_error(common, mutations):
    config = copy.deepcopy(SMOKE)
    for path, how, value in mutations:
        parent = config
        try:
            for key in path[:-1]:
                parent = parent[key]
            if how == "set":
                parent[path[-1]] = value
            elif how == "delete":
                del parent[path[-1]]
            else:
                parent[f"{path[-1]}x" if isinstance(parent, dict) else 0] = parent.pop(path[-1])
        except (KeyError, IndexError, TypeError, AttributeError):
            continue  # an earlier mutation removed or retyped this path
    try:
        common["check_config"](config, SCHEMA)
    except WorkflowError as e:
        assert "invalid config" in str(e) and "config." in str(e)
