import hashlib
import os
import sys

import h5py
import numpy as np
import pytest

import nnlib
from nnlib import nn, optim


@nnlib.io.register_module
class Gated(nn.Module):
    """A custom module whose child lives in a plain attribute (not a Container)."""

    transient_attributes = ("cache",)

    def __init__(self, n):
        super().__init__()
        self.inner = nn.Linear(n, n)
        self.scale = 0.5
        self.label = "gate"
        self.shape = (n, (1, 2.5), [None, True])
        self.register_buffer("offset", np.arange(n))
        self.cache = {"not": object()}

    def children(self):
        return [self.inner]

    def update_output(self, input):
        out = self._buffer("_out", input.shape)
        out[...] = self.inner.forward(input) * self.dtype.type(self.scale) + self.offset
        self.output = out
        return out


@nnlib.io.register_module
class Holder(nn.Sequential):
    """A container that also keeps one of its children in an attribute (like a Recurrent's input module)."""

    def __init__(self):
        super().__init__(nn.Linear(2, 2), nn.Tanh())
        self.input_module = self.modules[0]


def reseal(path):
    """Rewrite the file checksum header after an edit, as a forger (or a deliberate edit) would."""
    data = bytearray(path.read_bytes())
    digest = hashlib.sha256(data[512:]).hexdigest().encode()
    data[:512] = (b"NNLIB-SHA256 " + digest + b"\n").ljust(512, b"\0")
    path.write_bytes(bytes(data))


def mlp():
    return nn.Sequential(nn.Linear(5, 7), nn.ReLU(), nn.Linear(7, 3), nn.LogSoftMax())


def test_sequential_round_trip(tmp_path):
    model = mlp()
    x = np.random.default_rng(0).standard_normal((4, 5)).astype(np.float32)
    expected = model.forward(x).copy()
    model.backward(x, np.ones_like(expected))
    nnlib.save(tmp_path / "model.h5", model)
    loaded = nnlib.load(tmp_path / "model.h5")

    assert type(loaded) is nn.Sequential and repr(loaded) == repr(model)
    for p, q in zip(model.parameters()[0], loaded.parameters()[0]):
        assert p.dtype == q.dtype and p.tobytes() == q.tobytes()
    assert all(not g.any() for g in loaded.parameters()[1])  # gradients are not stored
    assert loaded.output is None and loaded.modules[0].grad_input is None
    np.testing.assert_array_equal(loaded.forward(x), expected)
    loaded.backward(x, np.ones_like(expected))
    for g, h in zip(model.parameters()[1], loaded.parameters()[1]):
        np.testing.assert_array_equal(g, h)


def test_float64_model_and_train_flag(tmp_path):
    model = mlp().astype(np.float64).evaluate()
    nnlib.save(tmp_path / "m.h5", model)
    loaded = nnlib.load(tmp_path / "m.h5")
    assert loaded.dtype == np.float64 and loaded.modules[0].weight.dtype == np.float64
    assert not any(m.train for m in loaded.list_modules())


def test_shared_weights_stay_shared(tmp_path):
    model = nn.Sequential(nn.Linear(3, 3), nn.Tanh(), nn.Linear(3, 3))
    model.modules[2].share(model.modules[0], "weight", "bias")
    model.get_parameters()  # parameters become views into one flat array
    twin = model.clone("weight", "bias")
    assert twin.modules[2].weight is model.modules[0].weight
    nnlib.save(tmp_path / "tied.h5", [model, twin])
    loaded, loaded_twin = nnlib.load(tmp_path / "tied.h5")

    first, last = loaded.modules[0], loaded.modules[2]
    assert first.weight is last.weight and first.grad_weight is last.grad_weight
    assert loaded_twin.modules[0].weight is first.weight
    first.weight += 1  # updating one updates the others
    np.testing.assert_array_equal(last.weight, loaded_twin.modules[2].weight)
    np.testing.assert_array_equal(last.weight, model.modules[0].weight + 1)
    flat, _ = loaded.get_parameters()
    assert flat.size == 3 * 3 + 3


def test_custom_module_with_a_child_in_an_attribute(tmp_path):
    module = Gated(3)
    x = np.ones((2, 3), dtype=np.float32)
    expected = module.forward(x).copy()
    nnlib.save(tmp_path / "gated.h5", module)
    loaded = nnlib.load(tmp_path / "gated.h5")

    assert type(loaded) is Gated and type(loaded.inner) is nn.Linear
    assert loaded.inner.weight.tobytes() == module.inner.weight.tobytes()
    assert (loaded.scale, loaded.label, loaded.shape) == (0.5, "gate", (3, (1, 2.5), [None, True]))
    np.testing.assert_array_equal(loaded.offset, module.offset)
    assert loaded._out is None and loaded.cache is None  # work buffer and declared transient state
    assert [type(m) for m in loaded.list_modules()] == [Gated, nn.Linear]
    np.testing.assert_array_equal(loaded.forward(x), expected)


