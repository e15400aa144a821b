"""The older e-Lab face detector (torch/demos' face-detector, built from nnx modules), saved by Torch7,
loads and runs in nnlib as a numpy forward written from its raw tensors computes it, and survives a save."""
import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from nnlib import nn, torch7
from nnlib.torch7 import Torch7MappingError, TorchObject

from .conftest import data_file
from .test_mapping import _state

FILES = ["face-detector-face.net", "face-detector-face.net.ascii"]
LAYERS = [nn.SpatialNormalization, nn.SpatialConvolution, nn.Tanh, nn.Abs, nn.SpatialSubSampling, nn.Tanh,
          nn.SpatialConvolutionMap, nn.Tanh, nn.SpatialClassifier]


def _correlate(x, w):
    """Valid cross-correlation of planes x (C, H, W) with kernels w (C, kH, kW), each plane its own kernel."""
    return np.einsum("chwij,cij->chw", sliding_window_view(x, w.shape[1:], axis=(1, 2)), w)


def _normalization(raw, x):
    """nnx's SpatialNormalization forward through its saved sub-modules' tensors."""
    def convo(seq, a):
        pad, conv, _, _ = seq["modules"]
        a = np.pad(a, ((0, 0), (int(pad["pad_t"]), int(pad["pad_b"])), (int(pad["pad_l"]), int(pad["pad_r"]))))
        planes = _correlate(a, conv["weight"]) + conv["bias"][:, None, None]
        return np.repeat(planes.sum(axis=0, keepdims=True), int(raw["nfeatures"]), axis=0)

    coef = convo(raw["convo"], np.ones_like(x))
    zero_mean = x - convo(raw["convo"], x) / coef
    std = np.sqrt(convo(raw["convostd"], zero_mean ** 2)) / coef
    t = raw.get("fixedThres") or max(std.mean(), 1e-3)
    return zero_mean / np.where(std > t, std, t)


def _reference(raw, x):
    """The detector's forward on one (1, H, W) window, layer by layer from the raw saved tensors."""
    h = x.astype(np.float64)
    for layer in raw["modules"]:
        kind = layer.typename
        if kind == "nn.SpatialNormalization":
            h = _normalization(layer, h)
        elif kind == "nn.SpatialConvolution":
            w = layer["weight"]
            h = np.einsum("ihwyx,oiyx->ohw", sliding_window_view(h, w.shape[2:], axis=(1, 2)), w)
            h = h + layer["bias"][:, None, None]
        elif kind == "nn.SpatialSubSampling":
            k, d = int(layer["kW"]), int(layer["dW"])
            sums = sliding_window_view(h, (k, k), axis=(1, 2))[:, ::d, ::d].sum(axis=(3, 4))
            h = sums * layer["weight"][:, None, None] + layer["bias"][:, None, None]
        elif kind == "nn.SpatialConvolutionMap":
            table = layer["connTable"].astype(int) - 1
            w = layer["weight"]
            out = np.zeros((int(layer["nOutputPlane"]),) + (h.shape[1] - w.shape[1] + 1, h.shape[2] - w.shape[2] + 1))
            np.add.at(out, table[:, 1], _correlate(h[table[:, 0]], w))
            h = out + layer["bias"][:, None, None]
        elif kind == "nn.Tanh":
            h = np.tanh(h)
        elif kind == "nn.Abs":
            h = np.abs(h)
        elif kind == "nn.SpatialClassifier":
            linear = layer["classifier"]
            h = np.einsum("mk,khw->mhw", linear["weight"], h) + linear["bias"][:, None, None]
        else:
            raise AssertionError(f"unexpected layer {kind}")
    return h


@pytest.mark.parametrize("name", FILES)
def test_the_nnx_detector_loads_and_matches_a_forward_from_its_raw_tensors(name):
    path = data_file(name)
    model = torch7.load(path)
    assert [type(m) for m in model.modules] == LAYERS and model.dtype == np.float64
    normalization, classifier = model.modules[0], model.modules[-1]
    assert normalization.kernel.shape == (7, 7) and normalization.threshold is None
    assert isinstance(classifier.classifier, nn.Linear) and classifier.spatial_output
    raw = torch7.load(path, strict=False)
    rng = np.random.default_rng(0)
    for window in (rng.uniform(0, 1, (1, 32, 32)), rng.standard_normal((1, 32, 32)) * 0.1 + 0.5):
        out = model.forward(window)
        assert out.shape == (2, 1, 1)
        np.testing.assert_allclose(out, _reference(raw, window), rtol=1e-10, atol=1e-12)


def test_ascii_and_binary_files_hold_the_same_detector():
    binary, ascii = (torch7.load(data_file(name)) for name in FILES)
    window = np.random.default_rng(1).uniform(0, 1, (1, 32, 32))
    # the ascii file holds its doubles with fewer digits
    np.testing.assert_allclose(ascii.forward(window), binary.forward(window), rtol=1e-4, atol=1e-5)


