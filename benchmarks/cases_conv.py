"""Single convolution layers, one plain SGD step of an MSE loss per call: nnlib against PyTorch CPU's equivalent.

Both sides compute the gradient w.r.t. the input too (the PyTorch input requires grad), as a
layer inside a network does.

- `temporal_conv_*`: TemporalConvolution(64, 128, kW=5) on batch-first (N, 100, 64) frames
  (PyTorch: Conv1d on the (N, F, T) transpose, transposed back);
- `volumetric_conv_*`: VolumetricConvolution(8, 16, 3x3x3, padding 1) on (N, 8, 8, 16, 16);
- `spatial_full_conv_*`: SpatialFullConvolution(32, 16, 4x4, stride 2, padding 1) on (N, 32, 8, 8);
- `spatial_dilated_conv_*`: SpatialDilatedConvolution(16, 32, 3x3, padding 2, dilation 2) on (N, 16, 16, 16).

    PYTHONPATH=. python -m benchmarks.harness temporal_conv_b8 --rounds 1 --seconds 0.2
"""
import numpy as np

from benchmarks.harness import Case, nnlib_sgd_step

LR = 0.01


def _data(shape, out_shape):
    rng = np.random.default_rng(0)
    return rng.standard_normal(shape).astype(np.float32), rng.standard_normal(out_shape).astype(np.float32)


def _torch_step(model, x, target):
    """forward, MSE loss, backward (with the input's gradient), SGD step."""
    import torch
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    x = torch.from_numpy(x).requires_grad_(True)
    target = torch.from_numpy(target)
    loss_fn = torch.nn.MSELoss()

    def step():
        optimizer.zero_grad()
        x.grad = None
        loss_fn(model(x), target).backward()
        optimizer.step()
    return step


def _nnlib_step(module, x, target):
    from nnlib import nn
    return nnlib_sgd_step(nn.Sequential(module), nn.MSECriterion(), x, target, LR)


def _case(name, batch, in_shape, out_shape, nnlib_module, torch_module):
    shapes = ((batch,) + in_shape, (batch,) + out_shape)
    return Case(f"{name}_b{batch}", lambda: _nnlib_step(nnlib_module(), *_data(*shapes)),
                lambda: _torch_step(torch_module(), *_data(*shapes)), batch)


def _torch_temporal():
    import torch

    class FramesConv1d(torch.nn.Module):
        """Conv1d on batch-first (N, T, F) frames."""

        def __init__(self):
            super().__init__()
            self.conv = torch.nn.Conv1d(64, 128, 5)

        def forward(self, x):
            return self.conv(x.transpose(1, 2)).transpose(1, 2)
    return FramesConv1d()


def _nn():
    from nnlib import nn
    return nn


def _tnn():
    import torch
    return torch.nn


BATCHES = (1, 8, 32)
"""The issue's range: each layer at least as fast as PyTorch from batch 1 to 32."""

CASES = [case for batch in BATCHES for case in (
    _case("temporal_conv", batch, (100, 64), (96, 128), lambda: _nn().TemporalConvolution(64, 128, 5),
          _torch_temporal),
    _case("volumetric_conv", batch, (8, 8, 16, 16), (16, 8, 16, 16),
          lambda: _nn().VolumetricConvolution(8, 16, 3, 3, 3, 1, 1, 1, 1, 1, 1),
          lambda: _tnn().Conv3d(8, 16, 3, padding=1)),
    _case("spatial_full_conv", batch, (32, 8, 8), (16, 16, 16),
          lambda: _nn().SpatialFullConvolution(32, 16, 4, 4, 2, 2, 1, 1),
          lambda: _tnn().ConvTranspose2d(32, 16, 4, stride=2, padding=1)),
    _case("spatial_dilated_conv", batch, (16, 16, 16), (32, 16, 16),
          lambda: _nn().SpatialDilatedConvolution(16, 32, 3, 3, 1, 1, 2, 2, 2, 2),
          lambda: _tnn().Conv2d(16, 32, 3, padding=2, dilation=2)),
)]
