"""dpnn's modules: Clip, SpatialGlimpse, SpatialUniformCrop, the Reinforce family (their `stochastic` flag),
Inception, VRClassReward, Serial, Dictionary, NCEModule and NCECriterion."""
import numpy as np

from ... import nn
from ..objects import TorchObject
from ._base import Entry, adopt_dtype, register
from .criterion import _Criterion
from .linear import LookupTable


@register
class Clip(Entry):
    torch_name, module = "nn.Clip", nn.Clip

    def arguments(self, f):
        return (f.float("minval"), f.float("maxval")), {}

    def settings(self, module):
        return {"minval": module.minval, "maxval": module.maxval}


@register
class SpatialGlimpse(Entry):
    """`height`/`width`, `depth`, `scale`; its `module` (SpatialAveragePooling(2, 2, 2, 2) for scale 2, else
    nnx's SpatialReSampling, written as a raw object) is not read: nnlib computes the glimpse itself."""
    torch_name, module, table_grad_input = "nn.SpatialGlimpse", nn.SpatialGlimpse, True

    def arguments(self, f):
        return ((f.int("height"), f.int("width")), f.int("depth", 3), f.int("scale", 2)), {}

    def settings(self, module):
        if module.scale == 2:
            inner = nn.SpatialAveragePooling(2, 2, 2, 2).astype(module.dtype)
        else:
            inner = TorchObject("nn.SpatialReSampling", {
                "oheight": module.height, "owidth": module.width, "train": bool(module.train),
                "output": np.empty(0, module.dtype), "gradInput": np.empty(0, module.dtype)})
        return {"height": module.height, "width": module.width, "depth": module.depth, "scale": module.scale,
                "module": inner, "modules": [inner]}


@register
class SpatialUniformCrop(Entry):
    torch_name, module = "nn.SpatialUniformCrop", nn.SpatialUniformCrop

    def arguments(self, f):
        oheight = f.int("oheight")
        return (oheight, f.int("owidth", oheight), f.float("scale", None)), {}

    def settings(self, module):
        out = {"oheight": module.oheight, "owidth": module.owidth}
        scale = getattr(module, "scale", None)
        if scale is not None:
            # dpnn resamples with nnx's SpatialReSampling (an nnx class nnlib does not have: written as saved)
            out.update(scale=scale, scaler=TorchObject("nn.SpatialReSampling", {
                "owidth": module.owidth, "oheight": module.oheight, "train": bool(module.train),
                "output": np.empty(0, module.dtype), "gradInput": np.empty(0, module.dtype)}))
        return out


class _Reinforce(Entry):
    """`stochastic` (sample also at evaluation); the `reward` of the last `reinforce` is not kept."""

    def arguments(self, f):
        return (f.bool("stochastic", False),), {}

    def settings(self, module):
        return {"stochastic": module.stochastic}


@register
class ReinforceBernoulli(_Reinforce):
    torch_name, module = "nn.ReinforceBernoulli", nn.ReinforceBernoulli


@register
class ReinforceCategorical(_Reinforce):
    torch_name, module = "nn.ReinforceCategorical", nn.ReinforceCategorical


@register
class ReinforceNormal(_Reinforce):
    torch_name, module = "nn.ReinforceNormal", nn.ReinforceNormal

    def arguments(self, f):
        return (f.float("stdev"), f.bool("stochastic", False)), {}

    def settings(self, module):
        return {**super().settings(module), "stdev": module.stdev}


