"""`Module`: Torch7's module contract.

A module maps `input -> output` in `update_output` and back-propagates in
`update_grad_input` (gradient w.r.t. its input) and `acc_grad_parameters`
(gradients w.r.t. its parameters, *accumulated* until `zero_grad_parameters`).
Parameters are numpy arrays registered by name; the gradient of parameter
`weight` lives in `grad_weight`.  Parameters are always updated in place, so
views handed out by `get_parameters` stay valid.

Freezing (PyTorch's habit): `module.requires_grad = False` (or
`module.requires_grad_(False)`) on a module and all its descendants stops
their parameter gradients from accumulating. The check lives here, once:
every class's `backward` and `sequence_backward` run with scale 0 and its
`acc_grad_parameters` (and an own `update_parameters`) do nothing while the
module and its subtree are frozen (each subclass's own methods are wrapped
when the class is defined), so the gradients w.r.t. the inputs still flow;
a container with an unfrozen child lets each child decide. `update_parameters` leaves frozen parameters alone and
`parameters(trainable_only=True)` / `get_parameters(trainable_only=True)`
leave them out (an optimizer then never sees them).
"""
import copy
import functools

import numpy as np

from ..kernels._memory import empty_aligned
from ..kernels.parameters import fill_zero, sgd_step
from ._checks import TorchNames, check_same_shape, describe

# Torch7's tensor type names accepted by `Module.type`
_TORCH_TYPES = {"torch.FloatTensor": np.float32, "torch.DoubleTensor": np.float64}


