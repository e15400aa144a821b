"""The serial-or-threaded choice of the kernels compiled both ways (`kernels._config.auto_parallel`)."""
from ..kernels import _config


def threads_pay(size):
    """Whether a kernel whose largest array has `size` elements runs its `parallel` twin: from
    `_config.PARALLEL_MIN_SIZE` elements (the elementwise table's threshold) on, the test its size
    dispatch makes; read when the plan is built, so `parallel_paths` reaches the plans built within it."""
    return size >= _config.PARALLEL_MIN_SIZE


def twin(kernel, parallel):
    """The `parallel` or the `serial` compilation of an `auto_parallel` kernel."""
    return kernel.parallel if parallel else kernel.serial
