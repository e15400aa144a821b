"""The benchmark harness runs its cases and writes its CSV (speed itself is never asserted)."""
import csv

import numba
import pytest

import nnlib
from benchmarks import harness

CHEAP_CASES = ["mlp_784-200-200-10_b20", "mlp_bn_dropout_784-200-200-10_b20", "seed_cnn_b10", "seq10_iteration"]


def test_every_case_module_loads_and_names_are_unique():
    names = [case.name for case in harness.load_cases()]
    assert len(names) == len(set(names))
    assert set(CHEAP_CASES) <= set(names)


@pytest.fixture
def restore_threads():
    yield
    nnlib.set_num_threads(numba.config.NUMBA_NUM_THREADS)


def test_harness_writes_one_row_per_case(tmp_path, restore_threads):
    out = tmp_path / "bench.csv"
    harness.main(CHEAP_CASES + ["--threads", "1,2", "--rounds", "1", "--seconds", "0.01", "--out", str(out)])
    with open(out) as f:
        rows = list(csv.DictReader(f))
    assert [r["case"] for r in rows] == CHEAP_CASES
    for row in rows:
        assert float(row["nnlib_per_s"]) > 0
        assert row["nnlib_threads"] in ("1", "2")
        assert row["blas"] and row["cpu"] and row["isa"] in ("AVX-512", "AVX2", "other")


def test_thread_counts_are_checked():
    with pytest.raises(SystemExit):
        harness.main(["--threads", "0,two"])