def test_module_held_twice_is_one_module_after_load(tmp_path):
    nnlib.save(tmp_path / "holder.h5", Holder())
    loaded = nnlib.load(tmp_path / "holder.h5")
    assert loaded.input_module is loaded.modules[0]
    assert len(loaded.parameters()[0]) == 2


def test_cycles_round_trip(tmp_path):
    model = Holder()
    model.modules[0].owner = model  # a child pointing back at its container
    loop = [1, "a"]
    loop.append(loop)
    nnlib.save(tmp_path / "cycle.h5", {"model": model, "loop": loop})
    loaded = nnlib.load(tmp_path / "cycle.h5")
    assert loaded["model"].modules[0].owner is loaded["model"]
    assert loaded["loop"][2] is loaded["loop"] and loaded["loop"][:2] == [1, "a"]


def test_local_class_is_refused_at_save(tmp_path):
    class Local(nn.Module):
        pass

    with pytest.raises(ValueError, match="cannot be imported.*define it at module level"):
        nnlib.save(tmp_path / "local.h5", nn.Sequential(Local()))
    assert os.listdir(tmp_path) == []


def test_unstorable_attribute_is_named(tmp_path):
    model = nn.Sequential(nn.Linear(2, 2))
    model.modules[0].hook = lambda x: x
    with pytest.raises(ValueError, match=r"cannot store object\.modules\[0\]\.hook of type builtins\.function"):
        nnlib.save(tmp_path / "m.h5", model)


def test_checkpoint_dicts_round_trip(tmp_path):
    values = {
        "epoch": 3, "lr": 0.1, "best": None, "name": "mlp", "flags": (True, False), "big": -2 ** 100,
        "nan": float("nan"), "inf": float("-inf"), 7: "int key", "blob": b"\x00\x01",
        "np": [np.float32(1.5), np.int64(-3), np.bool_(True), np.dtype("int16")],
        "arrays": {
            "f32": np.array([1.0, np.nan, -0.0], dtype=np.float32),
            "payload": np.array([0x7FC00001], dtype=np.uint32).view(np.float32),
            "i8": np.arange(-3, 3, dtype=np.int8).reshape(2, 3),
            "bool": np.array([True, False]),
            "scalar": np.array(2.5),
            "empty": np.zeros((0, 4)),
            "text": np.array(["a", "héllo"]),
            "fortran": np.asfortranarray(np.arange(6.0).reshape(2, 3)),
        },
    }
    values["same"] = values["arrays"]
    nnlib.save(tmp_path / "ckpt.h5", values)
    loaded = nnlib.load(tmp_path / "ckpt.h5")

    assert list(loaded) == list(values)
    for key in ("epoch", "lr", "best", "name", "flags", "big", "inf", 7, "blob"):
        assert loaded[key] == values[key] and type(loaded[key]) is type(values[key])
    assert np.isnan(loaded["nan"])
    assert [type(v) for v in loaded["np"]] == [type(v) for v in values["np"]] and loaded["np"] == values["np"]
    for key, a in values["arrays"].items():
        b = loaded["arrays"][key]
        assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    assert loaded["same"] is loaded["arrays"]


def test_optimizer_state_round_trip(tmp_path):
    def feval(v):
        r = v - np.array([1.0, -2.0, 0.5])
        return float(r @ r), 2 * r

    sgd_state, lbfgs_state = {}, {}
    x, y = np.zeros(3), np.zeros(3)
    config = {"learning_rate": 0.1, "momentum": 0.9, "learning_rates": np.array([1.0, 0.5, 0.25])}
    for _ in range(3):
        optim.sgd(feval, x, config, sgd_state)
    optim.lbfgs(feval, y, {"max_iter": 2, "line_search": "lswolfe"}, lbfgs_state)
    nnlib.save(tmp_path / "opt.h5", {"sgd": sgd_state, "lbfgs": lbfgs_state, "config": config})
    loaded = nnlib.load(tmp_path / "opt.h5")

    x2, y2 = x.copy(), y.copy()
    optim.sgd(feval, x, config, sgd_state)
    optim.sgd(feval, x2, loaded["config"], loaded["sgd"])
    np.testing.assert_array_equal(x, x2)
    optim.lbfgs(feval, y, {"max_iter": 2, "line_search": "lswolfe"}, lbfgs_state)
    optim.lbfgs(feval, y2, {"max_iter": 2, "line_search": "lswolfe"}, loaded["lbfgs"])
    np.testing.assert_array_equal(y, y2)


