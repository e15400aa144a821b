"""nnx's SoftMaxTree and TreeNLLCriterion as nnx saves them: its tree indexes (1-based ids, rows in its own order)
and a forward as nnx's C code walks them."""
import numpy as np
import pytest

from nnlib import nn, torch7
from nnlib.torch7 import Torch7MappingError, TorchObject
from nnlib.torch7.mapping import to_nnlib

# words 1..7, inner nodes 8 (the root) to 11: 8 -> {9, 1, 10}, 9 -> {2, 3}, 10 -> {4, 11, 5}, 11 -> {6, 7}
HIERARCHY = {8: [9, 1, 10], 9: [2, 3], 10: [4, 11, 5], 11: [6, 7]}
ORDER = [10, 8, 11, 9]  # the order Lua's pairs() happened to give: nnx's rows in this order, not breadth first


def _nnx_soft_max_tree(input_size, hierarchy, root, order, rng, **fields):
    """The fields nnx's SoftMaxTree:__init(inputSize, hierarchy, rootId) leaves, its parents visited in `order`
    (the buffer sizes maxFamily, maxFamilyPath, maxDept are HIERARCHY's; nnlib derives its own)."""
    n_child = sum(len(hierarchy[p]) for p in order)
    max_parent = max(order)
    max_child = max(c for p in order for c in hierarchy[p])
    parent_children = np.full((max_parent, 2), -1, np.int32)
    child_ids = np.zeros(n_child, np.int32)
    start = 1
    for p in order:
        parent_children[p - 1] = start, len(hierarchy[p])
        child_ids[start - 1:start - 1 + len(hierarchy[p])] = hierarchy[p]
        start += len(hierarchy[p])
    child_parent = np.full((max_child, 2), -1, np.int32)
    for p in order:
        for i, c in enumerate(hierarchy[p]):
            child_parent[c - 1] = p, i + 1
    grad_input, grad_target = np.zeros(0), np.zeros(0, np.int32)
    return TorchObject("nn.SoftMaxTree", {**dict(
        train=True, output=np.zeros(0), rootId=float(root), inputSize=float(input_size), nChildNode=float(n_child),
        nParentNode=float(len(order)), minNodeId=1.0, maxNodeId=float(max(max_parent, max_child)),
        maxParentId=float(max_parent), maxChildId=float(max_child), maxFamily=3.0, maxFamilyPath=8.0, maxDept=3.0,
        weight=rng.standard_normal((n_child, input_size)), bias=rng.standard_normal(n_child),
        gradWeight=np.zeros((n_child, input_size)), gradBias=np.zeros(n_child), childIds=child_ids,
        parentIds=np.array(order, np.int32), parentChildren=parent_children, childParent=child_parent, updates={},
        _nodeBuffer=np.zeros(0), _multiBuffer=np.zeros(0), batchSize=0.0, _gradInput=grad_input,
        _gradTarget=grad_target, gradInput=[grad_input, grad_target], static=True), **fields})


def _nnx_forward(fields, x, target):
    """nnx's SoftMaxTree_updateOutput: from each (1-based) target up through `childParent` to `rootId`, the sum of
    the log-softmax of each parent's rows (`parentChildren`: first row, count) at the child's place."""
    def get(key):  # nnlib's raw fields are keyed by str, torchfile's by bytes
        return fields[key] if key in fields else fields[key.encode()]

    child_parent, parent_children = np.asarray(get("childParent")), np.asarray(get("parentChildren"))
    weight, bias, root = np.asarray(get("weight")), np.asarray(get("bias")), int(get("rootId"))
    out = np.zeros(len(target))
    for i, child in enumerate(target):
        while True:
            parent, place = child_parent[child - 1]
            start, n = parent_children[parent - 1]
            logits = weight[start - 1:start - 1 + n] @ x[i] + bias[start - 1:start - 1 + n]
            out[i] += logits[place - 1] - logits.max() - np.log(np.exp(logits - logits.max()).sum())
            if parent == root:
                break
            child = parent
    return out


def test_a_soft_max_tree_as_nnx_saves_it_computes_nnxs_forward():
    rng = np.random.default_rng(0)
    raw = _nnx_soft_max_tree(3, HIERARCHY, 8, ORDER, rng, updates={10: 2.0, 11: 1.0})
    tree = to_nnlib(raw)
    assert isinstance(tree, nn.SoftMaxTree) and tree.n_words == 7 and tree.root_id == 7  # nnx's 8, 0-based
    assert {k: v.tolist() for k, v in tree.tree.items()} == {p - 1: [c - 1 for c in kids]
                                                             for p, kids in HIERARCHY.items()}
    assert sorted(tree.node_ids[tree.visited].tolist()) == [9, 10]  # nnx's updates keys 10, 11
    x = rng.standard_normal((7, 3))
    words = np.arange(1, 8)  # every word, 1-based as nnx takes them
    np.testing.assert_allclose(tree.forward([x, words - 1]), _nnx_forward(raw.fields, x, words), rtol=1e-12)
    # the distribution over the words sums to one
    np.testing.assert_allclose(np.exp(tree.log_prob_all(x)).sum(1), 1, rtol=1e-12)


