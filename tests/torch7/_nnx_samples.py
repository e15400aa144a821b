"""Round-trip samples of the nnx classes (merged into test_mapping.SAMPLES: one per mapped class)."""
import numpy as np

from nnlib import nn

NNX_SAMPLES = {
    "nn.SpatialPadding": lambda: (nn.SpatialPadding(1, -1, 2, 0, 2, 1, 0.5), (2, 3, 4)),
    "nn.SpatialNormalization": lambda: (nn.SpatialNormalization(2, np.arange(1.0, 13.0).reshape(3, 4)), (2, 5, 6)),
    "nn.SpatialNormalization(pair, fixed)": lambda: (
        nn.SpatialNormalization(3, [np.ones((1, 3)), np.array([[1.0], [2.0]])], 0.3).double(), (2, 3, 4, 5)),
    "nn.SpatialClassifier": lambda: (nn.SpatialClassifier(nn.Sequential(nn.Linear(3, 2), nn.LogSoftMax())),
                                     (3, 4, 5)),
    # words 0..4, inner nodes 5 (the root) and 6
    "nn.SoftMaxTree": lambda: (nn.SoftMaxTree(3, {5: np.array([0, 6, 1]), 6: np.array([2, 4, 3])}), "tree"),
}