@pytest.mark.parametrize("bit_generator", [np.random.PCG64, np.random.MT19937, np.random.Philox])
def test_rng_state_restores_the_same_draws(tmp_path, bit_generator):
    rng = np.random.Generator(bit_generator(42))
    rng.random(3)
    nnlib.save(tmp_path / "rng.h5", {"rng": rng.bit_generator.state})
    expected = rng.standard_normal(5)
    restored = np.random.Generator(bit_generator())
    restored.bit_generator.state = nnlib.load(tmp_path / "rng.h5")["rng"]
    np.testing.assert_array_equal(restored.standard_normal(5), expected)


def test_library_rng_state(tmp_path):
    nnlib.save(tmp_path / "rng.h5", nnlib.random.get_rng_state())
    expected = nnlib.random.get_rng().random(4)
    nnlib.random.set_rng_state(nnlib.load(tmp_path / "rng.h5"))
    np.testing.assert_array_equal(nnlib.random.get_rng().random(4), expected)


def test_format_marker_and_version(tmp_path):
    nnlib.save(tmp_path / "a.h5", [1, 2])
    with h5py.File(tmp_path / "a.h5", "r") as f:
        assert f.attrs["nnlib_format"] == "nnlib"
        assert f.attrs["nnlib_format_version"] == nnlib.io.FORMAT_VERSION
    with h5py.File(tmp_path / "a.h5", "a") as f:
        f.attrs["nnlib_format_version"] = nnlib.io.FORMAT_VERSION + 1
    reseal(tmp_path / "a.h5")
    with pytest.raises(ValueError, match="newer than this nnlib's"):
        nnlib.load(tmp_path / "a.h5")


def test_text_file_is_not_an_nnlib_file(tmp_path):
    path = tmp_path / "notes.h5"
    path.write_text("hello\n")
    with pytest.raises(ValueError, match=f"{path}.*not an HDF5 file"):
        nnlib.load(path)


def test_foreign_hdf5_file_is_not_an_nnlib_file(tmp_path):
    path = tmp_path / "data.h5"
    with h5py.File(path, "w") as f:
        f["x"] = np.arange(3)
    with pytest.raises(ValueError, match=f"{path} is an HDF5 file but not an nnlib file"):
        nnlib.load(path)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.h5"):
        nnlib.load(tmp_path / "missing.h5")


def test_save_into_a_missing_directory(tmp_path):
    with pytest.raises(FileNotFoundError, match="the directory .*nowhere does not exist"):
        nnlib.save(tmp_path / "nowhere" / "m.h5", [1])


def test_failed_save_leaves_the_previous_file_and_no_temp_file(tmp_path):
    path = tmp_path / "model.h5"
    nnlib.save(path, {"weights": np.arange(4.0)})
    before = path.read_bytes()
    with pytest.raises(ValueError, match="cannot store"):
        nnlib.save(path, {"weights": np.zeros(4), "bad": object()})  # fails half-way through the write
    assert os.listdir(tmp_path) == ["model.h5"]
    assert path.read_bytes() == before
    np.testing.assert_array_equal(nnlib.load(path)["weights"], np.arange(4.0))


def test_failed_rename_leaves_the_previous_file_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "model.h5"
    nnlib.save(path, [1])

    def crash(src, dst):
        raise OSError("simulated crash before the rename")

    monkeypatch.setattr(nnlib.io.os, "replace", crash)
    with pytest.raises(OSError, match="simulated crash"):
        nnlib.save(path, [2])
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["model.h5"]
    assert nnlib.load(path) == [1]


# --- integrity: checksums of the file and of every array (issue 23, finding 4) ---

def test_a_flipped_bit_in_a_weight_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "model.h5"
    model = mlp()
    nnlib.save(path, model)
    data = bytearray(path.read_bytes())
    weight = model.modules[0].weight.tobytes()
    at = bytes(data).index(weight[:32]) + 5  # inside the first weight's bytes
    data[at] ^= 0x10
    path.write_bytes(bytes(data))
    with pytest.raises(nnlib.io.LoadError, match=f"{path} is damaged"):
        nnlib.load(path)


def test_an_array_changed_behind_the_header_is_named(tmp_path):
    path = tmp_path / "model.h5"
    nnlib.save(path, mlp())
    with h5py.File(path, "a") as f:
        node = f["object/modules/0/weight"]
        node[0, 0] = node[0, 0] + 1
    reseal(path)
    with pytest.raises(nnlib.io.LoadError, match=f"{path}: the data of node /object/modules/0/weight does not match"):
        nnlib.load(path)


