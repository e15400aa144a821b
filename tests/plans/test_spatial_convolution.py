"""SpatialConvolutionPlan: one algorithm per geometry, chosen once, and the same passes whichever it is."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.kernels import spatial_convolution as K
from nnlib.plans import SpatialConvolutionPlan
from nnlib.plans.spatial_convolution import choose_algorithm


@pytest.mark.parametrize("input_shape, n_out, kernel, algorithm", [
    ((10, 32, 11, 11), 64, 5, "dft"),        # the seed CNN's second layer at batch 10
    ((10, 1, 28, 28), 32, 5, "per_image"),   # its first: 24 x 24 output planes
    ((2, 32, 11, 11), 64, 5, "batched"),     # too few images for the transforms, small planes
    ((10, 32, 11, 11), 64, 3, "batched"),    # 3 x 3 kernels do not pay for the DFT
])
def test_algorithm_follows_the_geometry(input_shape, n_out, kernel, algorithm):
    assert choose_algorithm(input_shape, n_out, kernel, kernel, 1, 1, 0, 0) == algorithm
    plan = SpatialConvolutionPlan(input_shape, n_out, kernel, kernel, 1, 1, 0, 0, np.float32)
    assert plan.algorithm == algorithm


def test_work_arrays_fit_the_algorithm():
    per_image = SpatialConvolutionPlan((3, 2, 28, 28), 4, 5, 5, 1, 1, 0, 0, np.float64)
    assert per_image.columns.shape == (2 * 25, 3 * 24 * 24) and per_image.rows is None
    assert per_image.grad_weight_scratch.shape == (K.image_blocks(3), 50, 4)
    batched = SpatialConvolutionPlan((3, 2, 9, 9), 4, 5, 5, 2, 2, 1, 1, np.float32)
    assert batched.algorithm == "batched" and batched.rows.shape == (4, 3 * 4 * 4)
    assert batched.columns.dtype == np.float32 and batched.output_shape == (3, 4, 4, 4)


def test_a_module_builds_one_plan_per_geometry():
    conv = nn.SpatialConvolution(2, 3, 3, 3)
    x = np.random.default_rng(0).standard_normal((4, 2, 6, 6)).astype(np.float32)
    conv.forward(x)
    plan = conv._plan
    conv.backward(x, np.ones((4, 3, 4, 4), np.float32))
    conv.forward(x)
    assert conv._plan is plan                      # the same geometry: the same plan and work arrays
    conv.forward(x[:2])
    assert conv._plan is not plan and conv._plan.output_shape == (2, 3, 4, 4)
    conv.double()
    conv.forward(x.astype(np.float64))
    assert conv._plan.columns.dtype == np.float64  # dtype is part of the geometry
    assert "_plan" not in vars(conv.clear_state())
