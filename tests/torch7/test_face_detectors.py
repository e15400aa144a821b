"""The e-Lab face detectors (torch/demos), saved by Torch7, load and run in nnlib, and survive a save."""
import numpy as np
import pytest

from nnlib import nn, torch7

from .conftest import data_file

ELAB = ["face-detector-elab-model.net", "face-detector-new-face.net"]


def _reference(raw, x):
    """The detector's forward pass in PyTorch (float64), from the raw saved tensors."""
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    features, classifier = raw["modules"]
    h = torch.from_numpy(x.astype(np.float64))
    for layer in features["modules"]:
        kind = layer.typename
        if kind == "nn.SpatialConvolutionMM":
            n_out, n_in, kh, kw = (int(layer[k]) for k in ("nOutputPlane", "nInputPlane", "kH", "kW"))
            w = torch.from_numpy(np.asarray(layer["weight"], np.float64).reshape(n_out, n_in, kh, kw))
            h = F.conv2d(h, w, torch.from_numpy(np.asarray(layer["bias"], np.float64)))
        elif kind == "nn.Threshold":
            h = F.threshold(h, layer["threshold"], layer["val"])
        elif kind == "nn.SpatialMaxPooling":
            h = F.max_pool2d(h, (int(layer["kH"]), int(layer["kW"])), (int(layer["dH"]), int(layer["dW"])))
    reshape, linear, _ = classifier["modules"]
    h = h.reshape(h.shape[0], int(reshape["nelement"]))
    h = F.linear(h, torch.from_numpy(np.asarray(linear["weight"], np.float64)),
                 torch.from_numpy(np.asarray(linear["bias"], np.float64)))
    return F.log_softmax(h, dim=1).numpy()


@pytest.mark.parametrize("name", ELAB)
def test_elab_detectors_load_as_nnlib_modules_and_match_a_pytorch_reference(name):
    path = data_file(name)
    model = torch7.load(path)
    features, classifier = model.modules
    assert [type(m) for m in features.modules] == [nn.SpatialConvolutionMM, nn.Threshold, nn.SpatialMaxPooling,
                                                   nn.SpatialConvolutionMM, nn.Threshold]
    assert [type(m) for m in classifier.modules] == [nn.Reshape, nn.Linear, nn.LogSoftMax]
    assert model.dtype == np.float32 and features.modules[0].weight.ndim == 4
    x = np.random.default_rng(0).standard_normal((3, 1, 32, 32)).astype(np.float32)
    out = model.forward(x)
    assert out.shape == (3, 2)
    np.testing.assert_allclose(out, _reference(torch7.load(path, strict=False), x), rtol=1e-4, atol=1e-4)


def test_the_feature_extractor_runs_fully_convolutionally_over_a_bigger_image():
    model = torch7.load(data_file("face-detector-elab-model.net"))
    features = model.modules[0]
    image = np.random.default_rng(1).standard_normal((1, 1, 60, 44)).astype(np.float32)
    maps = features.forward(image)
    # field of view 32, subsampling 4: one 32-pixel window every 4 pixels
    assert maps.shape == (1, 32, (60 - 32) // 4 + 1, (44 - 32) // 4 + 1)
    window = image[:, :, 8:40, 4:36]
    np.testing.assert_allclose(features.forward(window)[0, :, 0, 0], maps[0, :, 2, 1], rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", ELAB)
@pytest.mark.parametrize("fmt", ["binary", "ascii"])
def test_a_loaded_detector_saves_back_as_torch7_wrote_it(name, fmt, tmp_path):
    torchfile = pytest.importorskip("torchfile")
    path = data_file(name)
    model = torch7.load(path)
    out = tmp_path / "detector.t7"
    torch7.save(out, model, format=fmt)
    back = torch7.load(out)
    x = np.random.default_rng(2).standard_normal((2, 1, 32, 32)).astype(np.float32)
    np.testing.assert_array_equal(back.forward(x), model.forward(x))
    original, saved = torch7.load(path, strict=False), torch7.load(out, strict=False)
    for a, b in zip(_modules(original), _modules(saved)):
        assert a.typename == b.typename
        for key in ("weight", "bias"):
            if key in a:
                assert a[key].shape == b[key].shape and a[key].tobytes() == b[key].tobytes(), (a.typename, key)
        for key in ("kW", "kH", "dW", "dH", "nInputPlane", "nOutputPlane", "threshold", "val", "nelement"):
            if key in a:
                assert a[key] == b[key], (a.typename, key)
    if fmt == "binary":
        theirs = torchfile.load(str(out))
        conv = theirs[b"modules"][0][b"modules"][0]
        assert conv.torch_typename() == b"nn.SpatialConvolutionMM"
        assert conv[b"weight"].tobytes() == original["modules"][0]["modules"][0]["weight"].tobytes()


def _modules(obj):
    found = [obj]
    for child in obj.get("modules", []):
        found.extend(_modules(child))
    return found
