"""What a benchmark ran on: CPU model, the ISA numba compiles for, numpy's BLAS and its kernel family.

Ratios against PyTorch move with the machine (an AVX-512 Xeon and an AVX2 EPYC differ by 2x on
the seed CNN), so every result names these. The environment variables that emulate another ISA
(`NUMBA_CPU_NAME`, `OPENBLAS_CORETYPE`, `ATEN_CPU_CAPABILITY`, `MKL_ENABLE_INSTRUCTIONS`) are
recorded when set.
"""
import os
import platform

ISA_NAMES = {"avx512": "AVX-512", "avx2": "AVX2", "any": "other"}
EMULATION_VARIABLES = ("NUMBA_CPU_NAME", "OPENBLAS_CORETYPE", "ATEN_CPU_CAPABILITY", "MKL_ENABLE_INSTRUCTIONS")


def cpu_model():
    """The CPU's model name from /proc/cpuinfo (Linux), else what `platform` says."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def compiled_isa():
    """The CPU numba compiles for (LLVM's name, e.g. `znver3`, or NUMBA_CPU_NAME's) and its widest vector ISA,
    as nnlib's kernels choose their algorithms for it (`nnlib.kernels._choices`)."""
    import llvmlite.binding as llvm
    import numba

    from nnlib.kernels import _choices
    return numba.config.CPU_NAME or llvm.get_host_cpu_name(), ISA_NAMES[_choices.machine_class()]


def blas():
    """numpy's BLAS libraries with version and kernel family (OPENBLAS_CORETYPE changes the family)."""
    from threadpoolctl import threadpool_info
    pools = [p for p in threadpool_info() if p["user_api"] == "blas"]
    return ";".join(f"{p['internal_api']} {p.get('version') or ''} {p.get('architecture') or ''}".strip() for p in pools)


def describe():
    """{field: value} of the machine, for CSV columns and the header line."""
    llvm_cpu, isa = compiled_isa()
    emulation = " ".join(f"{v}={os.environ[v]}" for v in EMULATION_VARIABLES if os.environ.get(v))
    return {"cpu": cpu_model(), "llvm_cpu": llvm_cpu, "isa": isa, "blas": blas(), "emulation": emulation or "none"}


def header(machine=None):
    """One line naming the machine, to print before results."""
    m = machine or describe()
    return (f"# {m['cpu']} | numba compiles for {m['llvm_cpu']} ({m['isa']}) | BLAS {m['blas']} | "
            f"emulation: {m['emulation']} | {os.cpu_count()} logical CPUs")