@register
class Inception(Entry):
    """dpnn's Inception (a Decorator): its config fields (`inputSize`, `outputSize`, `reduceSize`,
    `reduceStride`, `kernelSize`, `kernelStride`, `padding`, `batchNorm`, `poolSize`, `poolStride`, `transfer`,
    `pool`) rebuild the towers, checked against the saved DepthConcat (`modules[1]`), which is kept with its
    weights. Written with the first tower's transfer and the pooling tower's pool as `transfer` and `pool`."""
    torch_name, module = "nn.Inception", nn.Inception

    def build(self, f):
        concat = f.child("modules", 0)
        config = {"input_size": f.int("inputSize"), "output_size": list(f.ints("outputSize")),
                  "reduce_size": list(f.ints("reduceSize")),
                  "reduce_stride": list(f.ints("reduceStride")) if f.has("reduceStride") else [],
                  "kernel_size": list(f.ints("kernelSize")) if f.has("kernelSize") else [5, 3],
                  "kernel_stride": list(f.ints("kernelStride")) if f.has("kernelStride") else [1, 1],
                  "batch_norm": f.bool("batchNorm", False), "padding": f.bool("padding", True),
                  "pool_size": f.int("poolSize", 3), "pool_stride": f.int("poolStride", 1)}
        for key, name in (("transfer", "transfer"), ("pool", "pool")):
            if f.has(key):
                config[name] = f.child(key)
        try:
            module = nn.Inception(config)
        except (TypeError, ValueError) as e:
            raise f.error(f"cannot build nn.Inception: {e}") from None

        def layout(m):
            return [(type(x).__name__, x.extra_repr()) for x in m.list_modules()]

        if layout(module.modules[0]) != layout(concat):
            raise f.error("its DepthConcat (modules[1]) is not the one its config fields build")
        module.modules[0] = concat
        adopt_dtype(module, f)
        module.train = bool(f.get("train", True))
        return module

    def fields(self, module, ctx):
        out = super().fields(module, ctx)
        concat = module.modules[0]
        towers = concat.modules
        k = len(module.kernel_size)
        first = towers[0].modules
        pool = towers[k].modules[0]
        out.update(inputSize=module.input_size, outputSize=[float(v) for v in module.output_size],
                   reduceSize=[float(v) for v in module.reduce_size],
                   reduceStride=[float(v) for v in module.reduce_stride],
                   kernelSize=[float(v) for v in module.kernel_size],
                   kernelStride=[float(v) for v in module.kernel_stride], batchNorm=module.batch_norm,
                   padding=module.padding, transfer=first[2 if module.batch_norm else 1], pool=pool,
                   poolSize=getattr(pool, "kW", 3), poolStride=getattr(pool, "dW", 1), module=concat,
                   modules=[concat])
        return out


@register
class VRClassReward(Entry):
    """dpnn's VRClassReward (a criterion): `module` (the model its backward reinforces: the same object as in a
    model saved with it), `scale`, the baseline `criterion`, `sizeAverage`."""
    torch_name, module = "nn.VRClassReward", nn.VRClassReward

    def build(self, f):
        where = f"{f.where}.criterion" if f.where else "criterion"
        criterion = f.ctx.value(f.get("criterion"), where) if f.has("criterion") else None
        try:
            module = nn.VRClassReward(f.child("module"), f.float("scale", 1.0), criterion)
        except (TypeError, ValueError) as e:
            raise f.error(f"cannot build nn.VRClassReward: {e}") from None
        module.size_average = f.bool("sizeAverage", True)
        return module

    def fields(self, module, ctx):
        return {"output": 0.0, "gradInput": [np.empty(0, np.float32)], "module": module.module,
                "scale": module.scale, "criterion": module.criterion, "sizeAverage": module.size_average}


