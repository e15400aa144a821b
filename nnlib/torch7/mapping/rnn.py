"""rnn's modules: FastLSTM (its i2g/o2g Linears), LSTM, GRU, SeqLSTM, SeqLSTMP, SeqGRU, Sequencer, Recursor,
MaskZero, LookupTableMaskZero, Recurrent, Recurrence, BiSequencer, BiSequencerLM, SeqBRNN and the rest below.

Gate orders: rnn's FastLSTM computes its four gates as [input | hidden (the tanh candidate) | forget |
output] rows of i2g and o2g; SeqLSTM keeps one (I + H, 4H) `weight`, gates [i | f | o | g] along its
columns; nnlib's cells keep `weight_x` (4H, I), `weight_h` (4H, H), `bias` (4H), rows [i | f | o | g].
"""
import numpy as np

from ... import nn
from ..objects import TorchObject
from ._base import Entry, adopt_dtype, grad_name, register

# nnlib's gate blocks [i, f, o, g] taken from FastLSTM's [i, g, f, o] blocks, and back
_FROM_FAST = (0, 2, 3, 1)
_TO_FAST = (0, 3, 1, 2)


def _blocks(a, order):
    """The four row blocks of `a` in `order`."""
    return np.ascontiguousarray(np.concatenate([np.split(a, 4, axis=0)[k] for k in order], axis=0))


def _rnn_dropout(module, ctx):
    """rnn's lazy Dropout(p, false, false, true, mono) that its cells put before each Linear, for cell `module`."""
    drop = nn.Dropout(module.p).astype(module.dtype)
    drop.train = module.train
    ctx(drop).fields.update(lazy=True, mono=bool(module.mono), flag=True)  # rnn's Dropout fields nnlib's lacks
    return drop


def _gate_linears(f, key, count):
    """The Linears of rnn's `i2g`/`o2g` field: one Linear, or (built with dropout, p > 0) the `count` per-gate
    Linears of its Sequential(ConcatTable(Dropouts), ParallelTable(Linears), JoinTable(2)), in gate order."""
    raw = f.get(key)
    if isinstance(raw, TorchObject) and raw.typename in ("nn.Linear", "nn.LinearNoBias"):
        return [f.child(key)]
    raws = _raw_linears(raw)
    if len(raws) != count:
        raise f.error(f"field '{key}' should be a Linear, or rnn's Sequential of {count} per-gate Linears (its "
                      f"dropout layout), found {len(raws)} Linears")
    path = f"{f.where}.{key}" if f.where else key
    return [f.ctx.value(r, path) for r in raws]


def _joined(linears, attr):
    """The row blocks of the per-gate Linears' `attr`, stacked (rnn's JoinTable(2) of their outputs)."""
    return np.ascontiguousarray(np.concatenate([getattr(lin, attr) for lin in linears]))


def _dropout_gates(module, ctx, linears):
    """rnn's `i2g`/`o2g` of a cell with dropout: Sequential(ConcatTable(Dropouts), ParallelTable(linears),
    JoinTable(2)), one lazy Dropout per gate's Linear."""
    drops = [_rnn_dropout(module, ctx) for _ in linears]
    return nn.Sequential(nn.ConcatTable(*drops), nn.ParallelTable(*linears), nn.JoinTable(1)).astype(module.dtype)


