"""What a benchmark ran on: CPU model, the ISA numba compiles for, numpy's BLAS and its kernel family.

Ratios against PyTorch move with the machine (an AVX-512 Xeon and an AVX2 EPYC differ by 2x on
the seed CNN), so every result names these. The environment variables that emulate another ISA
(`NUMBA_CPU_NAME`, `OPENBLAS_CORETYPE`, `ATEN_CPU_CAPABILITY`, `MKL_ENABLE_INSTRUCTIONS`) are
recorded when set.
"""
import os
import platform

EMULATION_VARIABLES = ("NUMBA_CPU_NAME", "OPENBLAS_CORETYPE", "ATEN_CPU_CAPABILITY", "MKL_ENABLE_INSTRUCTIONS")


NAMED_ISA = {**dict.fromkeys(("haswell", "broadwell", "skylake", "znver1", "znver2", "znver3"), "AVX2"),
             **dict.fromkeys(("skylake-avx512", "cascadelake", "cooperlake", "icelake-server", "icelake-client",
                              "rocketlake", "tigerlake", "sapphirerapids", "znver4"), "AVX-512")}
"""The widest vector ISA of the CPU names one sets in NUMBA_CPU_NAME to emulate a machine."""


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
    """The CPU numba compiles for (LLVM's name, e.g. `znver3`, or NUMBA_CPU_NAME's) and its widest vector ISA."""
    import llvmlite.binding as llvm
    import numba
    name = numba.config.CPU_NAME or llvm.get_host_cpu_name()
    features = numba.config.CPU_FEATURES if numba.config.CPU_FEATURES is not None else llvm.get_host_cpu_features().flatten()
    if numba.config.CPU_NAME and numba.config.CPU_FEATURES is None:
        return name, NAMED_ISA.get(name, "unknown")
    enabled = {f[1:] for f in features.split(",") if f.startswith("+")}
    widest = "AVX-512" if "avx512f" in enabled else "AVX2" if "avx2" in enabled else "SSE/AVX"
    return name, widest


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