def test_a_batch_of_windows_is_each_window_classified():
    model = torch7.load(data_file("face-detector-face.net"))
    windows = np.random.default_rng(2).uniform(0, 1, (3, 1, 32, 32))
    out = model.forward(windows).copy()
    assert out.shape == (3, 2, 1, 1)
    for n in range(3):
        np.testing.assert_allclose(model.forward(windows[n]), out[n], rtol=1e-12)


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("fmt", ["binary", "ascii"])
def test_the_nnx_detector_round_trips_bit_for_bit(name, fmt, tmp_path):
    path = data_file(name)
    model = torch7.load(path)
    out = tmp_path / "detector.t7"
    torch7.save(out, model, format=fmt)
    back = torch7.load(out)
    assert _state(back) == _state(model)
    normalization = back.modules[0]
    assert normalization.kernel.tobytes() == model.modules[0].kernel.tobytes()
    window = np.random.default_rng(3).uniform(0, 1, (1, 32, 32))
    np.testing.assert_array_equal(back.forward(window), model.forward(window))
    original, saved = torch7.load(path, strict=False), torch7.load(out, strict=False)
    for a, b in zip(original["modules"], saved["modules"]):
        assert a.typename == b.typename
        for key in ("weight", "bias", "connTable", "kernel"):
            if key in a:
                assert a[key].shape == b[key].shape and a[key].tobytes() == b[key].tobytes(), (a.typename, key)
    # what nnx's constructor builds, so Torch7 runs it: its padded one-to-one convolutions hold the kernel
    conv = saved["modules"][0]["convo"]["modules"][1]
    assert conv.typename == "nn.SpatialConvolutionMap" and conv["weight"].tobytes() == original["modules"][0][
        "convo"]["modules"][1]["weight"].tobytes()
    assert [m.typename for m in saved["modules"][0]["convostd"]["modules"]] == \
        ["nn.SpatialPadding", "nn.SpatialConvolutionMap", "nn.Sum", "nn.Replicate"]
    assert saved["modules"][8]["modules"][0] is saved["modules"][8]["classifier"]


def test_torchfile_reads_the_saved_nnx_detector(tmp_path):
    torchfile = pytest.importorskip("torchfile")
    model = torch7.load(data_file("face-detector-face.net"))
    out = tmp_path / "detector.t7"
    torch7.save(out, model)
    theirs = torchfile.load(str(out))
    norm = theirs[b"modules"][0]
    assert norm.torch_typename() == b"nn.SpatialNormalization" and norm[b"nfeatures"] == 1
    assert norm[b"kernel"].tobytes() == model.modules[0].kernel.tobytes()
    assert theirs[b"modules"][8][b"classifier"][b"weight"].tobytes() == model.modules[8].classifier.weight.tobytes()


def test_a_normalization_whose_convolutions_are_not_its_kernel_is_refused():
    raw = torch7.load(data_file("face-detector-face.net"), strict=False)
    raw["modules"][0]["convostd"]["modules"][1]["weight"][0, 3, 3] += 1
    with pytest.raises(Torch7MappingError, match=r"nn.SpatialNormalization at modules\[1\]: the convolutions of "
                                                 r"field 'convostd' are not its kernel"):
        torch7.mapping.to_nnlib(raw)


@pytest.mark.parametrize("fields, match", [
    ({"nfeatures": 1.0, "kernel": np.ones(3)}, "field 'kernel' should be a 2-D tensor or a table of two"),
    ({"nfeatures": 1.0}, "field 'kernel' should be a 2-D tensor"),
    ({"kernel": np.ones((3, 3))}, "has no field 'nfeatures'"),
])
def test_bad_normalization_objects_name_the_field(fields, match):
    with pytest.raises(Torch7MappingError, match=match):
        torch7.mapping.to_nnlib(TorchObject("nn.SpatialNormalization", fields))


def test_old_spatial_padding_objects_pad_the_h_and_w_of_an_image():
    # the detector's files predate nnx's y_dim/x_dim/val fields
    pad = torch7.mapping.to_nnlib(TorchObject("nn.SpatialPadding", {"pad_l": 1.0, "pad_r": 2.0, "pad_t": 0.0,
                                                                    "pad_b": 1.0}))
    assert (pad.y_dim, pad.x_dim, pad.val) == (1, 2, 0.0)


def test_a_padding_of_axes_from_the_end_cannot_be_saved(tmp_path):
    with pytest.raises(ValueError, match=r"SpatialPadding.*counted from the end.*y_dim and x_dim >= 0"):
        torch7.save(tmp_path / "p.t7", nn.SpatialPadding(1, y_dim=-2, x_dim=-1))