@pytest.mark.parametrize("keep", [0, 100, 511, 512, 2000, -1])
def test_a_truncated_file_is_a_load_error_naming_it(tmp_path, keep):
    path = tmp_path / "ckpt.h5"
    nnlib.save(path, {"w": np.arange(1000.0), "model": mlp()})
    data = path.read_bytes()
    path.write_bytes(data[:keep] if keep >= 0 else data[:-1])
    with pytest.raises(nnlib.io.LoadError, match=str(path)):
        nnlib.load(path)


def test_a_file_of_format_version_1_loads_unverified(tmp_path):
    path = tmp_path / "old.h5"
    with h5py.File(path, "w", track_order=True) as f:  # the layout nnlib wrote before checksums
        f.attrs["nnlib_format"] = "nnlib"
        f.attrs["nnlib_format_version"] = 1
        node = f.create_dataset("object", data=np.arange(3.0))
        node.attrs["kind"] = "ndarray"
    np.testing.assert_array_equal(nnlib.load(path), np.arange(3.0))


# --- safe loading: only registered classes are built (issue 23, finding 8) ---

def _rename_class(path, node, class_path):
    with h5py.File(path, "a") as f:
        f[node].attrs["class"] = class_path
    reseal(path)


def test_a_file_naming_a_foreign_class_is_refused_without_importing_it(tmp_path, monkeypatch):
    marker = tmp_path / "ran"
    (tmp_path / "payload_module_xyz.py").write_text(
        f"open({str(marker)!r}, 'w').write('code ran on load')\nclass Linear:\n    pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    path = tmp_path / "crafted.h5"
    nnlib.save(path, mlp())
    _rename_class(path, "object/modules/0", "payload_module_xyz:Linear")
    with pytest.raises(nnlib.io.LoadError, match="names the class 'payload_module_xyz:Linear'.*not in nnlib's registry"):
        nnlib.load(path)
    assert not marker.exists() and "payload_module_xyz" not in sys.modules
    _rename_class(path, "object/modules/0", "os:system")
    with pytest.raises(nnlib.io.LoadError, match="'os:system'"):
        nnlib.load(path)


def test_an_old_class_path_resolves_by_name_through_the_registry(tmp_path):
    path = tmp_path / "old_layout.h5"
    model = mlp()
    nnlib.save(path, model)
    _rename_class(path, "object/modules/0", "nnlib.nn.linear:Linear")  # before the topic folders
    _rename_class(path, "object", "nnlib.nn.sequential:Sequential")
    loaded = nnlib.load(path)
    assert type(loaded.modules[0]) is nn.Linear and type(loaded) is nn.Sequential
    assert loaded.modules[0].weight.tobytes() == model.modules[0].weight.tobytes()
    _rename_class(path, "object/modules/0", "nnlib.nn.linear:NoSuchModule")
    with pytest.raises(nnlib.io.LoadError, match="'nnlib.nn.linear:NoSuchModule'"):
        nnlib.load(path)


class Unregistered(nn.Module):
    """A user's module that was never registered."""


def test_a_user_class_must_be_registered(tmp_path):
    with pytest.raises(ValueError, match=r"tests.test_io:Unregistered.*register_module\(Unregistered\)"):
        nnlib.save(tmp_path / "m.h5", nn.Sequential(Unregistered()))
    assert os.listdir(tmp_path) == []
    nnlib.io.register_module(Unregistered)
    try:
        nnlib.save(tmp_path / "m.h5", nn.Sequential(Unregistered()))
        assert type(nnlib.load(tmp_path / "m.h5").modules[0]) is Unregistered
        del nnlib.io._registered["tests.test_io:Unregistered"]
        with pytest.raises(nnlib.io.LoadError, match="'tests.test_io:Unregistered'"):
            nnlib.load(tmp_path / "m.h5")
    finally:
        nnlib.io._registered.pop("tests.test_io:Unregistered", None)
    with pytest.raises(TypeError, match="not an nnlib Module"):
        nnlib.io.register_module(dict)


def test_the_registry_holds_every_class_nnlib_nn_exports():
    classes = set(nnlib.io.registry().values())
    exported = {getattr(nn, name) for name in dir(nn) if isinstance(getattr(nn, name), type)
                and issubclass(getattr(nn, name), (nn.Module, nn.Criterion))}
    assert exported and exported <= classes
    assert {Gated, Holder} <= classes  # registered by this file; other test files register their own
    assert all(issubclass(c, (nn.Module, nn.Criterion)) for c in classes)
