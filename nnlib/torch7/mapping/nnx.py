"""nnx's classes: SpatialPadding, SpatialNormalization and SpatialClassifier (the e-Lab era), SoftMaxTree and
TreeNLLCriterion.

nnx's SpatialNormalization computes through sub-modules it builds from its kernel (two
padded one-to-one convolutions, Sum, Replicate, Square, Sqrt, CSubTable, CDivTables and a
Threshold); nnlib's computes from the kernel directly. Reading checks that the saved
convolutions hold that kernel (and zero biases); writing builds the sub-modules as nnx's
constructor did, so Torch7 with nnx runs the saved module.
"""
import numpy as np

from ... import nn
from ..objects import TorchObject
from ._base import Entry, register
from ._dims import index_from_torch, index_to_torch
from .criterion import _Criterion


@register
class SpatialPadding(Entry):
    torch_name, module = "nn.SpatialPadding", nn.SpatialPadding

    def arguments(self, f):
        pad_l = f.int("pad_l")
        # nnx reads y_dim/x_dim as 1-based, defaulting to 2 and 3 (old files have neither, nor val)
        return (pad_l, f.int("pad_r", pad_l), f.int("pad_t", pad_l), f.int("pad_b", pad_l),
                index_from_torch(f, "y_dim", 2), index_from_torch(f, "x_dim", 3), f.float("val", 0.0)), {}

    def settings(self, module):
        if module.y_dim < 0 or module.x_dim < 0:
            raise ValueError(f"torch7.save: {module!r} pads axes counted from the end; nnx's SpatialPadding takes "
                             "1-based axes from the start: give y_dim and x_dim >= 0")
        return {"pad_l": module.pad_l, "pad_r": module.pad_r, "pad_t": module.pad_t, "pad_b": module.pad_b,
                "y_dim": index_to_torch(module.y_dim), "x_dim": index_to_torch(module.x_dim), "val": module.val}


@register
class SpatialClassifier(Entry):
    torch_name, module = "nn.SpatialClassifier", nn.SpatialClassifier

    def arguments(self, f):
        # `modules` holds the same classifier (nnx keeps it "for compat"); `classifier` is the one nnx runs
        return (f.child("classifier"),), {}

    def finish(self, module, f):
        module.spatial_output = f.bool("spatialOutput", True)

    def settings(self, module):
        empty = {key: np.empty(0, module.dtype) for key in ("inputF", "inputT", "outputF", "gradOutputF",
                                                            "gradOutputT", "gradInputF")}
        return {"classifier": module.classifier, "modules": [module.classifier],
                "spatialOutput": module.spatial_output, **empty}


def _convolution_maps(obj):
    """The nn.SpatialConvolutionMap objects inside a saved nnx convolution Sequential, in order."""
    if not isinstance(obj, TorchObject):
        return []
    if obj.typename == "nn.SpatialConvolutionMap":
        return [obj]
    return [m for child in obj.get("modules") or [] for m in _convolution_maps(child)]