class Module(TorchNames):
    """Base class of every layer and container.

    Torch7's camelCase names of nnlib's attributes and methods (`gradInput`,
    `zeroGradParameters`...) raise an AttributeError naming the snake_case one.
    """

    # the names of the work state (`_buffer` arrays, the plan) for clear_state; none of it is saved
    transient_attributes = ("_work_arrays", "_plan", "_plan_key")

    def __init_subclass__(cls, **kwargs):
        """Route every class's own gradient-accumulating methods through the freezing check."""
        super().__init_subclass__(**kwargs)
        for name, wrap in _FREEZING_WRAPPERS.items():
            method = cls.__dict__.get(name)
            if callable(method) and not getattr(method, "_checks_requires_grad", False):
                setattr(cls, name, wrap(method))

    @property
    def requires_grad(self):
        """False when frozen: backward accumulates no parameter gradient and update_parameters skips it."""
        return self.__dict__.get("_requires_grad", True)

    @requires_grad.setter
    def requires_grad(self, value):
        for m in self.list_modules():
            m.__dict__["_requires_grad"] = bool(value)

    def requires_grad_(self, requires_grad=True):
        """Set `requires_grad` on this module and its descendants (PyTorch's spelling); returns self."""
        self.requires_grad = requires_grad
        return self

    def __init__(self):
        self.output = None
        self.grad_input = None
        self.train = True
        self.dtype = np.dtype(np.float32)
        self._parameter_names = []
        self._buffer_names = []

    # -- registration -----------------------------------------------------
    def register_parameter(self, name, value):
        """Make `value` a trainable parameter `self.<name>` with gradient `self.grad_<name>`."""
        value = np.ascontiguousarray(value, dtype=self.dtype)
        setattr(self, name, value)
        setattr(self, "grad_" + name, np.zeros_like(value))
        if name not in self._parameter_names:
            self._parameter_names.append(name)

    def register_buffer(self, name, value):
        """Make `value` persistent non-trainable state (cast, saved and shareable)."""
        setattr(self, name, None if value is None else np.ascontiguousarray(value, dtype=self.dtype))
        if name not in self._buffer_names:
            self._buffer_names.append(name)

    # -- the forward/backward contract -------------------------------------
    def forward(self, input):
        """Compute and return `self.output`."""
        return self.update_output(input)

    def __call__(self, *inputs):
        """`forward(input)`; called on nngraph nodes (or on nothing) it makes a graph node instead,
        as Torch7's nngraph: `h = nn.Linear(10, 20)(x)`, `y = nn.CAddTable()([h1, h2])`, `x = nn.Identity()()`."""
        if len(inputs) == 1 and isinstance(inputs[0], np.ndarray):
            return self.forward(inputs[0])
        from ..nngraph.node import Node, is_node_input
        if not inputs or is_node_input(inputs[0]):
            return Node.from_call(self, inputs)
        return self.forward(*inputs)

    def backward(self, input, grad_output, scale=1.0):
        """Return the gradient w.r.t. `input`; add `scale` x the parameter gradients (none when frozen)."""
        self._require_forward(grad_output)
        self.update_grad_input(input, grad_output)
        if not _frozen(self):
            self.acc_grad_parameters(input, grad_output, scale)
        return self.grad_input

    def _require_forward(self, grad_output):
        """backward needs a forward first, and an array gradient shaped and typed as that forward's output."""
        out = self.output
        if out is None:
            raise RuntimeError(f"{describe(self)}: backward called before forward (no output to back-propagate "
                               "through); call forward(input) first")
        if isinstance(out, np.ndarray) and isinstance(grad_output, np.ndarray):
            # a table (list) is left to the module: a pass-through like PrintSize takes any
            check_same_shape(self, out, grad_output)
            if grad_output.dtype != out.dtype and out.dtype.kind == "f":
                raise ValueError(f"{describe(self)}: grad_output dtype {grad_output.dtype} does not match the "
                                 f"output's {out.dtype}; cast it with .astype(np.{out.dtype})")

    def backward_update(self, input, grad_output, learning_rate):
        """grad_input, and the parameters stepped by `-learning_rate` x this input's gradient (Torch's backwardUpdate)."""
        self._require_forward(grad_output)
        self.update_grad_input(input, grad_output)
        self.acc_update_grad_parameters(input, grad_output, learning_rate)
        return self.grad_input

    def acc_update_grad_parameters(self, input, grad_output, learning_rate):
        """p -= learning_rate x (this input's gradient of p), leaving the accumulated grad_<p> untouched.

        Torch7's accUpdateGradParameters. Each distinct gradient array of the
        tree is swapped for a zeroed scratch array during one
        `acc_grad_parameters`, so shared parameters are stepped once with the
        sum of their uses, then the gradients are put back.
        """
        slots = self._parameter_slots()
        scratch, saved = {}, []
        for m, name in slots:
            g = getattr(m, "grad_" + name)
            saved.append(g)
            if id(g) not in scratch:
                scratch[id(g)] = (getattr(m, name), np.zeros_like(g))
            object.__setattr__(m, "grad_" + name, scratch[id(g)][1])
        try:
            self.acc_grad_parameters(input, grad_output, 1.0)
        finally:
            for (m, name), g in zip(slots, saved):
                object.__setattr__(m, "grad_" + name, g)
        for p, step in scratch.values():
            p -= p.dtype.type(learning_rate) * step
        return self

    def update_output(self, input):
        raise NotImplementedError(f"{type(self).__name__} does not implement update_output")

    def update_grad_input(self, input, grad_output):
        raise NotImplementedError(f"{type(self).__name__} does not implement update_grad_input")

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        """Parameter-free modules have nothing to accumulate."""

    # -- tree walking ------------------------------------------------------
    def children(self):
        """Direct sub-modules (none for a leaf)."""
        return []

    def list_modules(self):
        """This module and all its descendants, depth first (Torch's listModules)."""
        found = [self]
        for child in self.children():
            found.extend(child.list_modules())
        return found

    def find_modules(self, type_name, container=None):
        """(modules, containers): every module of the tree whose type is `type_name`, and its parent.

        Torch7's findModules: `type_name` is a class or its name (`"Linear"` or
        `"nn.Linear"`); the type must match exactly (subclasses do not count).
        The parent of a match at the root is the root itself.
        """
        container = self if container is None else container
        if isinstance(type_name, str):
            matches = type(self).__name__ == type_name.split(".")[-1]
        else:
            matches = type(self) is type_name
        modules, containers = ([self], [container]) if matches else ([], [])
        for child in self.children():
            found, parents = child.find_modules(type_name, self)
            modules.extend(found)
            containers.extend(parents)
        return modules, containers

    def apply(self, fn):
        """Call `fn(module)` on this module and every descendant, parents first; returns self."""
        fn(self)
        for child in self.children():
            child.apply(fn)
        return self

    def replace(self, fn):
        """Torch7's replace: `fn(module)` returns the module to use in its place, for the whole tree.

        Children are replaced in their container's `modules`; the root's
        replacement is returned.
        """
        out = fn(self)
        modules = getattr(self, "modules", None)
        if isinstance(modules, list):
            for i, child in enumerate(modules):
                modules[i] = child.replace(fn)
        return out

    def named_modules(self, prefix=""):
        """(name, module) pairs of the tree, PyTorch's naming (`"0.2"` is child 2 of child 0), each module once."""
        seen = set()

        def walk(module, name):
            if id(module) in seen:
                return
            seen.add(id(module))
            yield name, module
            for i, child in enumerate(module.children()):
                yield from walk(child, f"{name}.{i}" if name else str(i))

        return list(walk(self, prefix))

    def named_parameters(self):
        """(name, parameter) pairs as PyTorch names them (`"0.weight"`); a shared parameter appears once."""
        found, seen = [], set()
        for prefix, m in self.named_modules():
            for name in m._parameter_names:
                p = getattr(m, name)
                if id(p) not in seen:
                    seen.add(id(p))
                    found.append((f"{prefix}.{name}" if prefix else name, p))
        return found

    def _parameter_slots(self, trainable_only=False):
        """(module, name) for every parameter slot in the tree, in order (of unfrozen modules only)."""
        return [(m, name) for m in self.list_modules() if m.requires_grad or not trainable_only
                for name in m._parameter_names]

    # -- parameters --------------------------------------------------------
    def parameters(self, trainable_only=False):
        """Lists (params, grads) of the tree's parameters; a shared parameter appears once.

        With `trainable_only`, only those of modules with `requires_grad` (a
        parameter shared with an unfrozen module stays in).
        """
        params, grads, seen = [], [], set()
        for m, name in self._parameter_slots(trainable_only):
            p = getattr(m, name)
            if id(p) in seen:
                continue
            seen.add(id(p))
            params.append(p)
            grads.append(getattr(m, "grad_" + name))
        return params, grads

    def zero_grad_parameters(self):
        """Set every parameter gradient to zero."""
        for g in self._contiguous_parameters()[1]:
            if g.flags.c_contiguous:
                fill_zero(g.reshape(-1))
            else:
                g.fill(0)

    def update_parameters(self, learning_rate):
        """Plain SGD step `p -= lr * grad_p`, once per (possibly shared) parameter; frozen ones are left."""
        for p, g in zip(*self._contiguous_parameters(trainable_only=True)):
            if not (p.flags.c_contiguous and g.flags.c_contiguous):
                raise ValueError(f"{type(self).__name__}.update_parameters: a parameter of shape {p.shape} or its "
                                 f"gradient is not C-contiguous; make it so with np.ascontiguousarray")
            sgd_step(p.reshape(-1), g.reshape(-1), p.dtype.type(learning_rate))

    def _contiguous_parameters(self, trainable_only=False):
        """`parameters(trainable_only)`, as the two flat arrays alone while `get_parameters()`'s layout holds
        (one kernel call per update instead of one per parameter)."""
        params, grads = self.parameters(trainable_only)
        layout = getattr(self, "_flat_parameters", None)
        if layout is not None and layout.holds(params, grads):
            return [layout.params], [layout.grads]
        return params, grads

    def get_parameters(self, trainable_only=False):
        """One flat array of all parameters and one of their gradients.

        Every parameter and gradient becomes a view into these arrays (shared
        parameters occupy one slot). Calling it again returns the same arrays
        when the layout still holds, so earlier views and sharing stay valid.
        With `trainable_only`, frozen modules' parameters are left out (and
        keep their own arrays), so an optimizer on the flat arrays never moves them.
        """
        slots = self._parameter_slots(trainable_only)
        groups = {}
        for m, name in slots:
            groups.setdefault(id(getattr(m, name)), []).append((m, name))
        firsts = [members[0] for members in groups.values()]
        params = [getattr(m, n) for m, n in firsts]
        grads = [getattr(m, "grad_" + n) for m, n in firsts]
        dtypes = {p.dtype for p in params} | {g.dtype for g in grads}
        if len(dtypes) > 1:
            raise ValueError(f"get_parameters: parameters have mixed dtypes {sorted(map(str, dtypes))}; cast the model with .astype() first")
        dtype = dtypes.pop() if dtypes else self.dtype
        layout = getattr(self, "_flat_parameters", None)
        if layout is not None and layout.holds(params, grads):
            return layout.params, layout.grads
        total = sum(p.size for p in params)
        flat_p = empty_aligned(total, dtype)
        flat_g = empty_aligned(total, dtype)
        flat_g[...] = 0
        offset, views_p, views_g = 0, [], []
        for (m0, n0), members in zip(firsts, groups.values()):
            p, g = getattr(m0, n0), getattr(m0, "grad_" + n0)
            view_p = flat_p[offset:offset + p.size].reshape(p.shape)
            view_g = flat_g[offset:offset + p.size].reshape(p.shape)
            view_p[...] = p
            view_g[...] = g
            for m, n in members:
                setattr(m, n, view_p)
                setattr(m, "grad_" + n, view_g)
            views_p.append(view_p)
            views_g.append(view_g)
            offset += p.size
        self._flat_parameters = _FlatLayout(flat_p, flat_g, views_p, views_g)
        return flat_p, flat_g

    # -- sharing and cloning -------------------------------------------------
    def share(self, other, *names):
        """Make this tree use `other`'s arrays for the given parameter/buffer names.

        Both trees must have the same structure. Sharing a parameter also
        shares its gradient (as tied weights in PyTorch), so a shared weight is
        updated once with the sum of its uses' gradients. Torch-style gradient
        names (`grad_weight`) are accepted and mean the same thing.
        """
        mine, theirs = self.list_modules(), other.list_modules()
        if len(mine) != len(theirs) or any(type(a) is not type(b) for a, b in zip(mine, theirs)):
            raise ValueError(f"share: {type(self).__name__} and {type(other).__name__} do not have the same structure")
        wanted = {n[5:] if n.startswith("grad_") else n for n in names}
        for a, b in zip(mine, theirs):
            for name in wanted:
                if name in a._parameter_names:
                    setattr(a, name, getattr(b, name))
                    setattr(a, "grad_" + name, getattr(b, "grad_" + name))
                elif name in a._buffer_names:
                    setattr(a, name, getattr(b, name))
        self.__dict__.pop("_flat_parameters", None)
        return self

    def clone(self, *share_names):
        """A deep copy; with names, the copy shares those arrays with this module."""
        twin = copy.deepcopy(self)
        if share_names:
            twin.share(self, *share_names)
        return twin

    # -- modes, init, dtype ------------------------------------------------------
    def training(self):
        """Training mode (dropout active, batch statistics), per-step clones of recurrent modules included."""
        return self._set_mode(True)

    def evaluate(self):
        """Evaluation mode (dropout off, running statistics), per-step clones of recurrent modules included."""
        return self._set_mode(False)

    def _set_mode(self, train):
        # rnn's includingSharedClones: a clone made for a time step keeps its own `train` flag
        for m in self.list_modules():
            m.train = train
            for clone in getattr(m, "step_clones", list)():
                clone._set_mode(train)
        return self

    def eval(self):
        """PyTorch's name for `evaluate()`."""
        return self.evaluate()

    def clear_state(self):
        """Drop outputs, gradients w.r.t. inputs and work arrays of the whole tree (before saving); returns self."""
        for m in self.list_modules():
            m.output = m.grad_input = None
            for attr in m.__dict__.pop("_work_arrays", None) or ():
                m.__dict__.pop(attr, None)
        return self

    def reset(self, stdv=None):
        """Re-initialise parameters in place; containers reset their children."""
        for child in self.children():
            child.reset(stdv)
        return self

    def astype(self, dtype):
        """Cast parameters, gradients and buffers to `dtype`, keeping sharing intact."""
        dtype = np.dtype(dtype)
        cast = {}

        def convert(a):
            if a is None:
                return None
            if id(a) not in cast:
                # keep the original alive: a freed array's id could be reused by another, which would then
                # be taken for it (a module listed twice, as a module used in two places of a graph)
                result = a.astype(dtype)
                cast[id(a)] = (a, result)
                cast[id(result)] = (result, result)  # a module met twice keeps its already cast array
            return cast[id(a)][1]

        self._cast_tree(dtype, convert)
        return self

    def _cast_tree(self, dtype, convert):
        """Cast this module's own arrays with `convert`, then its children's (DontCast stops here)."""
        self.dtype = dtype
        for name in self._parameter_names:
            setattr(self, name, convert(getattr(self, name)))
            setattr(self, "grad_" + name, convert(getattr(self, "grad_" + name)))
        for name in self._buffer_names:
            setattr(self, name, convert(getattr(self, name)))
        self.output = self.grad_input = None
        self.__dict__.pop("_flat_parameters", None)
        for child in self.children():
            child._cast_tree(dtype, convert)

    def type(self, dtype=None):
        """Torch7's type(): with no argument the dtype, else `astype(dtype)` (also `"torch.DoubleTensor"`)."""
        if dtype is None:
            return self.dtype
        return self.astype(_TORCH_TYPES.get(dtype, dtype))

    def float(self):
        """Cast to float32 (Torch7's float())."""
        return self.astype(np.float32)

    def double(self):
        """Cast to float64 (Torch7's double())."""
        return self.astype(np.float64)

    # -- helpers for subclasses ---------------------------------------------------
    def _buffer(self, attr, shape, dtype=None):
        """A reusable work array `self.<attr>` of the given shape (reallocated when it changes)."""
        dtype = self.dtype if dtype is None else dtype
        a = getattr(self, attr, None)
        if a is None or a.shape != tuple(shape) or a.dtype != dtype:
            a = empty_aligned(shape, dtype)
            setattr(self, attr, a)
            self._mark_work(attr)
        return a

    def _plan_for(self, key, build):
        """This module's plan (`nnlib.plans`) for the input geometry `key`, built by `build()` when the key
        changes. Like `_buffer`'s arrays it is work state: dropped by clear_state, never saved."""
        if self.__dict__.get("_plan_key") != key:
            self._plan, self._plan_key = build(), key
            self._mark_work("_plan", "_plan_key")
        return self._plan

    def _mark_work(self, *attrs):
        """Note attributes as work state (dropped by clear_state, never saved)."""
        if self.__dict__.get("_work_arrays") is None:  # also None after a load (transient)
            self.__dict__["_work_arrays"] = set()
        self.__dict__["_work_arrays"].update(attrs)

    # -- printing -----------------------------------------------------------
    def extra_repr(self):
        """Text shown in parentheses after the class name."""
        return ""

    def __repr__(self):
        extra = self.extra_repr()
        return f"nn.{type(self).__name__}" + (f"({extra})" if extra else "")

    # -- dpnn's training helpers -----------------------------------------------------
    def max_param_norm(self, max_out_norm):
        """Renormalise each output unit's incoming weights to norm <= max_out_norm (dpnn).

        Applies to every parameter of 2+ dims, whose rows (first axis) feed the
        output units; 1-D parameters (biases) are left alone, as in dpnn.
        """
        for p in self.parameters()[0]:
            if p.ndim >= 2:
                rows = p.reshape(p.shape[0], -1)
                norms = np.sqrt(np.einsum("ij,ij->i", rows, rows))
                rows *= np.where(norms > max_out_norm, max_out_norm / (norms + 1e-7), 1.0).astype(p.dtype)[:, None]
        return self

    def grad_param_clip(self, cutoff_norm):
        """Scale all parameter gradients so their global L2 norm is <= cutoff; return the norm."""
        grads = self.parameters()[1]
        norm = float(np.sqrt(sum(float(np.dot(g.ravel(), g.ravel())) for g in grads)))
        if norm > cutoff_norm:
            factor = cutoff_norm / norm
            for g in grads:
                g *= g.dtype.type(factor)
        return norm

    def update_grad_parameters(self, momentum, dampening=None, nesterov=False):
        """Momentum on the gradients, in place (dpnn's updateGradParameters).

        Keeps a velocity `v = momentum * v + (1 - dampening) * grad` per parameter
        and replaces grad by `v` (or `grad + momentum * v` with nesterov).
        Dampening defaults to `momentum`, as in dpnn and Torch's optim.sgd (and
        nnlib.optim.sgd); pass `dampening=0` for PyTorch's convention.
        """
        if momentum == 0:
            return self
        dampening = momentum if dampening is None else dampening
        grads = self.parameters()[1]
        velocities = getattr(self, "_momentum_velocity", None)
        if velocities is None or [v.shape for v in velocities] != [g.shape for g in grads]:
            self._momentum_velocity = [g.copy() for g in grads]
        else:
            for v, g in zip(velocities, grads):
                v *= momentum
                v += (1 - dampening) * g
        for v, g in zip(self._momentum_velocity, grads):
            if nesterov:
                g += momentum * v
            else:
                g[...] = v
        return self

    # -- PyTorch interop (nnlib/nn/state_dict.py) ----------------------------------
    def state_dict(self) -> dict:
        """{key: array}: copies of the tree's parameters and buffers in PyTorch's key names and layouts."""
        from .state_dict import state_dict
        return state_dict(self)

    def load_state_dict(self, state_dict, strict: bool = True):
        """Load PyTorch-named arrays in place, all checked before any write; returns (missing_keys, unexpected_keys)."""
        from .state_dict import load_state_dict
        return load_state_dict(self, state_dict, strict)


