"""Input validation shared by modules: clear ValueErrors instead of numba tracebacks."""
import re

import numpy as np


def describe(module):
    """A one-line name for error messages: the repr of a leaf, `nn.<Class>` for a container's tree."""
    text = repr(module)
    return text if "\n" not in text else f"nn.{type(module).__name__}"


def check_array(module, x):
    """Check that `x` is a numpy array with at least one axis (for shape-only modules)."""
    if not isinstance(x, np.ndarray) or x.ndim == 0:
        got = "a 0-D array" if isinstance(x, np.ndarray) else type(x).__name__
        raise ValueError(f"{describe(module)}: expected a numpy array with at least one axis, got {got}")


def check_float_input(module, x, ndims, features=None, feature_axis=-1):
    """Check that `x` is a float array of the module's dtype with an allowed ndim.

    `features`, when given, is the required size of `feature_axis`.
    """
    if not isinstance(x, np.ndarray):
        raise ValueError(f"{describe(module)}: expected a numpy array, got {type(x).__name__}")
    if x.dtype.kind != "f":
        raise ValueError(f"{describe(module)}: expected a float array, got dtype {x.dtype}; convert with x.astype(np.float32)")
    if x.dtype != module.dtype:
        raise ValueError(f"{describe(module)}: input dtype {x.dtype} does not match the module's {module.dtype}; "
                         f"cast the input or the module (module.astype(np.{x.dtype}))")
    if x.ndim not in ndims:
        raise ValueError(f"{describe(module)}: expected a {' or '.join(f'{d}-D' for d in ndims)} input, got shape {x.shape}")
    if features is not None and x.shape[feature_axis] != features:
        raise ValueError(f"{describe(module)}: input shape {x.shape} has {x.shape[feature_axis]} features, "
                         f"expected {features} (axis {feature_axis})")


def check_same_shape(module, a, b, what="grad_output"):
    """Check that a gradient matches the array it is the gradient of."""
    if a.shape != b.shape:
        raise ValueError(f"{describe(module)}: {what} shape {b.shape} does not match shape {a.shape}")


def check_labels(module, target, n, n_classes):
    """Check integer class labels: `n` of them, each in [0, n_classes)."""
    target = np.asarray(target)
    if target.dtype.kind not in "iu":
        raise ValueError(f"{describe(module)}: targets must be integer class labels (0-based), got dtype {target.dtype}")
    if target.shape != (n,):
        raise ValueError(f"{describe(module)}: expected {n} targets of shape ({n},), got shape {target.shape}")
    if n and (target.min() < 0 or target.max() >= n_classes):
        bad = target[(target < 0) | (target >= n_classes)][0]
        raise ValueError(f"{describe(module)}: target label {bad} is out of range [0, {n_classes}); labels are 0-based")
    return target.astype(np.int64, copy=False)


def check_spatial_input(module, x, channels=None):
    """Check an image batch: float, NCHW (N, C, H, W) or a single (C, H, W) image.

    `channels`, when given, is the number of planes C the module expects.
    Returns the input as a 4-D view.
    """
    if isinstance(x, np.ndarray) and x.ndim not in (3, 4):
        expected = f"(N, {channels}, H, W)" if channels is not None else "(N, C, H, W)"
        raise ValueError(f"{describe(module)}: expected an NCHW image batch {expected} or one (C, H, W) image, "
                         f"got shape {x.shape}")
    check_float_input(module, x, (3, 4))
    x4 = x.reshape((1,) + x.shape) if x.ndim == 3 else x
    if channels is not None and x4.shape[1] != channels:
        raise ValueError(f"{describe(module)}: input shape {x.shape} has {x4.shape[1]} channels (axis {x.ndim - 3}), "
                         f"expected {channels}: an NCHW input (N, {channels}, H, W)")
    return x4


def check_window_fits(module, x_shape, kW, kH, padW, padH):
    """Check that a kW x kH window fits in the padded input (the output would be empty otherwise)."""
    H, W = x_shape[-2], x_shape[-1]
    if kH > H + 2 * padH or kW > W + 2 * padW:
        raise ValueError(f"{describe(module)}: input shape {tuple(x_shape)} is too small: its padded image "
                         f"{H + 2 * padH}x{W + 2 * padW} (HxW) is smaller than the {kH}x{kW} kernel; "
                         f"expected H >= {kH - 2 * padH} and W >= {kW - 2 * padW}")


_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake_twin(obj, name):
    """The snake_case name a Torch7 camelCase `name` stands for on `obj`, or None.

    `gradWeight` -> `grad_weight`, `sizeAverage` -> `size_average`,
    `zeroGradParameters` -> `zero_grad_parameters`: a twin only when `obj`
    (its instance dict or its class) has that snake_case attribute.
    """
    if name.startswith("__") or not _CAMEL_HUMP.search(name):
        return None
    snake = _CAMEL_HUMP.sub(r"_\1", name).lower()
    if snake in obj.__dict__ or hasattr(type(obj), snake):
        return snake
    return None


class TorchNames:
    """Mixin: Torch7's camelCase spelling of an nnlib attribute raises instead of silently working.

    Setting `criterion.sizeAverage = False` would otherwise create a new,
    unused attribute while `size_average` stays True; reading
    `module.gradInput` would fail with no hint. Both raise an AttributeError
    naming the snake_case attribute. camelCase names with no snake_case twin
    (custom attributes, Torch's `kW`) are left alone.
    """

    __slots__ = ()

    def __setattr__(self, name, value):
        if not name.islower():
            snake = snake_twin(self, name)
            if snake is not None:
                raise AttributeError(f"nn.{type(self).__name__}: cannot set {name!r}, Torch7's camelCase name; "
                                     f"nnlib spells it {snake!r}")
        object.__setattr__(self, name, value)

    def __getattr__(self, name):
        # called only for names not found the normal way
        snake = snake_twin(self, name)
        if snake is not None:
            raise AttributeError(f"nn.{type(self).__name__} has no attribute {name!r} (Torch7's camelCase name); "
                                 f"nnlib spells it {snake!r}")
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