@register
class Serial(Entry):
    """dpnn's Serial (a Decorator): `modules[1]`, `tensortype` (the wrapped tree is written cast to it, as dpnn's
    write does), and its mode in `dpnn_serialEmpty` (the fields dpnn empties: none for heavySerial, `output`,
    `gradInput`, `momGradParams`, `dpnn_input` for mediumSerial, and `gradWeight`, `gradBias` for lightSerial).
    nnlib writes the wrapped tree whole in every mode (its gradients included)."""
    torch_name, module = "nn.Serial", nn.Serial
    _MEDIUM = ["output", "gradInput", "momGradParams", "dpnn_input"]

    def build(self, f):
        children = f.children()
        if len(children) != 1:
            raise f.error(f"a Serial holds one module, found {len(children)}")
        kind = f.get("tensortype")
        if kind is not None and kind not in ("torch.FloatTensor", "torch.DoubleTensor"):
            raise f.error(f"field 'tensortype' is {kind!r}; nnlib's Serial casts to torch.FloatTensor or "
                          "torch.DoubleTensor only")
        module = nn.Serial(children[0], kind)
        empty = f.get("dpnn_serialEmpty", [])
        if not isinstance(empty, list) or not all(isinstance(k, str) for k in empty):
            raise f.error("field 'dpnn_serialEmpty' should be a list of field names")
        if "gradWeight" in empty:
            module.light_serial()
        elif empty:
            module.medium_serial()
        adopt_dtype(module, f)
        module.train = bool(f.get("train", True))
        return module

    def fields(self, module, ctx):
        inner = module.serial_copy().modules[0]
        out = super().fields(module, ctx)
        empty = {"heavy": [], "medium": self._MEDIUM, "light": self._MEDIUM + ["gradWeight", "gradBias"]}
        out.update(modules=[inner], module=inner, dpnn_serialEmpty=list(empty[module.serial_mode]))
        if module.tensor_type is not None:
            out["tensortype"] = "torch.DoubleTensor" if module.tensor_type == np.float64 else "torch.FloatTensor"
        return out


@register
class Dictionary(LookupTable):
    """dpnn's Dictionary, a LookupTable subclass (its fields as dpnn's Dictionary.lua saved them before dpnn
    deprecated the class in January 2016): LookupTable's fields, `accUpdate` (then no `gradWeight`: nnlib's
    `acc_update`) and `inputs`, {1-based id: count} of the ids backward used since the last zeroGradParameters:
    nnlib's used rows, 0-based. nnlib keeps which rows were used, not how often: each is written with count 1,
    and `nBackward` (dpnn's running count of looked-up ids, which it recreates) is not written."""
    torch_name, module = "nn.Dictionary", nn.Dictionary

    def arguments(self, f):
        (n_index, n_output), kwargs = super().arguments(f)
        return (n_index, n_output, f.bool("accUpdate", False) or not f.has("gradWeight")), kwargs

    def build(self, f):
        args, kwargs = self.arguments(f)
        weight = f.array("weight")
        module = nn.Dictionary(*args).astype(weight.dtype)
        module.set_padding(kwargs["padding_value"]).set_max_norm(kwargs["max_norm"]).set_norm_type(
            kwargs["norm_type"])
        module.weight = f.ctx.as_parameter(weight, weight.shape, weight.dtype)
        grad = f.get("gradWeight")
        if not module.acc_update and isinstance(grad, np.ndarray) and grad.size == weight.size:
            module.grad_weight = f.ctx.as_parameter(f.ctx.canonical(grad), weight.shape, weight.dtype)
        used = f.get("inputs", {})
        ids = list(used) if isinstance(used, dict) else list(range(1, len(used) + 1)) if isinstance(used, list) \
            else None
        if ids is None or not all(isinstance(k, int) and 1 <= k <= module.n_index for k in ids):
            raise f.error(f"field 'inputs' should map used ids (1 to {module.n_index}) to counts")
        module._used_rows()
        module._used[np.array(ids, np.int64) - 1] = True
        self.finish(module, f)
        module.train = bool(f.get("train", True))
        return module

    def fields(self, module, ctx):
        out = super().fields(module, ctx)
        if module.acc_update:
            del out["gradWeight"]
        out.update(accUpdate=module.acc_update, inputs={int(k) + 1: 1.0 for k in module._used_rows()})
        return out