def _linears(dtype, parts, weight, grad_weight, bias=None, grad_bias=None):
    """`parts` Linears (LinearNoBias without `bias`) holding equal row blocks of `weight` (and `bias`), with their
    gradients: one Linear of all the gates, or rnn's per-gate ones of a cell with dropout."""
    out = []
    for k in range(parts):
        lin = nn.Linear(weight.shape[1], weight.shape[0] // parts, bias=bias is not None).astype(dtype)
        rows = slice(k * lin.output_size, (k + 1) * lin.output_size)
        lin.weight, lin.grad_weight = np.ascontiguousarray(weight[rows]), np.ascontiguousarray(grad_weight[rows])
        if bias is not None:
            lin.bias, lin.grad_bias = np.array(bias[rows]), np.array(grad_bias[rows])
        out.append(lin)
    return out


def _recurrent_fields(module, ctx):
    """The AbstractRecurrent state a freshly built rnn module holds."""
    return {"rho": module.rho, "outputs": [], "gradInputs": [], "_gradOutputs": [], "gradOutputs": [], "step": 1,
            "_remember": module.remember_mode}


def _fast_lstm_model(i2g, o2g, h):
    """rnn's FastLSTM:buildModel without nngraph: {x, h, c} -> {h', c'} through i2g/o2g."""
    gates = nn.Sequential(nn.NarrowTable(0, 2), nn.ParallelTable(i2g, o2g), nn.CAddTable(), nn.Reshape(4, h),
                          nn.SplitTable(-2), nn.ParallelTable(nn.Sigmoid(), nn.Tanh(), nn.Sigmoid(), nn.Sigmoid()))
    seq = nn.Sequential(nn.ConcatTable(gates, nn.SelectTable(2)), nn.FlattenTable())  # i, g, f, o, c
    hidden = nn.Sequential(nn.NarrowTable(0, 2), nn.CMulTable())
    cell = nn.Sequential(nn.ConcatTable(nn.SelectTable(2), nn.SelectTable(4)), nn.CMulTable())
    next_cell = nn.Sequential(nn.ConcatTable(hidden, cell), nn.CAddTable())
    seq.add(nn.ConcatTable(next_cell, nn.SelectTable(3)))
    seq.add(nn.FlattenTable())  # c', o
    output = nn.Sequential(nn.ConcatTable(nn.Sequential(nn.SelectTable(0), nn.Tanh()), nn.SelectTable(1)),
                           nn.CMulTable())
    seq.add(nn.ConcatTable(output, nn.SelectTable(0)))
    return seq


@register
class FastLSTM(Entry):
    """Read from its `i2g` (Linear(I, 4H)) and `o2g` (LinearNoBias(H, 4H)), whatever its recurrentModule
    (nngraph's or the Sequential one); with dropout (`p` > 0, `mono`) rnn makes each a Sequential of a ConcatTable
    of four lazy Dropouts, a ParallelTable of four per-gate Linears and JoinTable(2), read and written so.
    Older rnn's o2g is a Linear with a bias: nnlib's bias is then the sum of both. Written with the Sequential
    recurrentModule rnn builds around them. `bn` (batch norm) is refused."""
    torch_name, module = "nn.FastLSTM", nn.FastLSTM

    def build(self, f):
        if f.bool("bn", False):
            raise f.error("a batch-normalised FastLSTM (bn) is not supported by nnlib's FastLSTM")
        x_lins, h_lins = _gate_linears(f, "i2g", 4), _gate_linears(f, "o2g", 4)
        d, h = x_lins[0].input_size, h_lins[0].input_size
        h_bias = [lin for lin in h_lins if lin.bias is not None]  # older rnn's o2g: a Linear with a bias
        if any(lin.bias is None or lin.input_size != d for lin in x_lins) or len(h_bias) not in (0, len(h_lins)) or \
                any(lin.input_size != h for lin in h_lins) or \
                sum(lin.output_size for lin in x_lins) != 4 * h or sum(lin.output_size for lin in h_lins) != 4 * h:
            raise f.error(f"fields 'i2g' and 'o2g' should be Linear(inputSize, 4 outputSize) and "
                          f"LinearNoBias(outputSize, 4 outputSize) (or per gate, with dropout); found i2g "
                          f"{[(m.input_size, m.output_size) for m in x_lins]}, o2g "
                          f"{[(m.input_size, m.output_size) for m in h_lins]}")
        try:
            module = nn.FastLSTM(d, h, f.int("rho", 9999), p=f.float("p", 0.0), mono=f.bool("mono", False))
        except ValueError as e:
            raise f.error(f"cannot build nn.FastLSTM: {e}") from None
        module.astype(x_lins[0].dtype)
        for ours, lins, attr in (("weight_x", x_lins, "weight"), ("weight_h", h_lins, "weight"),
                                 ("bias", x_lins, "bias")):
            setattr(module, ours, _blocks(_joined(lins, attr), _FROM_FAST))
            setattr(module, "grad_" + ours, _blocks(_joined(lins, "grad_" + attr), _FROM_FAST))
        if h_bias:  # the two biases add up: nnlib's one is their sum (its gradient i2g's, the same as o2g's)
            module.bias = module.bias + _blocks(_joined(h_lins, "bias"), _FROM_FAST)
        remember = f.get("_remember", "neither")
        if remember != "neither":
            module.remember(remember)
        inner = f.get("recurrentModule")
        if isinstance(inner, TorchObject) and inner.typename == "nn.MaskZero":  # rnn's maskZero() wraps it
            module.mask_zero()
        module.train = bool(f.get("train", True))
        return module

    def fields(self, module, ctx):
        h, dtype, parts = module.output_size, module.dtype, 4 if module.p else 1
        wx, b, wh, gwx, gb, gwh = (_blocks(a, _TO_FAST) for a in (
            module.weight_x, module.bias, module.weight_h, module.grad_weight_x, module.grad_bias,
            module.grad_weight_h))
        x_lins, h_lins = _linears(dtype, parts, wx, gwx, b, gb), _linears(dtype, parts, wh, gwh)
        if module.p:  # rnn's buildModel: a lazy Dropout before each gate's Linear
            i2g, o2g = _dropout_gates(module, ctx, x_lins), _dropout_gates(module, ctx, h_lins)
        else:
            (i2g,), (o2g,) = x_lins, h_lins
        model = _fast_lstm_model(i2g, o2g, h).astype(dtype)
        if module.maskzero:
            model = nn.MaskZero(model, 1)
        empty = np.empty(0, dtype)
        return {**_recurrent_fields(module, ctx), "train": bool(module.train), "output": empty,
                "gradInput": empty.copy(), "_type": f"torch.{'Double' if dtype == np.float64 else 'Float'}Tensor",
                "inputSize": module.input_size, "outputSize": h, "p": module.p, "mono": bool(module.mono),
                "cell2gate": True, "affine": True, "i2g": i2g, "o2g": o2g, "recurrentModule": model,
                "modules": [model], "sharedClones": [model], "zeroTensor": empty.copy(), "cells": [], "gradCells": []}


class _WholeSequence(Entry):
    """rnn's SeqLSTM/SeqGRU: one (I + H, G*H) `weight` whose row blocks are nnlib's `weight_x`/`weight_h`
    transposed (gate order as nnlib's), `bias` (G*H), `maskzero`, `_remember`."""
    gates, size_keys, buffers_saved, grad_inputs = 0, (), (), ()

    def sizes(self, f):
        return f.int(self.size_keys[0]), f.int(self.size_keys[1])

    def make(self, f, d, h):
        """The module, before its parameters are set, and its recurrent input size (rnn's R)."""
        return self.module(d, h), h

    def build(self, f):
        d, h = self.sizes(f)
        g = self.gates * h
        f.check_size("bias", g)
        module, r = self.make(f, d, h)
        f.check_size("weight", (d + r) * g)
        weight, bias = f.array("weight").reshape(d + r, g), f.array("bias").reshape(g)
        module.astype(weight.dtype)
        module.weight_x, module.weight_h = np.ascontiguousarray(weight[:d].T), np.ascontiguousarray(weight[d:].T)
        module.bias = np.array(bias)
        grad, grad_bias = f.get("gradWeight"), f.get("gradBias")
        if isinstance(grad, np.ndarray) and grad.size == weight.size:
            grad = grad.reshape(weight.shape)
            module.grad_weight_x = np.ascontiguousarray(grad[:d].T, weight.dtype)
            module.grad_weight_h = np.ascontiguousarray(grad[d:].T, weight.dtype)
        if isinstance(grad_bias, np.ndarray) and grad_bias.size == bias.size:
            module.grad_bias = np.array(grad_bias.reshape(g), weight.dtype)
        remember = f.get("_remember", "neither")
        if remember != "neither":
            module.remember(remember)
        if f.bool("batchfirst", False):
            raise f.error("batchfirst (N x T input) is not supported: nnlib's whole-sequence modules take T x N")
        if f.bool("maskzero", False):
            module.mask_zero()
        module.train = bool(f.get("train", True))
        return module

    def fields(self, module, ctx):
        d, h, dtype = module.input_size, module.output_size, module.dtype
        empty = np.empty(0, dtype)
        out = {"train": bool(module.train), "_type": f"torch.{'Double' if dtype == np.float64 else 'Float'}Tensor",
               "output": empty, **self.size_fields(d, h),
               "weight": np.ascontiguousarray(np.concatenate([module.weight_x.T, module.weight_h.T])),
               "gradWeight": np.ascontiguousarray(np.concatenate([module.grad_weight_x.T, module.grad_weight_h.T])),
               "bias": module.bias, "gradBias": module.grad_bias, "_remember": module.remember_mode,
               "batchfirst": False, "maskzero": bool(module.maskzero)}
        for key in self.buffers_saved:
            out[key] = empty.copy()
        out["gradInput"] = [out[k] for k in self.grad_inputs]
        return out


@register
class SeqLSTM(_WholeSequence):
    """rnn's SeqLSTM without a projection (outputsize = hiddensize); gates [i | f | o | g]."""
    torch_name, module, gates, size_keys = "nn.SeqLSTM", nn.SeqLSTM, 4, ("inputsize", "hiddensize")
    buffers_saved = ("cell", "gates", "buffer1", "buffer2", "buffer3", "grad_a_buffer", "h0", "c0", "grad_c0",
                     "grad_h0", "grad_x")
    grad_inputs = ("grad_c0", "grad_h0", "grad_x")

    def sizes(self, f):
        d, h = super().sizes(f)
        if (f.int("outputsize", 0) or h) != h and self.module is nn.SeqLSTM:
            raise f.error("a SeqLSTM with a projection (outputsize != hiddensize) should be an nn.SeqLSTMP with "
                          "its weightO")
        return d, h

    def size_fields(self, d, h):
        return {"inputsize": d, "hiddensize": h, "outputsize": h}


@register
class SeqLSTMP(SeqLSTM):
    """rnn's SeqLSTMP: SeqLSTM's fields with `outputsize` R < `hiddensize` H, its `weight` (I + R, 4H) and the
    projection `weightO` (H, R), nnlib's `weight_o` (R, H) transposed."""
    torch_name, module = "nn.SeqLSTMP", nn.SeqLSTMP

    def make(self, f, d, h):
        r = f.int("outputsize")
        f.check_size("weightO", h * r)
        try:
            module = nn.SeqLSTMP(d, h, r)
        except ValueError as e:
            raise f.error(f"cannot build nn.SeqLSTMP: {e}") from None
        return module, r

    def build(self, f):
        module = super().build(f)
        h, r = module.hidden_size, module.output_size
        module.weight_o = np.ascontiguousarray(f.array("weightO").reshape(h, r).T, module.dtype)
        grad = f.get("gradWeightO")
        if isinstance(grad, np.ndarray) and grad.size == h * r:
            module.grad_weight_o = np.ascontiguousarray(grad.reshape(h, r).T, module.dtype)
        return module

    def fields(self, module, ctx):
        out = super().fields(module, ctx)
        out.update(hiddensize=module.hidden_size, weightO=np.ascontiguousarray(module.weight_o.T),
                   gradWeightO=np.ascontiguousarray(module.grad_weight_o.T))
        return out


@register
class SeqGRU(_WholeSequence):
    """rnn's SeqGRU; gates [r | u | hc] (nnlib's [r | z | n])."""
    torch_name, module, gates, size_keys = "nn.SeqGRU", nn.SeqGRU, 3, ("inputSize", "outputSize")
    buffers_saved = ("gates", "buffer1", "buffer2", "buffer3", "grad_a_buffer", "h0", "grad_h0", "grad_x")
    grad_inputs = ("grad_h0", "grad_x")

    def size_fields(self, d, h):
        return {"inputSize": d, "outputSize": h, "seqLength": 1, "miniBatch": 1}


@register
class Recursor(Entry):
    torch_name, module = "nn.Recursor", nn.Recursor

    def arguments(self, f):
        children = f.children()
        if len(children) != 1:
            raise f.error(f"a Recursor holds one module, found {len(children)}")
        return (children[0], f.int("rho", 9999)), {}

    def fields(self, module, ctx):
        out = super().fields(module, ctx)
        out.update(_recurrent_fields(module, ctx))
        out.update(modules=[module.module], module=module.module, recurrentModule=module.module,
                   sharedClones=[module.module])
        return out


@register
class Sequencer(Entry):
    """rnn wraps a non-recurrent module in a Recursor; nnlib's Sequencer steps it itself: the Recursor is
    unwrapped when read and made when written."""
    torch_name, module, table_output, table_grad_input = "nn.Sequencer", nn.Sequencer, True, True

    def arguments(self, f):
        children = f.children()
        if len(children) != 1:
            raise f.error(f"a Sequencer holds one module, found {len(children)}")
        child = children[0]
        if type(child) is nn.Recursor:
            child = child.module
        return (child,), {}

    def finish(self, module, f):
        remember = f.get("_remember", "neither")
        if remember != "neither":
            module.remember(remember)

    def settings(self, module):
        child = module.module
        if not isinstance(child, nn.AbstractRecurrent):
            child = nn.Recursor(child)
        return {"module": child, "modules": [child], "_remember": module.remember_mode, "tableoutput": [],
                "tablegradinput": [], "_output": []}


@register
class MaskZero(Entry):
    torch_name, module = "nn.MaskZero", nn.MaskZero

    def arguments(self, f):
        children = f.children()
        if len(children) != 1:
            raise f.error(f"a MaskZero holds one module, found {len(children)}")
        return (children[0], f.int("nInputDim")), {}

    def settings(self, module):
        return {"modules": list(module.modules), "module": module.modules[0], "nInputDim": module.n_input_dim}


@register
class LookupTableMaskZero(Entry):
    """rnn's table has an extra first row (its id 0, kept zero) that nnlib's (id -1) does not need."""
    torch_name, module = "nn.LookupTableMaskZero", nn.LookupTableMaskZero

    def build(self, f):
        weight = f.array("weight")
        if weight.ndim != 2 or weight.shape[0] < 2:
            raise f.error(f"field 'weight' should be 2-D (nIndex + 1 x nOutput), found shape {weight.shape}")
        module = nn.LookupTableMaskZero(weight.shape[0] - 1, weight.shape[1]).astype(weight.dtype)
        module.weight = np.array(weight[1:])
        grad = f.get(grad_name("weight"))
        if isinstance(grad, np.ndarray) and grad.shape == weight.shape:
            module.grad_weight = np.array(grad[1:], weight.dtype)
        module.train = bool(f.get("train", True))
        return module

    def fields(self, module, ctx):
        out = super().fields(module, ctx)
        zero = np.zeros((1, module.n_output), module.dtype)
        out.update(weight=np.concatenate([zero, module.weight]), gradWeight=np.concatenate([zero, module.grad_weight]),
                   paddingValue=0.0, normType=module.norm_type, shouldScaleGradByFreq=False)
        return out


def _raw_linears(raw):
    """The Linear/LinearNoBias objects inside a raw module tree, depth first through `modules`."""
    found = []
    if isinstance(raw, TorchObject):
        if raw.typename in ("nn.Linear", "nn.LinearNoBias"):
            return [raw]
        for child in raw.get("modules") or []:
            found += _raw_linears(child)
    return found


def _step_fields(module, model, dtype, **extra):
    """The fields rnn's LSTM and GRU constructors make (MuFuRu, a GRU subclass, has no dropout: p = 0)."""
    empty = np.empty(0, dtype)
    return {**_recurrent_fields(module, None), "train": bool(module.train), "output": empty, "gradInput": empty.copy(),
            "_type": f"torch.{'Double' if dtype == np.float64 else 'Float'}Tensor", "inputSize": module.input_size,
            "outputSize": module.output_size, "p": getattr(module, "p", 0.0),
            "mono": bool(getattr(module, "mono", False)), "recurrentModule": model, "modules": [model],
            "sharedClones": [model], "zeroTensor": empty.copy(), "cells": [], "gradCells": [], **extra}


def _set_cell(module, x_parts, h_parts, bias_parts, grads):
    """nnlib's weight_x/weight_h/bias (and their gradients) from per-gate blocks in nnlib's order."""
    module.weight_x, module.weight_h, module.bias = (np.ascontiguousarray(np.concatenate(p)) for p in
                                                     (x_parts, h_parts, bias_parts))
    module.grad_weight_x, module.grad_weight_h, module.grad_bias = (np.ascontiguousarray(np.concatenate(p)) for p
                                                                    in grads)


def _finish_recurrent(module, f):
    remember = f.get("_remember", "neither")
    if remember != "neither":
        module.remember(remember)
    inner = f.get("recurrentModule")
    if isinstance(inner, TorchObject) and inner.typename == "nn.MaskZero":
        module.mask_zero()
    module.train = bool(f.get("train", True))
    return module


@register
class LSTM(Entry):
    """rnn's LSTM (peepholes when `cell2gate`): its `inputGate`, `forgetGate`, `outputGate` and `hiddenLayer`
    each hold a Linear (input), a LinearNoBias (previous output) and, in the three gates with peepholes, a CMul
    (the cell): nnlib's rows [i | f | o | g] and `weight_c` [i | f | o]; `p`, `mono`. Written with rnn's buildModel,
    a lazy Dropout(p, mono) before each of those Linears (rnn makes them whatever p)."""
    torch_name, module = "nn.LSTM", nn.LSTM
    parts = ("inputGate", "forgetGate", "outputGate", "hiddenLayer")

    def build(self, f):
        cell2gate = f.bool("cell2gate", True)
        layers = {}
        for key in self.parts:
            mods = f.child(key).list_modules()
            linears = [m for m in mods if type(m) is nn.Linear]
            cmuls = [m for m in mods if type(m) is nn.CMul]
            if len(linears) != 2 or linears[1].bias is not None or len(cmuls) != (cell2gate and key != "hiddenLayer"):
                raise f.error(f"field '{key}' should hold rnn's Linear, LinearNoBias{' and CMul' if cell2gate else ''}")
            layers[key] = (linears, cmuls)
        x_lin, h_lin = layers["inputGate"][0]
        try:
            module = nn.LSTM(x_lin.input_size, x_lin.output_size, f.int("rho", 9999), cell2gate, f.float("p", 0.0),
                             f.bool("mono", False))
        except ValueError as e:
            raise f.error(f"cannot build nn.LSTM: {e}") from None
        module.astype(x_lin.dtype)
        order = [layers[k][0] for k in self.parts]
        _set_cell(module, [a.weight for a, _ in order], [b.weight for _, b in order], [a.bias for a, _ in order],
                  ([a.grad_weight for a, _ in order], [b.grad_weight for _, b in order], [a.grad_bias for a, _ in order]))
        if cell2gate:
            peeps = [layers[k][1][0] for k in self.parts[:3]]
            module.weight_c = np.ascontiguousarray(np.stack([c.weight.reshape(-1) for c in peeps]))
            module.grad_weight_c = np.ascontiguousarray(np.stack([c.grad_weight.reshape(-1) for c in peeps]))
        return _finish_recurrent(module, f)

    def fields(self, module, ctx):
        h, dtype, peep = module.output_size, module.dtype, module.cell2gate
        rows = [slice(k * h, (k + 1) * h) for k in range(4)]

        def gate(k, tanh=False):
            x2g, h2g = nn.Linear(module.input_size, h).astype(dtype), nn.Linear(h, h, bias=False).astype(dtype)
            x2g.weight, x2g.bias, h2g.weight = (np.ascontiguousarray(a[rows[k]]) for a in (
                module.weight_x, module.bias, module.weight_h))
            x2g.grad_weight, x2g.grad_bias, h2g.grad_weight = (np.ascontiguousarray(a[rows[k]]) for a in (
                module.grad_weight_x, module.grad_bias, module.grad_weight_h))
            para = nn.ParallelTable(nn.Sequential(_rnn_dropout(module, ctx), x2g),
                                    nn.Sequential(_rnn_dropout(module, ctx), h2g))
            if peep and not tanh:
                cmul = nn.CMul(h).astype(dtype)
                cmul.weight, cmul.grad_weight = np.array(module.weight_c[k]), np.array(module.grad_weight_c[k])
                para.add(cmul)
            layers = [] if peep and not tanh else [nn.NarrowTable(0, 2)]
            return nn.Sequential(*layers, para, nn.CAddTable(), nn.Tanh() if tanh else nn.Sigmoid()).astype(dtype)

        in_gate, forget_gate, out_gate, hidden = gate(0), gate(1), gate(2), gate(3, tanh=True)
        forget = nn.Sequential(nn.ConcatTable(forget_gate, nn.SelectTable(2)), nn.CMulTable())
        inp = nn.Sequential(nn.ConcatTable(in_gate, hidden), nn.CMulTable())
        cell = nn.Sequential(nn.ConcatTable(forget, inp), nn.CAddTable())
        output = nn.Sequential(nn.ConcatTable(out_gate, nn.Sequential(nn.SelectTable(2), nn.Tanh())), nn.CMulTable())
        model = nn.Sequential(nn.ConcatTable(nn.NarrowTable(0, 2), cell), nn.FlattenTable(),
                              nn.ConcatTable(output, nn.SelectTable(2))).astype(dtype)
        if module.maskzero:
            model = nn.MaskZero(model, 1)
        return _step_fields(module, model, dtype, cell2gate=peep, inputGate=in_gate, forgetGate=forget_gate,
                            outputGate=out_gate, hiddenLayer=hidden, cellLayer=cell)


@register
class GRU(Entry):
    """rnn's GRU: `i2g` (Linear(I, 2H), gates [r | z]) and `o2g` (LinearNoBias(H, 2H)), and inside its
    recurrentModule the candidate's Linear(I, H) and LinearNoBias(H, H) (after i2g and o2g, depth first):
    nnlib's rows [r | z | n]. With dropout (`p` > 0, `mono`) i2g and o2g are rnn's Sequentials of two lazy
    Dropouts, two per-gate Linears and JoinTable(2), and a Dropout precedes the candidate's Linears. Written with
    rnn's buildModel, its SAdd(-1, true) (1 - z) as AddConstant(-1) then MulConstant(-1)."""
    torch_name, module = "nn.GRU", nn.GRU

    def build(self, f):
        x_gate, h_gate = _gate_linears(f, "i2g", 2), _gate_linears(f, "o2g", 2)
        inside = {id(r) for r in _raw_linears(f.get("i2g")) + _raw_linears(f.get("o2g"))}
        raws = [r for r in _raw_linears(f.get("recurrentModule")) if id(r) not in inside]
        if len(raws) != 2:
            raise f.error("its recurrentModule should hold rnn's candidate Linear and LinearNoBias")
        path = f"{f.where}.recurrentModule" if f.where else "recurrentModule"
        xn, hn = (f.ctx.value(r, path) for r in raws)
        d, h = xn.input_size, xn.output_size
        if any(lin.bias is None or lin.input_size != d for lin in x_gate + [xn]) or \
                any(lin.bias is not None or lin.input_size != h for lin in h_gate + [hn]) or \
                sum(lin.output_size for lin in x_gate) != 2 * h or sum(lin.output_size for lin in h_gate) != 2 * h:
            raise f.error("i2g, o2g and the candidate's Linears do not make one GRU")
        try:
            module = nn.GRU(d, h, f.int("rho", 9999), f.float("p", 0.0), f.bool("mono", False))
        except ValueError as e:
            raise f.error(f"cannot build nn.GRU: {e}") from None
        module.astype(xn.dtype)
        _set_cell(module, [_joined(x_gate, "weight"), xn.weight], [_joined(h_gate, "weight"), hn.weight],
                  [_joined(x_gate, "bias"), xn.bias],
                  ([_joined(x_gate, "grad_weight"), xn.grad_weight], [_joined(h_gate, "grad_weight"), hn.grad_weight],
                   [_joined(x_gate, "grad_bias"), xn.grad_bias]))
        return _finish_recurrent(module, f)

    def fields(self, module, ctx):
        h, dtype, p = module.output_size, module.dtype, module.p
        gates, new = slice(0, 2 * h), slice(2 * h, 3 * h)
        x_lins = _linears(dtype, 2 if p else 1, module.weight_x[gates], module.grad_weight_x[gates],
                          module.bias[gates], module.grad_bias[gates])
        h_lins = _linears(dtype, 2 if p else 1, module.weight_h[gates], module.grad_weight_h[gates])
        if p:  # rnn's buildModel: a lazy Dropout before each gate's Linear and before the candidate's two
            i2g, o2g = _dropout_gates(module, ctx, x_lins), _dropout_gates(module, ctx, h_lins)
        else:
            (i2g,), (o2g,) = x_lins, h_lins
        (xn,) = _linears(dtype, 1, module.weight_x[new], module.grad_weight_x[new], module.bias[new],
                         module.grad_bias[new])
        (hn,) = _linears(dtype, 1, module.weight_h[new], module.grad_weight_h[new])
        gates = nn.Sequential(nn.ParallelTable(i2g, o2g), nn.CAddTable(), nn.Reshape(2, h), nn.SplitTable(-2),
                              nn.ParallelTable(nn.Sigmoid(), nn.Sigmoid()))
        seq = nn.Sequential(nn.ConcatTable(nn.Identity(), gates), nn.FlattenTable(),  # x, s, r, z
                            nn.ConcatTable(nn.NarrowTable(0, 4), nn.SelectTable(1)), nn.FlattenTable())
        t1 = nn.Sequential(nn.SelectTable(0), *([_rnn_dropout(module, ctx)] if p else []), xn)
        t2 = nn.Sequential(nn.NarrowTable(1, 2), nn.CMulTable(), *([_rnn_dropout(module, ctx)] if p else []), hn)
        hidden = nn.Sequential(nn.ConcatTable(t1, t2), nn.CAddTable(), nn.Tanh())
        z1 = nn.Sequential(nn.SelectTable(3), nn.AddConstant(-1.0), nn.MulConstant(-1.0))
        z2 = nn.Sequential(nn.NarrowTable(3, 2), nn.CMulTable())
        o1 = nn.Sequential(nn.ConcatTable(hidden, z1), nn.CMulTable())
        seq.add(nn.Sequential(nn.ConcatTable(o1, z2), nn.CAddTable()))
        model = seq.astype(dtype)
        if module.maskzero:
            model = nn.MaskZero(model, 1)
        return _step_fields(module, model, dtype, i2g=i2g, o2g=o2g)


@register
class Repeater(Entry):
    """rnn's Repeater (its module wrapped in a Recursor unless recurrent, as nnlib's is); `rho` steps."""
    torch_name, module, table_output = "nn.Repeater", nn.Repeater, True

    def arguments(self, f):
        children = f.children()
        if len(children) != 1:
            raise f.error(f"a Repeater holds one module, found {len(children)}")
        return (children[0], f.int("rho")), {}

    def settings(self, module):
        return {"modules": list(module.modules), "module": module.modules[0], "rho": module.rho}


@register
class TrimZero(MaskZero):
    torch_name, module = "nn.TrimZero", nn.TrimZero

    def settings(self, module):
        return {**super().settings(module), "temp": np.empty(0, module.dtype), "gradTemp": np.empty(0, module.dtype)}


@register
class SeqReverseSequence(Entry):
    torch_name, module = "nn.SeqReverseSequence", nn.SeqReverseSequence

    def arguments(self, f):
        dim = f.int("dim")
        if not 1 <= dim <= 3:
            raise f.error(f"field 'dim' is {dim}; rnn's SeqReverseSequence reverses dim 1, 2 or 3")
        return (dim - 1,), {}

    def settings(self, module):
        if not 0 <= module.dim <= 2:
            raise TypeError(f"torch7.save: rnn's SeqReverseSequence reverses dim 1, 2 or 3; {module!r} reverses "
                            f"axis {module.dim}")
        return {"dim": module.dim + 1}


@register
class NormStabilizer(Entry):
    """rnn's NormStabilizer: `beta`; its recurrentModule (rnn's CopyGrad, no state) is written as rnn builds it."""
    torch_name, module = "nn.NormStabilizer", nn.NormStabilizer

    def arguments(self, f):
        return (f.float("beta", 1.0),), {}

    def finish(self, module, f):
        _finish_recurrent(module, f)

    def settings(self, module):
        empty = np.empty(0, module.dtype)
        copy = TorchObject("nn.CopyGrad", {"train": bool(module.train), "output": empty, "gradInput": empty.copy()})
        return {**_recurrent_fields(module, None), "beta": module.beta, "recurrentModule": copy, "modules": [copy],
                "sharedClones": [copy]}


class _WrappingCriterion(Entry):
    """rnn's criterions around one `criterion`."""

    def criterion(self, f):
        return f.ctx.value(f.get("criterion"), f"{f.where}.criterion" if f.where else "criterion")

    def build(self, f):
        args, kwargs = self.arguments(f)
        try:
            return self.module(*args, **kwargs)
        except (TypeError, ValueError) as e:
            raise f.error(f"cannot build nn.{self.module.__name__}: {e}") from None

    def arguments(self, f):
        return (self.criterion(f),), {}

    def fields(self, module, ctx):
        return {"output": 0.0, "gradInput": [], "criterion": module.criterion, "clones": [], **self.settings(module)}


@register
class SequencerCriterion(_WrappingCriterion):
    torch_name, module = "nn.SequencerCriterion", nn.SequencerCriterion

    def arguments(self, f):
        return (self.criterion(f), f.bool("sizeAverage", False)), {}

    def settings(self, module):
        return {"sizeAverage": module.size_average}


@register
class RepeaterCriterion(_WrappingCriterion):
    torch_name, module = "nn.RepeaterCriterion", nn.RepeaterCriterion


@register
class MaskZeroCriterion(_WrappingCriterion):
    torch_name, module = "nn.MaskZeroCriterion", nn.MaskZeroCriterion

    def arguments(self, f):
        return (self.criterion(f), f.int("nInputDim")), {}

    def settings(self, module):
        return {"nInputDim": module.n_input_dim}


@register
class Recurrent(Entry):
    """rnn's Recurrent: `startModule` (rnn's Add(outputSize) from a size), `inputModule`, `feedbackModule`,
    `transferModule`, `mergeModule`, `rho`; written with rnn's `initialModule` (input, start, transfer) and
    `recurrentModule` (ParallelTable(input, feedback), merge, transfer) around the same modules."""
    torch_name, module = "nn.Recurrent", nn.Recurrent

    def build(self, f):
        parts = [f.child(key) for key in ("startModule", "inputModule", "feedbackModule", "transferModule",
                                          "mergeModule")]
        start, inp, feedback, transfer, merge = parts
        module = nn.Recurrent(start, inp, feedback, transfer, f.int("rho", 9999), merge)
        adopt_dtype(module, f)  # its stateless transfer and merge modules take the parameters' dtype
        return _finish_recurrent(module, f)

    def fields(self, module, ctx):
        dtype = module.dtype
        empty = np.empty(0, dtype)
        initial = nn.Sequential(module.input_module, module.start, module.transfer)
        model = nn.Sequential(nn.ParallelTable(module.input_module, module.feedback_module), module.merge,
                              module.transfer)
        if module.maskzero:
            model = nn.MaskZero(model, 1)
        modules = [module.start, module.input_module, module.feedback_module, module.transfer, module.merge]
        if module.maskzero:  # rnn's maskZero() puts the wrapped recurrentModule first in `modules`
            modules[0] = model
        return {**_recurrent_fields(module, ctx), "train": bool(module.train), "output": empty,
                "gradInput": empty.copy(), "_type": f"torch.{'Double' if dtype == np.float64 else 'Float'}Tensor",
                "startModule": module.start, "inputModule": module.input_module,
                "feedbackModule": module.feedback_module, "transferModule": module.transfer,
                "mergeModule": module.merge, "modules": modules, "initialModule": initial,
                "recurrentModule": model, "sharedClones": [model]}


@register
class Recurrence(Entry):
    """rnn's Recurrence: its `module` ({x_t, h_(t-1)} -> h_t; `recurrentModule` is the same or, after
    maskZero(), a MaskZero around it), `outputSize` (a table of sizes: one state tensor), `nInputDim`, `rho`."""
    torch_name, module = "nn.Recurrence", nn.Recurrence

    def build(self, f):
        inner = f.get("module")
        child = f.child("module") if inner is not None else f.child("recurrentModule")
        if inner is None and isinstance(f.get("recurrentModule"), TorchObject) and \
                f.get("recurrentModule").typename in ("nn.MaskZero", "nn.TrimZero"):
            child = child.modules[0]
        try:
            module = nn.Recurrence(child, f.ints("outputSize"), f.int("nInputDim"), f.int("rho", 9999))
        except ValueError as e:
            raise f.error(f"cannot build nn.Recurrence: {e}") from None
        adopt_dtype(module, f)
        return _finish_recurrent(module, f)

    def fields(self, module, ctx):
        dtype = module.dtype
        empty = np.empty(0, dtype)
        model = nn.MaskZero(module.module, module.n_input_dim) if module.maskzero else module.module
        return {**_recurrent_fields(module, ctx), "train": bool(module.train), "output": empty,
                "gradInput": empty.copy(), "_type": f"torch.{'Double' if dtype == np.float64 else 'Float'}Tensor",
                "outputSize": [float(s) for s in module.output_size], "nInputDim": module.n_input_dim,
                "module": module.module, "recurrentModule": model, "modules": [model], "sharedClones": [model],
                "typeTensor": empty.copy()}


def _raw_table_module(name, dtype, modules=None):
    """A table module as rnn builds it, written as a raw object: rnn's ReverseTable (no nnlib class), or a
    container of Torch7 objects and nnlib modules (converted when written)."""
    fields = {"train": True, "output": [], "gradInput": [],
              "_type": f"torch.{'Double' if dtype == np.float64 else 'Float'}Tensor"}
    if modules is not None:
        fields["modules"] = modules
    return TorchObject(name, fields)


def _check_feature_join(f, key):
    """rnn's default merge, JoinTable(1, 1) (the features of each step), the only one nnlib's layers make."""
    raw = f.get(key)
    if not (isinstance(raw, TorchObject) and raw.typename == "nn.JoinTable" and raw.get("dimension") == 1
            and raw.get("nInputDims") == 1):
        found = raw.typename if isinstance(raw, TorchObject) else type(raw).__name__
        raise f.error(f"field '{key}' is {found}; nnlib's {f.obj.typename[3:]} merges the two directions "
                      f"with rnn's default JoinTable(1, 1) (their features) only")


@register
class BiSequencer(Entry):
    """rnn's BiSequencer: `forwardModule`, `backwardModule`, `mergeModule` (JoinTable(1, 1) only); written with
    rnn's `fwdSeq`, `bwdSeq`, `mergeSeq` and its module of ReverseTable, ZipTable and Sequencers."""
    torch_name, module, table_output, table_grad_input = "nn.BiSequencer", nn.BiSequencer, True, True

    def arguments(self, f):
        _check_feature_join(f, "mergeModule")
        return (f.child("forwardModule"), f.child("backwardModule")), {}

    def settings(self, module):
        fwd_seq, bwd_seq = module.modules
        merge_seq = nn.Sequencer(nn.JoinTable(-1).astype(module.dtype))
        dtype = module.dtype
        backward = _raw_table_module("nn.Sequential", dtype, [_raw_table_module("nn.ReverseTable", dtype), bwd_seq,
                                                              _raw_table_module("nn.ReverseTable", dtype)])
        brnn = _raw_table_module("nn.Sequential", dtype, [_raw_table_module("nn.ConcatTable", dtype, [
            fwd_seq, backward]), nn.ZipTable().astype(dtype), merge_seq])
        return {"forwardModule": fwd_seq.module, "backwardModule": bwd_seq.module,
                "mergeModule": merge_seq.module, "fwdSeq": fwd_seq, "bwdSeq": bwd_seq, "mergeSeq": merge_seq,
                "module": brnn, "modules": [brnn]}


@register
class SeqBRNN(Entry):
    """rnn's SeqBRNN: `forwardModule` and `backwardModule` (SeqLSTMs), `merge`; batch-first when its `module`
    starts with a Transpose (rnn saves no flag). Written with rnn's module: ConcatTable of the forward SeqLSTM and
    SeqReverseSequence(1), backward SeqLSTM, SeqReverseSequence(1); then the merge (Transposes around it all when
    batch-first)."""
    torch_name, module = "nn.SeqBRNN", nn.SeqBRNN

    def build(self, f):
        fwd, bwd, merge = f.child("forwardModule"), f.child("backwardModule"), f.child("merge")
        if type(fwd) is not nn.SeqLSTM or type(bwd) is not nn.SeqLSTM or \
                (fwd.input_size, fwd.output_size) != (bwd.input_size, bwd.output_size):
            raise f.error("fields 'forwardModule' and 'backwardModule' should be two SeqLSTMs of the same sizes")
        inner = f.get("module")
        first = inner.get("modules", [None])[0] if isinstance(inner, TorchObject) else None
        batch_first = isinstance(first, TorchObject) and first.typename == "nn.Transpose"
        module = nn.SeqBRNN(fwd.input_size, fwd.output_size, batch_first, merge)
        module.forward_module, module.backward_module = module.modules[0], module.modules[1] = fwd, bwd
        adopt_dtype(module, f)
        module.train = bool(f.get("train", True))
        return module

    def fields(self, module, ctx):
        out = super().fields(module, ctx)
        dtype = module.dtype
        backward = nn.Sequential(nn.SeqReverseSequence(0), module.backward_module, nn.SeqReverseSequence(0))
        parts = [nn.ConcatTable(module.forward_module, backward.astype(dtype)), module.merge]
        if module.batch_first:
            parts = [nn.Transpose((0, 1)).astype(dtype), *parts, nn.Transpose((0, 1)).astype(dtype)]
        brnn = _raw_table_module("nn.Sequential", dtype, parts)
        brnn.fields["output"], brnn.fields["gradInput"] = np.empty(0, dtype), np.empty(0, dtype)
        out.update(forwardModule=module.forward_module, backwardModule=module.backward_module, merge=module.merge,
                   dim=1, module=brnn, modules=[brnn])
        return out


@register
class BiSequencerLM(Entry):
    """rnn's BiSequencerLM: `forwardModule`, `backwardModule` (recurrent modules, else Sequencers, as rnn
    assumes: unwrapped when read), `mergeModule` (JoinTable(1, 1) only); written with rnn's `fwdSeq`, `bwdSeq`,
    `mergeSeq`, `_fwd`, `_bwd` (ReverseTables around bwdSeq), `_merge` (ZipTable, mergeSeq) as its `modules`."""
    torch_name, module, table_output, table_grad_input = "nn.BiSequencerLM", nn.BiSequencerLM, True, True

    def arguments(self, f):
        _check_feature_join(f, "mergeModule")
        fwd, bwd = f.child("forwardModule"), f.child("backwardModule")
        return tuple(m.module if type(m) is nn.Sequencer else m for m in (fwd, bwd)), {}

    def settings(self, module):
        dtype = module.dtype
        fwd_seq, bwd_seq = module.modules
        merge_seq = nn.Sequencer(nn.JoinTable(-1).astype(dtype))
        bwd = _raw_table_module("nn.Sequential", dtype, [_raw_table_module("nn.ReverseTable", dtype), bwd_seq,
                                                         _raw_table_module("nn.ReverseTable", dtype)])
        merge = _raw_table_module("nn.Sequential", dtype, [nn.ZipTable().astype(dtype), merge_seq])

        def given(seq):  # rnn's argument: a recurrent module, else the Sequencer itself
            return seq.module if isinstance(seq.module, nn.AbstractRecurrent) else seq

        return {"forwardModule": given(fwd_seq), "backwardModule": given(bwd_seq),
                "mergeModule": merge_seq.module, "fwdSeq": fwd_seq, "bwdSeq": bwd_seq, "mergeSeq": merge_seq,
                "_fwd": fwd_seq, "_bwd": bwd, "_merge": merge, "modules": [fwd_seq, bwd, merge]}


@register
class RecurrentAttention(Entry):
    """rnn's RecurrentAttention: `rnn` and `action` (each wrapped in a Recursor unless recurrent, as both
    constructors do), `nStep`, `hiddenSize` (a table of sizes); `forwardActions` (its output steps as
    {output, action} pairs) is refused: nnlib's outputs are the hidden states only."""
    torch_name, module, table_output = "nn.RecurrentAttention", nn.RecurrentAttention, True

    def build(self, f):
        if f.bool("forwardActions", False):
            raise f.error("forwardActions (steps output as {output, action}) is not supported: nnlib's "
                          "RecurrentAttention outputs the hidden states only")
        try:
            module = nn.RecurrentAttention(f.child("rnn"), f.child("action"), f.int("nStep"), f.ints("hiddenSize"))
        except ValueError as e:
            raise f.error(f"cannot build nn.RecurrentAttention: {e}") from None
        adopt_dtype(module, f)
        module.train = bool(f.get("train", True))
        return module

    def settings(self, module):
        return {"rnn": module.rnn, "action": module.action, "modules": [module.rnn, module.action],
                "nStep": module.n_step, "hiddenSize": [float(s) for s in module.hidden_size], "actions": [],
                "forwardActions": False, "gradHidden": []}


def _mufuru_op(name):
    """rnn's MuFuRu operation `name`: {s_(t-1), v_t} -> a new state, as Mufuru.lua's _operations build it."""
    def extreme(cls):
        return nn.Sequential(nn.MapTable(nn.Unsqueeze(0)), nn.JoinTable(0), cls(0))

    return {"max": lambda: extreme(nn.Max), "min": lambda: extreme(nn.Min), "keep": lambda: nn.SelectTable(0),
            "replace": lambda: nn.SelectTable(1), "mul": nn.CMulTable, "diff": nn.CSubTable,
            "forget": lambda: nn.Sequential(nn.SelectTable(0), nn.MulConstant(0.0)),
            "sqrt_diff": lambda: nn.Sequential(nn.CSubTable(), nn.Abs(), nn.Sqrt(), nn.MulConstant(0.25))}[name]()


@register
class MuFuRu(Entry):
    """rnn's MuFuRu (a GRU subclass): `ops` (names) and the four Linears of its recurrentModule, depth first:
    the reset gate's Linear(I, H) and Linear(H, H) (both with a bias), the feature's Linear(I + H, H) on
    [x, r s] and the op weights' Linear(I + H, J H) on [x, s] (its output viewed (J, H)). nnlib's rows
    [r | p_0 .. p_{J-1} | v]: `weight_x`/`weight_h` are those Linears' input and state columns.

    rnn's two reset-gate biases are one in nnlib: read as their sum (its gradient the first one's: rnn gives
    both the same), written as the Linear(I, H)'s bias with the Linear(H, H)'s -0.0 (so that reading the file
    back gives nnlib's bias bit for bit; a Torch7 file read and written again has the sum in the first and
    -0.0 in the second, the same forward). Written as rnn's buildModel makes its Sequential recurrentModule,
    with `operations` the op modules inside it."""
    torch_name, module = "nn.MuFuRu", nn.MuFuRu

    def build(self, f):
        ops = f.get("ops")
        if not isinstance(ops, list) or not all(isinstance(op, str) for op in ops):
            raise f.error("field 'ops' should be a list of operation names")
        d, h = f.int("inputSize"), f.int("outputSize")
        raws = _raw_linears(f.get("recurrentModule"))
        path = f"{f.where}.recurrentModule" if f.where else "recurrentModule"
        lins = [f.ctx.value(r, path) for r in raws]
        shapes = [(d, h, True), (h, h, True), (d + h, h, True), (d + h, len(ops) * h, True)]
        if [(m.input_size, m.output_size, m.bias is not None) for m in lins] != shapes:
            raise f.error(f"its recurrentModule should hold rnn's Linears {[s[:2] for s in shapes]} (reset gate, "
                          f"feature, op weights), found {[(m.input_size, m.output_size) for m in lins]}")
        try:
            module = nn.MuFuRu(d, h, tuple(ops), f.int("rho", 9999))
        except ValueError as e:
            raise f.error(f"cannot build nn.MuFuRu: {e}") from None
        module.astype(lins[0].dtype)
        rx, rh, feature, weights = lins

        def cols(attr):  # the Linears' input (x) and state columns, rows [r | p | v]
            x = [getattr(rx, attr), getattr(weights, attr)[:, :d], getattr(feature, attr)[:, :d]]
            s = [getattr(rh, attr), getattr(weights, attr)[:, d:], getattr(feature, attr)[:, d:]]
            return x, s

        (x, s), (gx, gs) = cols("weight"), cols("grad_weight")
        _set_cell(module, x, s, [rx.bias + rh.bias, weights.bias, feature.bias],
                  (gx, gs, [rx.grad_bias, weights.grad_bias, feature.grad_bias]))
        return _finish_recurrent(module, f)

    def fields(self, module, ctx):
        d, h, dtype, j = module.input_size, module.output_size, module.dtype, len(module.ops)
        rows_r, rows_p, rows_v = slice(0, h), slice(h, (j + 1) * h), slice((j + 1) * h, (j + 2) * h)

        def linear(rows, state_only=False):
            w, g = ((module.weight_h[rows], module.grad_weight_h[rows]) if state_only else
                    (np.concatenate([module.weight_x[rows], module.weight_h[rows]], 1),
                     np.concatenate([module.grad_weight_x[rows], module.grad_weight_h[rows]], 1)))
            (lin,) = _linears(dtype, 1, w, g, module.bias[rows], module.grad_bias[rows])
            return lin

        (rx,) = _linears(dtype, 1, module.weight_x[rows_r], module.grad_weight_x[rows_r], module.bias[rows_r],
                         module.grad_bias[rows_r])
        rh = linear(rows_r, state_only=True)
        rh.bias = np.full(h, -0.0, dtype)  # the merged bias is rx's: x + (-0.0) == x, bit for bit
        reset = nn.Sequential(nn.ParallelTable(rx, rh), nn.CAddTable(), nn.Sigmoid())
        feature = nn.Sequential(nn.ConcatTable(nn.SelectTable(0), nn.Sequential(nn.NarrowTable(1, 2), nn.CMulTable())),
                                nn.JoinTable(1), linear(rows_v), nn.Sigmoid())
        weights = nn.Sequential(nn.NarrowTable(0, 2), nn.JoinTable(1), linear(rows_p),
                                nn.View(j, h).set_num_input_dims(1), nn.Transpose((0, 1)), nn.SoftMax())
        operations = [_mufuru_op(op) for op in module.ops]
        activations = nn.Sequential(nn.NarrowTable(0, 2), nn.ConcatTable(*operations), nn.MapTable(nn.Unsqueeze(0)),
                                    nn.JoinTable(-3))  # rnn's JoinTable(1, 3)
        combine = nn.Sequential(nn.ConcatTable(activations, nn.SelectTable(2)), nn.CMulTable(), nn.Sum(0, 3))
        model = nn.Sequential(nn.ConcatTable(nn.SelectTable(0), nn.SelectTable(1), reset),  # {x, s, r}
                              nn.ConcatTable(nn.SelectTable(1), feature, weights),  # {s, v, p}
                              combine).astype(dtype)
        if module.maskzero:
            model = nn.MaskZero(model, 1)
        return _step_fields(module, model, dtype, ops=list(module.ops), num_ops=j, operations=operations)