@register
class SpatialNormalization(Entry):
    torch_name, module = "nn.SpatialNormalization", nn.SpatialNormalization

    def _kernels(self, f):
        kernel = f.get("kernel")
        kernels = kernel if isinstance(kernel, list) else [kernel]
        if not 1 <= len(kernels) <= 2 or not all(isinstance(k, np.ndarray) and k.ndim == 2 and k.size
                                                 for k in kernels):
            raise f.error("field 'kernel' should be a 2-D tensor or a table of two 2-D tensors")
        return [np.array(k, np.float64) for k in kernels]

    def arguments(self, f):
        kernels = self._kernels(f)
        return (f.int("nfeatures"), kernels if len(kernels) == 2 else kernels[0], f.float("fixedThres", None)), {}

    def finish(self, module, f):
        kernels = self._kernels(f)
        # nnx normalised the kernel when it was built and saved it so: keep those values exactly
        module.kernel, module.kernel2 = kernels[0], (kernels[1] if len(kernels) == 2 else None)
        for key in ("convo", "convostd"):
            maps = _convolution_maps(f.get(key))
            if not maps:
                continue
            if len(maps) != len(kernels):
                raise f.error(f"field '{key}' holds {len(maps)} convolutions, its kernel table {len(kernels)}")
            for conv, kernel in zip(maps, kernels):
                weight, bias = conv.get("weight"), conv.get("bias")
                expected = kernel.astype(module.dtype)
                if (not isinstance(weight, np.ndarray) or weight.shape[1:] != kernel.shape
                        or not (weight == expected).all() or (isinstance(bias, np.ndarray) and bias.any())):
                    raise f.error(f"the convolutions of field '{key}' are not its kernel (with zero bias); nnlib's "
                                  "SpatialNormalization computes from the kernel")

    def settings(self, module):
        dtype = module.dtype
        kernels = [k for k in (module.kernel, module.kernel2) if k is not None]
        n = module.n_input_plane
        out = {"nfeatures": n, "kernel": [k.astype(dtype) for k in kernels] if len(kernels) == 2
               else kernels[0].astype(dtype)}
        for suffix, kernel in zip(("", "2"), kernels + [None]):
            kh, kw = kernel.shape if kernel is not None else (0, 0)
            out.update({f"pad{suffix}W": kw // 2, f"pad{suffix}H": kh // 2,
                        f"ker{suffix}WisPair": int(kw > 0 and kw % 2 == 0),
                        f"ker{suffix}HisPair": int(kh > 0 and kh % 2 == 0)})
        if module.threshold is not None:
            out["fixedThres"] = module.threshold
        out["convo"], out["convostd"] = self._convolutions(kernels, n, dtype), self._convolutions(kernels, n, dtype)
        t = module.threshold
        empty = np.empty(0, dtype)
        out.update({
            "squareMod": nn.Square().astype(dtype), "sqrtMod": nn.Sqrt().astype(dtype),
            "thresMod": (nn.Threshold() if t is None else nn.Threshold(t, t)).astype(dtype),
            "subtractMod": nn.CSubTable().astype(dtype), "meanDiviseMod": nn.CDivTable().astype(dtype),
            "stdDiviseMod": nn.CDivTable().astype(dtype), "diviseMod": nn.CDivTable().astype(dtype),
            "coef": np.zeros((1, 1), dtype),
        })
        for key in ("inConvo", "inMean", "inputZeroMean", "inputZeroMeanSq", "inConvoVar", "inVar", "inStdDev",
                    "thstd"):
            out[key] = empty.copy()
        return out

    @staticmethod
    def _convolutions(kernels, n, dtype):
        """nnx's convolution Sequential(s): zero padding keeping the size, the kernel on every plane, summed
        over planes and replicated (two kernels: two such Sequentials in one)."""
        stages = []
        for kernel in kernels:
            kh, kw = kernel.shape
            conv = nn.SpatialConvolutionMap(nn.tables.one_to_one(n), kw, kh)
            stage = nn.Sequential(nn.SpatialPadding(kw // 2, kw // 2 - (kw % 2 == 0), kh // 2, kh // 2 - (kh % 2 == 0)),
                                  conv, nn.Sum(0), nn.Replicate(n)).astype(dtype)
            conv.weight[...] = kernel
            conv.bias[...] = 0
            stages.append(stage)
        return stages[0] if len(stages) == 1 else nn.Sequential(*stages)


@register
class SoftMaxTree(Entry):
    """nnx's SoftMaxTree: `inputSize`, `rootId`, the tree as nnx indexes it (`parentIds`; `parentChildren`, per
    parent id its 1-based first row in `weight`/`childIds` and its number of children; `childParent`, per child
    id its parent and 1-based place among the children), `weight`/`bias` (one row per child, nnx's rows in its
    order, nnlib's node by node breadth first: permuted), their gradients (absent with `accUpdate`: zeros) and
    `updates` ({1-based parent id: summed scales} of the nodes accGradParameters touched: nnlib's `visited`).
    Node ids are 1-based: nnlib's are one less, so nnx's words must be the ids 1..V and its inner nodes above V.
    Written with nnlib's rows in their order and the counts nnx's constructor derives (`nChildNode`,
    `maxFamily`, `maxFamilyPath`, `maxDept`, ...), `accUpdate` false, `static` true (nnx's default: it only
    shapes what `parameters()` returns) and `updates` 1 per visited node (nnlib keeps which, not how much)."""
    torch_name, module, parameters = "nn.SoftMaxTree", nn.SoftMaxTree, ("weight", "bias")

    def _tree(self, f):
        """{nnlib parent id: nnlib child ids} and {nnlib parent id: nnx's first row (0-based)}, checked."""
        parent_ids, rows = f.ints("parentIds"), f.array("weight").shape[0] if f.has("weight") else 0
        table, child_ids, child_parent = f.array("parentChildren"), f.array("childIds"), f.array("childParent")
        if table.ndim != 2 or table.shape[1] != 2 or child_parent.ndim != 2 or child_parent.shape[1] != 2:
            raise f.error("fields 'parentChildren' and 'childParent' should be (n, 2) tensors")
        child_ids = np.asarray(child_ids, np.int64).ravel()
        if child_ids.size != rows:
            raise f.error(f"field 'childIds' has {child_ids.size} ids, 'weight' {rows} rows: one per child")
        tree, starts = {}, {}
        for p in parent_ids:
            if not 1 <= p <= table.shape[0]:
                raise f.error(f"parent id {p} of 'parentIds' has no row in 'parentChildren'")
            start, n = int(table[p - 1, 0]) - 1, int(table[p - 1, 1])
            if start < 0 or n < 1 or start + n > rows:
                raise f.error(f"'parentChildren' gives parent {p} rows {start + 1} to {start + n} of {rows}")
            children = child_ids[start:start + n]
            if children.min() < 1 or children.max() > child_parent.shape[0]:
                raise f.error(f"the children of parent {p} ({children.tolist()[:10]}) should be ids 1 to "
                              f"{child_parent.shape[0]} (the rows of 'childParent')")
            # nnx's forward walks up through childParent: it must say what parentChildren says
            places = np.asarray(child_parent, np.int64)[children - 1]
            if (places[:, 0] != p).any() or (places[:, 1] != np.arange(1, n + 1)).any():
                raise f.error(f"'childParent' disagrees with 'parentChildren' about the children of parent {p}")
            tree[p - 1], starts[p - 1] = children - 1, start
        if len(tree) != len(parent_ids):
            raise f.error("field 'parentIds' lists a parent twice")
        leaves = np.setdiff1d(child_ids, np.array(parent_ids, np.int64))
        n_words = leaves.size
        if n_words and (leaves[0] != 1 or leaves[-1] != n_words or min(parent_ids) <= n_words):
            shown = ", ".join(map(str, leaves[:10].tolist())) + (", ..." if n_words > 10 else "")
            raise f.error(f"its words (the children that are no parent: {shown}) should be the "
                          f"ids 1..{n_words} and its parents' ids above them (nnlib's word ids are the 0-based "
                          "targets, its inner nodes follow them); nnlib cannot take this tree")
        return tree, starts

    def arguments(self, f):
        tree, _ = self._tree(f)
        root = f.int("rootId")
        if root - 1 not in tree:
            raise f.error(f"field 'rootId' is {root}, not one of its parent ids")
        return (f.int("inputSize"), tree, root - 1), {}

    def build(self, f):
        module = super().build(f)
        # nnx's rows are in its `parentChildren` order, nnlib's node by node (`node_ids`) breadth first
        _, starts = self._tree(f)
        first = np.array([starts[p] for p in module.node_ids.tolist()], np.int64)
        rows = np.repeat(first - module.node_offset, module.node_nchild) + np.arange(module.weight.shape[0])
        if (rows != np.arange(rows.size)).any():  # else (as nnlib writes them) the saved arrays are kept
            for name in self.parameters:
                for attr in (name, "grad_" + name):
                    setattr(module, attr, np.ascontiguousarray(getattr(module, attr)[rows]))
        updates = f.get("updates", {})
        if isinstance(updates, list):  # a table with keys 1..n (the empty one) is read as a list
            updates = dict(enumerate(updates, 1))
        if not isinstance(updates, dict) or not all(isinstance(k, int) and k - 1 in starts for k in updates):
            raise f.error("field 'updates' should map parent ids to summed scales")
        module.visited[:] = np.isin(module.node_ids, np.array(list(updates), np.int64) - 1)
        return module

    def settings(self, module):
        dtype, ids = module.dtype, module.node_ids
        children = [module.tree[int(p)] for p in ids]
        nchild = module.node_nchild
        child_ids = np.concatenate(children).astype(np.int64) + 1
        max_parent, max_child = int(ids.max()) + 1, int(child_ids.max())
        parent_children = np.full((max_parent, 2), -1, np.int32)
        parent_children[ids, 0] = module.node_offset + 1
        parent_children[ids, 1] = nchild
        child_parent = np.full((max_child, 2), -1, np.int32)
        child_parent[child_ids - 1, 0] = np.repeat(ids + 1, nchild)
        child_parent[child_ids - 1, 1] = np.concatenate([np.arange(1, n + 1) for n in nchild.tolist()])
        # nnx's buffer sizes: the most rows on a path from the root to a parent (inclusive), the deepest parent
        family_path, depth = np.zeros(ids.size, np.int64), np.zeros(ids.size, np.int64)
        index = {int(p): i for i, p in enumerate(ids.tolist())}
        for i, kids in enumerate(children):  # breadth first: a parent before its children
            family_path[i] += nchild[i]
            depth[i] += 1
            for c in kids.tolist():
                if c in index:
                    family_path[index[c]], depth[index[c]] = family_path[i], depth[i]
        grad_input, grad_target = np.empty(0, dtype), np.empty(0, np.int32)
        return {"inputSize": module.input_size, "rootId": module.root_id + 1, "accUpdate": False,
                "nChildNode": int(child_ids.size), "nParentNode": int(ids.size), "minNodeId": int(child_ids.min()),
                "maxNodeId": max(max_parent, max_child), "maxParentId": max_parent, "maxChildId": max_child,
                "maxFamily": int(nchild.max()), "maxFamilyPath": int(family_path.max()), "maxDept": int(depth.max()),
                "childIds": child_ids.astype(np.int32), "parentIds": (ids + 1).astype(np.int32),
                "parentChildren": parent_children, "childParent": child_parent,
                "updates": {int(p) + 1: 1.0 for p in ids[module.visited]}, "static": True, "batchSize": 0,
                "_nodeBuffer": np.empty(0, dtype), "_multiBuffer": np.empty(0, dtype), "_gradInput": grad_input,
                "_gradTarget": grad_target, "gradInput": [grad_input, grad_target]}


@register
class TreeNLLCriterion(_Criterion):
    """nnx's TreeNLLCriterion: `_module`, the `nn.Mean` it averages with (nnlib's `size_average`; an `nn.Sum`, as
    nnlib writes a summing one, sums), and `_output_grad` ({-1}). `sizeAverage` is written too (nnx's class does
    not read it)."""
    torch_name, module = "nn.TreeNLLCriterion", nn.TreeNLLCriterion

    def arguments(self, f):
        reduce = f.child("_module")
        if not isinstance(reduce, nn.Sum) or reduce.dimension not in (0, -1):
            raise f.error(f"field '_module' should be the nn.Mean (or nn.Sum) over the log-probabilities' dimension "
                          f"1, found {reduce!r}")
        size_average = reduce.size_average
        if f.get("sizeAverage", size_average) != size_average:
            raise f.error(f"field 'sizeAverage' ({f.get('sizeAverage')}) disagrees with its '_module' {reduce!r}")
        return (), {"size_average": size_average}

    def build(self, f):
        criterion = super().build(f)
        criterion.dtype = f.dtype()  # its `_output_grad`'s (a Double criterion takes Double log-probabilities)
        return criterion

    def settings(self, module):
        dtype = module.dtype
        reduce = (nn.Mean(0) if module.size_average else nn.Sum(0)).astype(dtype)
        return {"_module": reduce, "_output_grad": np.array([-1.0], dtype)}
