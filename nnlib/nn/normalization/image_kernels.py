"""torch/image's Gaussian kernels (`image.gaussian1D`, `image.gaussian`), for the local normalisations.

Torch7 scripts build SpatialContrastiveNormalization kernels with them, e.g. the
e-Lab face detector's `nn.SpatialContrastiveNormalization(1, image.gaussian1D(5))`:
here `nn.SpatialContrastiveNormalization(1, nn.image_gaussian1d(5))`.
"""
import numpy as np


def image_gaussian1d(size: int = 3, sigma: float = 0.25, amplitude: float = 1, normalize: bool = False,
                     mean: float = 0.5, dtype=np.float32) -> np.ndarray:
    """torch/image's `image.gaussian1D(size, sigma, amplitude, normalize, mean)`.

    g[i] = amplitude * exp(-((i + 1 - center) / (sigma * size))^2 / 2), center = mean * size + 0.5
    (sigma and mean are fractions of the size); `normalize` divides by the sum.
    """
    center = mean * size + 0.5
    i = np.arange(1, size + 1, dtype=np.float64)
    g = amplitude * np.exp(-(((i - center) / (sigma * size)) ** 2) / 2)
    if normalize:
        g = g / g.sum()
    return g.astype(dtype)


def image_gaussian(size: int = 3, sigma: float = 0.25, amplitude: float = 1, normalize: bool = False,
                   width: int | None = None, height: int | None = None, sigma_horz: float | None = None,
                   sigma_vert: float | None = None, mean_horz: float = 0.5, mean_vert: float = 0.5,
                   dtype=np.float32) -> np.ndarray:
    """torch/image's 2-D `image.gaussian(size, sigma, amplitude, normalize, width, height, sigma_horz,
    sigma_vert, mean_horz, mean_vert)`: a (height, width) kernel, width and height defaulting to `size`,
    the sigmas to `sigma`; g[i, j] = amplitude * exp(-(dx^2 + dy^2) / 2) with
    dx = (j + 1 - (mean_horz * width + 0.5)) / (sigma_horz * width) and dy alike along the rows."""
    width = size if width is None else width
    height = size if height is None else height
    sigma_horz = sigma if sigma_horz is None else sigma_horz
    sigma_vert = sigma if sigma_vert is None else sigma_vert
    dx = (np.arange(1, width + 1) - (mean_horz * width + 0.5)) / (sigma_horz * width)
    dy = (np.arange(1, height + 1) - (mean_vert * height + 0.5)) / (sigma_vert * height)
    g = amplitude * np.exp(-(dx[None, :] ** 2 / 2 + dy[:, None] ** 2 / 2))
    if normalize:
        g = g / g.sum()
    return g.astype(dtype)
