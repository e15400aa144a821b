"""Purely functional kernels (Torch7's THNN is the model).

For each op: `<op>_update_output`, `<op>_update_grad_input` and, where the op
has parameters, `<op>_acc_grad_parameters`. They write into preallocated
outputs and never allocate module state; GEMMs are BLAS calls on numba's threads (`_gemm`),
everything around them is numba (options in `_config.py`).
"""
from ._config import cache_dir, parallel_paths

__all__ = ["cache_dir", "parallel_paths"]