@register
class NCEModule(Entry):
    """dpnn's NCEModule (a Linear subclass): `weight` (V, I), `bias`, their gradients, `k`, `unigrams` (the noise
    distribution, kept as saved: dpnn normalised it when built), `Z` (a one-value tensor; older files a number;
    <= 0: estimated at the first training forward), `normalized` and `logsoftmax` (the full softmax in
    evaluation). Only dpnn's `batchnoise` mode (k noise words shared by the batch) is nnlib's: a file without it
    (per-row noise, dpnn's other mode and the only one of its older versions) is refused. Torchx's alias sampler
    `aliasmultinomial` (`J`, `q`) is not read (nnlib samples from `unigrams` itself) and is written as torchx's
    `AliasMultinomial(unigrams)` builds it; the last forward's samples (`sampleidx`, `_weight`, ...) are work
    state, neither read nor written."""
    torch_name, module, parameters = "nn.NCEModule", nn.NCEModule, ("weight", "bias")

    def arguments(self, f):
        weight = f.array("weight")
        if weight.ndim != 2:
            raise f.error(f"field 'weight' should be 2-D (outputSize x inputSize), found shape {weight.shape}")
        if f.get("batchnoise") is not True:
            raise f.error("batchnoise is not true: this NCEModule draws k noise words per row, nnlib's draws k "
                          "shared by the batch (dpnn's batchnoise mode); set `batchnoise = true` on it in Torch7, "
                          "or on the raw object (torch7.load(..., strict=False)) before torch7.mapping.to_nnlib")
        unigrams = f.array("unigrams")
        if unigrams.shape != (weight.shape[0],):
            raise f.error(f"field 'unigrams' has shape {unigrams.shape}, expected ({weight.shape[0]},), one "
                          "probability per row of 'weight'")
        z = f.get("Z", -1.0)
        if isinstance(z, np.ndarray) and z.size == 1 and z.dtype.kind == "f":
            z = float(z.ravel()[0])
        if isinstance(z, bool) or not isinstance(z, (int, float)):
            raise f.error(f"field 'Z' should be a one-value tensor or a number, found {z!r:.40}")
        return (weight.shape[1], weight.shape[0], f.int("k"), unigrams, float(z)), {}

    def finish(self, module, f):
        # the saved distribution as it is: nnlib's constructor would normalise it again (a last-bit change)
        module.unigrams = np.array(f.array("unigrams"), np.float64)
        module.normalized = f.bool("normalized", False)
        module.logsoftmax = f.bool("logsoftmax", False)

    def settings(self, module):
        dtype = module.dtype
        J, q = _alias_multinomial(module.unigrams)
        return {"k": module.k, "unigrams": module.unigrams, "Z": np.array([module.Z], np.float64),
                "batchnoise": True, "normalized": bool(module.normalized), "logsoftmax": bool(module.logsoftmax),
                "aliasmultinomial": TorchObject("torch.AliasMultinomial", {"J": J, "q": q,
                                                                           "dpnn_parameters": ["J", "q"]}),
                "output": [np.empty(0, dtype) for _ in range(4)], "gradInput": [np.empty(0, dtype) for _ in range(2)]}


def _alias_multinomial(probs):
    """torchx's AliasMultinomial:setup(probs): the alias table `J` (1-based, LongTensor) and the keep
    probabilities `q`, computed as torchx does (its stack order, in float64), so Torch7 samples as if built there.
    Runs once per save, O(V) in Python."""
    K = probs.size
    q = probs * K
    J = np.zeros(K, np.int64)
    smaller = [i for i in range(K) if q[i] < 1]
    larger = [i for i in range(K) if q[i] >= 1]
    while smaller and larger:
        small, large = smaller.pop(), larger.pop()
        J[small] = large + 1
        q[large] = q[large] - (1.0 - q[small])
        (smaller if q[large] < 1.0 else larger).append(large)
    if q.max() > 1:
        q /= q.max()
    q[J <= 0] = 1  # torchx: an outcome left without an alias is always kept
    return J, q


@register
class NCECriterion(_Criterion):
    """dpnn's NCECriterion: `sizeAverage`; its `gradInput`, a table of four tensors."""
    torch_name, module = "nn.NCECriterion", nn.NCECriterion

    def settings(self, module):
        return {"gradInput": [np.empty(0, module.dtype) for _ in range(4)]}