def test_a_soft_max_tree_is_written_as_nnx_indexes_it(tmp_path):
    torchfile = pytest.importorskip("torchfile")
    rng = np.random.default_rng(1)
    tree = to_nnlib(_nnx_soft_max_tree(3, HIERARCHY, 8, ORDER, rng))
    x, words = rng.standard_normal((7, 3)), np.arange(7)
    tree.forward([x[:2], words[:2]])
    tree.backward([x[:2], words[:2]], np.ones(2))  # words 0 and 1 visit the root (7) and its child 8
    torch7.save(tmp_path / "t.t7", tree)
    theirs = torchfile.load(str(tmp_path / "t.t7"), use_list_heuristic=False)
    assert theirs.torch_typename() == b"nn.SoftMaxTree"
    # what nnx's forward computes from the written fields is nnlib's forward
    np.testing.assert_allclose(_nnx_forward(theirs._obj, x, words + 1), tree.forward([x, words]), rtol=1e-12)
    # the counts nnx's constructor derives from the hierarchy
    assert (theirs[b"rootId"], theirs[b"nChildNode"], theirs[b"nParentNode"], theirs[b"maxParentId"],
            theirs[b"maxChildId"], theirs[b"maxFamily"], theirs[b"maxFamilyPath"], theirs[b"maxDept"]) == \
        (8, 10, 4, 11, 11, 3, 8, 3)  # 8 rows on the path 8 -> 10 -> 11
    assert theirs[b"parentIds"].dtype == np.int32 and sorted(theirs[b"updates"]) == [8, 9]
    assert theirs[b"gradInput"][2] is theirs[b"_gradTarget"]  # one tensor, as nnx's gradInput table holds it
    back = torch7.load(tmp_path / "t.t7")
    assert back.weight.tobytes() == tree.weight.tobytes() and back.grad_bias.tobytes() == tree.grad_bias.tobytes()
    assert back.visited.tolist() == tree.visited.tolist()


@pytest.mark.parametrize("hierarchy, root, match", [
    # nnx's own test tree: words are not the ids 1..V below the inner nodes
    ({1: [2, 3, 4], 2: [5, 6, 7], 3: [8, 9]}, 1, "words .* should be the ids 1..6 and its parents' ids above them"),
    ({8: [9, 1, 10], 9: [2, 3], 10: [4, 11, 5], 11: [6, 7]}, 9, "'rootId' is 9, not one of its parent ids|has a "
                                                                "parent"),
])
def test_soft_max_trees_nnlib_cannot_take_are_refused(hierarchy, root, match):
    raw = _nnx_soft_max_tree(2, hierarchy, root, list(hierarchy), np.random.default_rng(0))
    with pytest.raises(Torch7MappingError, match=match):
        to_nnlib(raw)


def test_a_soft_max_tree_whose_indexes_disagree_is_refused():
    raw = _nnx_soft_max_tree(2, HIERARCHY, 8, ORDER, np.random.default_rng(0))
    raw["childParent"][0] = [9, 1]  # word 1 claims parent 9
    with pytest.raises(Torch7MappingError, match="'childParent' disagrees"):
        to_nnlib(raw)


@pytest.mark.parametrize("reduce, size_average", [("nn.Mean", True), ("nn.Sum", False)])
def test_a_tree_nll_criterion_as_nnx_saves_it_computes_nnxs_loss(reduce, size_average):
    module = TorchObject(reduce, {"train": True, "dimension": 1.0, "sizeAverage": size_average, "squeeze": True,
                                  "output": np.zeros(0), "gradInput": np.zeros(0)})
    crit = to_nnlib(TorchObject("nn.TreeNLLCriterion", {"_module": module, "_output_grad": np.array([-1.0]),
                                                        "output": 0.0, "gradInput": np.zeros(0)}))
    assert isinstance(crit, nn.TreeNLLCriterion) and crit.size_average is size_average
    log_probs = -np.array([0.5, 1.25, 2.0])
    # nnx: -Mean(1):forward(input)[1], gradient Mean's backward of {-1}
    n = 3 if size_average else 1
    assert crit.forward(log_probs, None) == pytest.approx(3.75 / n, rel=1e-15)
    np.testing.assert_array_equal(crit.backward(log_probs, None), np.full(3, -1.0 / n))
    with pytest.raises(Torch7MappingError, match="'_module' should be"):
        to_nnlib(TorchObject("nn.TreeNLLCriterion", {"_module": TorchObject("nn.Max", {"dimension": 1.0})}))