def _frozen(module):
    """Whether `module` and its whole subtree are frozen (a container with an unfrozen child lets the
    child decide for itself, so its scale passes through)."""
    return not module.requires_grad and not any(m.requires_grad for m in module.list_modules())


def _frozen_scale(method):
    """`backward` / `sequence_backward`: a frozen module runs with scale 0 (no parameter gradient)."""
    @functools.wraps(method)
    def wrapper(self, input, grad_output, scale=1.0, *args, **kwargs):
        return method(self, input, grad_output, 0.0 if _frozen(self) else scale, *args, **kwargs)
    wrapper._checks_requires_grad = True
    return wrapper


def _frozen_skip(method):
    """`acc_grad_parameters`: nothing to do while frozen."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if _frozen(self):
            return None
        return method(self, *args, **kwargs)
    wrapper._checks_requires_grad = True
    return wrapper


_FREEZING_WRAPPERS = {"backward": _frozen_scale, "sequence_backward": _frozen_scale,
                      "acc_grad_parameters": _frozen_skip, "update_parameters": _frozen_skip}


class _FlatLayout:
    """The flat arrays of `get_parameters()` and the views it put in the modules' slots."""

    def __init__(self, params, grads, param_views, grad_views):
        self.params, self.grads = params, grads
        self._param_views, self._grad_views = param_views, grad_views
        # numpy points a view's base at the array owning the memory: here the flat arrays' own base
        self._param_memory, self._grad_memory = params.base, grads.base

    def holds(self, params, grads):
        """True while the modules' parameters and gradients are still exactly these views.

        An identity check (a few microseconds, it runs on every update): a
        view's place in the flat array never moves, and a copy made since
        (a deep copy in `clone`, a cast) is another object with no such base.
        """
        return (len(params) == len(self._param_views) and len(grads) == len(self._grad_views)
                and all(a is b and a.base is self._param_memory for a, b in zip(params, self._param_views))
                and all(a is b and a.base is self._grad_memory for a, b in zip(grads, self._grad_views)))
