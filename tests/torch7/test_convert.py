"""`python -m nnlib.torch7 convert`: the generated torch.nn model with the safetensors weights computes what
nnlib computes (to 1e-5), for the real face detectors and for nnlib-built models saved as .t7."""
import importlib.util
import logging
import subprocess
import sys

import numpy as np
import pytest

from nnlib import nn, torch7
from nnlib.torch7.__main__ import main
from nnlib.torch7.convert import ConversionError, convert, generate

from .conftest import REPO_ROOT, data_file

torch = pytest.importorskip("torch", reason="the converter's output is checked in PyTorch, which is not installed")
pytest.importorskip("safetensors", reason="the converter writes safetensors (pip install safetensors)")


def _load_generated(out_dir):
    spec = importlib.util.spec_from_file_location(f"converted_{abs(hash(str(out_dir)))}", out_dir / "model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check_same_outputs(nnlib_model, out_dir, x):
    generated = _load_generated(out_dir)
    theirs = generated.load_model()
    with torch.no_grad():
        got = theirs(torch.from_numpy(x)).numpy()
    want = nnlib_model.evaluate().forward(x)
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", ["face-detector-elab-model.net", "face-detector-new-face.net"])
def test_the_face_detectors_convert_and_agree_with_nnlib(name, tmp_path, caplog):
    path = data_file(name)
    with caplog.at_level(logging.INFO, logger="nnlib.torch7.convert"):
        report = convert(path, tmp_path / "out")
    assert not report.unsupported
    lines = caplog.messages
    assert any("0.0 nn.SpatialConvolutionMM -> nn.Conv2d" in m for m in lines)  # a progress line per module
    assert any(m.startswith("converted 11 modules") for m in lines)
    x = np.random.default_rng(0).standard_normal((3, 1, 32, 32)).astype(np.float32)
    _check_same_outputs(torch7.load(path), tmp_path / "out", x)


def _mlp():
    return nn.Sequential(nn.Linear(5, 7), nn.Tanh(), nn.Dropout(0.3), nn.Linear(7, 6), nn.ReLU(),
                         nn.Linear(6, 3, bias=False), nn.LogSoftMax())


def _cnn():
    bn = nn.SpatialBatchNormalization(4, 1e-3)
    rng = np.random.default_rng(2)
    bn.running_mean[...] = rng.standard_normal(4)
    bn.running_var[...] = rng.uniform(0.5, 2, 4)
    avg = nn.SpatialAveragePooling(3, 3, 2, 2, 1, 1).ceil()
    avg.set_count_exclude_pad()
    return nn.Sequential(
        nn.SpatialConvolution(2, 4, 3, 3, 1, 1, 1, 1), bn, nn.PReLU(4), nn.SpatialMaxPooling(2, 2, 2, 2).ceil(),
        nn.SpatialConvolutionMM(4, 5, 3, 2, 1, 1, 0, 1), nn.SpatialZeroPadding(1, 0, 0, 1), nn.ELU(0.5), avg,
        nn.SpatialCrossMapLRN(3), nn.View(-1).set_num_input_dims(3), nn.Linear(5 * 4 * 2, 4), nn.Threshold(0.1, -1.0),
        nn.Sequential(nn.Linear(4, 6), nn.View(2, 3), nn.Reshape(6)), nn.SoftMax())


@pytest.mark.parametrize("make, shape", [(_mlp, (4, 5)), (_cnn, (2, 2, 7, 5))], ids=["mlp", "cnn"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_nnlib_models_saved_as_t7_convert_and_agree(make, shape, dtype, tmp_path):
    model = make().astype(dtype)
    torch7.save(tmp_path / "model.t7", model)
    report = convert(tmp_path / "model.t7", tmp_path / "out")
    assert not report.unsupported
    x = np.random.default_rng(1).standard_normal(shape).astype(dtype)
    _check_same_outputs(torch7.load(tmp_path / "model.t7"), tmp_path / "out", x)


def test_unsupported_modules_fail_unless_partial_is_allowed(tmp_path, capsys):
    model = nn.Sequential(nn.Linear(3, 4), nn.Abs(), nn.Concat(1, nn.Linear(4, 2), nn.Linear(4, 2)))
    torch7.save(tmp_path / "m.t7", model)
    with pytest.raises(SystemExit) as e:
        main(["convert", str(tmp_path / "m.t7"), str(tmp_path / "out"), "-q"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "1: nn.Abs (no torch.nn twin)" in err and "2: nn.Concat" in err and "--allow-partial" in err
    assert not (tmp_path / "out").exists()
    assert main(["convert", str(tmp_path / "m.t7"), str(tmp_path / "out"), "--allow-partial", "-q"]) == 1
    generated = _load_generated(tmp_path / "out")
    assert generated.PARTIAL
    partial = generated.load_model()
    with torch.no_grad():
        np.testing.assert_allclose(partial[0](torch.ones(2, 3)).numpy(),
                                   model.modules[0].forward(np.ones((2, 3), np.float32)), rtol=1e-6)
        with pytest.raises(NotImplementedError, match="nn.Abs has no PyTorch twin"):
            partial(torch.ones(2, 3))


def test_views_without_a_batch_axis_reshape_everything(tmp_path):
    # Torch7's View(-1) (no numInputDims) and Reshape(..., batch_mode=False) merge the batch axis in
    model = nn.Sequential(nn.View(-1), nn.Reshape(6, 4, batch_mode=False), nn.View(-1, 2), nn.View(-1, 8))
    torch7.save(tmp_path / "v.t7", model)
    convert(tmp_path / "v.t7", tmp_path / "out")
    _check_same_outputs(model, tmp_path / "out", np.arange(24, dtype=np.float32).reshape(2, 3, 4))


def test_a_v1_dropout_is_unsupported():
    # Torch7's old dropout scales its output at evaluation, which torch.nn.Dropout never does
    with pytest.raises(ConversionError, match=r"nn.Dropout \(this configuration has no exact torch.nn twin\)"):
        generate(nn.Sequential(nn.Dropout(0.5, True)))


def test_a_checkpoint_table_needs_its_key(tmp_path):
    model = nn.Linear(3, 2)
    torch7.save(tmp_path / "ckpt.t7", {"model": model, "epoch": 3})
    with pytest.raises(ConversionError, match=r"holds a dict, not a model \(its fields: model, epoch; pick the model "
                                              r"with --key\)"):
        convert(tmp_path / "ckpt.t7", tmp_path / "out")
    convert(tmp_path / "ckpt.t7", tmp_path / "out", key="model")
    _check_same_outputs(model, tmp_path / "out", np.ones((2, 3), np.float32))


def test_the_command_line_has_help():
    out = subprocess.run([sys.executable, "-m", "nnlib.torch7", "convert", "--help"], capture_output=True, text=True,
                         cwd=REPO_ROOT, env={"PYTHONPATH": str(REPO_ROOT)}, check=True).stdout
    assert "OUT_DIR" in out and "--allow-partial" in out and "model.safetensors" in out
