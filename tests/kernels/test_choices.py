"""The thresholds table: complete entries, the machine classes, and the emulation of another ISA."""
import os
import subprocess
import sys

import pytest

from nnlib.kernels import _choices, _config, _gemm, _matmul, batch_norm, spatial_convolution, volumetric_convolution


def test_every_entry_has_a_fallback_and_says_what_was_measured():
    for op, table in _choices.TABLES.items():
        for name, entry in table.items():
            assert "any" in entry and entry["measured"].strip(), f"{op}.{name}"
            assert set(entry) <= {"any", "avx512", "avx2", "measured"}, f"{op}.{name}"


def test_kernel_modules_take_their_thresholds_from_the_table():
    assert _gemm.TRANSPOSED_MAX_ROWS == _choices.choice("gemm", "transposed_max_rows")
    assert _matmul.FUSED_MAX_HIDDEN == _choices.choice("recurrent", "inline_max_hidden")
    assert _config.PARALLEL_MIN_SIZE == _choices.choice("elementwise", "parallel_min_size")
    assert batch_norm.PARALLEL_MIN_VALUES == _choices.choice("batch_norm", "parallel_min_values")
    assert spatial_convolution.PER_IMAGE_MIN_PLANE == _choices.choice("spatial_convolution", "per_image_min_plane")
    assert volumetric_convolution.PER_VOLUME_MIN_PLANE == _choices.choice("volumetric_convolution",
                                                                          "per_volume_min_plane")


@pytest.mark.parametrize("cpu, machine", [("haswell", "avx2"), ("znver3", "avx2"), ("rocketlake", "avx512"),
                                          ("znver4", "avx512"), ("generic", "any")])
def test_machine_classes(cpu, machine):
    assert _choices.machine_class(cpu) == machine


def test_a_machine_class_value_overrides_the_fallback(monkeypatch):
    monkeypatch.setitem(_choices.TABLES["gemm"], "probe", {"any": 1, "avx512": 2, "measured": "test"})
    assert _choices.choice("gemm", "probe", "avx512") == 2
    assert _choices.choice("gemm", "probe", "avx2") == 1


def test_an_unknown_threshold_names_the_known_ones():
    with pytest.raises(KeyError, match="transposed_max_rows"):
        _choices.choice("gemm", "transposed_rows")


def test_numba_cpu_name_emulates_another_machine():
    code = "from nnlib.kernels import _choices; print(_choices.MACHINE)"
    env = dict(os.environ, NUMBA_CPU_NAME="haswell")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "avx2"
