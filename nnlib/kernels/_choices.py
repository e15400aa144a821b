"""The kernels' algorithm choices as data: the measured thresholds, one table per op, per machine class.

A threshold is the shape from which one algorithm beats another (a BLAS call beats an inline loop,
threads beat one core, a DFT beats im2col). It moves with the machine: vector width, caches and the
BLAS's kernels. Each entry gives a value for every machine class it was measured on ("avx512": cores
with AVX-512; "avx2": AVX2 without AVX-512) and "any", the value used elsewhere: the choice that was
never much worse where measured. `MACHINE` is this process's class, from the CPU numba compiles for
(so `NUMBA_CPU_NAME=haswell` takes the "avx2" values). Kernel modules bind their constants from
here at import (tests patch those constants); what each number rests on is its entry's `measured`
text. The choices depend on shapes and this table only, never on timing or
on the thread count, so results repeat bit for bit.
"""
import llvmlite.binding as llvm
import numba

AVX512_CPUS = frozenset({"skylake-avx512", "cascadelake", "cooperlake", "icelake-server", "icelake-client",
                         "rocketlake", "tigerlake", "sapphirerapids", "emeraldrapids", "graniterapids", "znver4",
                         "znver5"})
AVX2_CPUS = frozenset({"haswell", "broadwell", "skylake", "alderlake", "raptorlake", "znver1", "znver2", "znver3"})

TABLES = {
    "gemm": {
        "min_block_work": {
            "any": 1 << 17,
            "measured": "multiply-adds below which one more output block costs more than it gains (a numba "
                        "launch against the BLAS call), rocketlake"},
        "max_output_blocks": {
            "any": 4,
            "measured": "most blocks of rows or columns one output splits into: each block is a BLAS call that packs "
                        "its shared operand again, and 8 row blocks ran 1.4-2.1x slower than 2 (the MLP's 128 x 784 x "
                        "200 forward, a 320 x 200 x 10000 output layer: 2 threads; 1 thread alike), while 4 column "
                        "blocks of the MLP's 20 x 784 x 200 forward ran 2.2x faster than 1 or 2 (OpenBLAS's small-"
                        "matrix kernels below 1e6 multiply-adds); OpenBLAS 0.3.31 SkylakeX and Haswell kernels, znver4"},
        "min_block_rows": {
            "any": 64,
            "measured": "rows a row block keeps at least in a product above small_product: 128 x 784 x 200 and "
                        "128 x 200 x 200 ran 1.6-1.9x faster in 2 row blocks than in 4 or 8, znver4"},
        "small_product": {
            "any": 1 << 22,
            "measured": "multiply-adds up to which row blocks may be of any height: the MLP's 200 x 20 x 784 weight "
                        "gradient ran 1.4x faster in 4 row blocks (each below OpenBLAS's small-matrix bound) than in "
                        "2, znver4"},
        "column_split_max_rows": {
            "any": 128,
            "measured": "outputs wider than tall split by columns below this many rows: 1.15x on a convolution's "
                        "64 x 490 output, 1.9x on a 20 x 200 layer output; tall ones by rows (the MLP's 200 x 784 "
                        "weight gradient: its step 0.93x the time), rocketlake"},
        "column_split_min_b": {
            "any": 1 << 18,
            "measured": "elements of b (1 MB of float32, a core's L2) above which a wider than tall output splits by "
                        "columns whatever its rows: every row block packs all of b again, from memory: the 320 x 200 "
                        "x 10000 output layer ran 1.35x faster in 4 column blocks than in 4 row blocks (1 thread), "
                        "OpenBLAS SkylakeX and Haswell kernels, znver4"},
        "min_split_depth": {
            "any": 2048,
            "measured": "an output smaller than an inner dimension of at least this splits along it: a first "
                        "convolution's 25 x 32 weight gradient over 5760 columns ran 3x slower split by rows, "
                        "rocketlake"},
        "transposed_max_rows": {
            "any": 64,
            "measured": "x @ w.T computed as (w @ x.T).T up to this many rows of x: 1.5-3x faster at 10-20 rows "
                        "(784 -> 200, 200 -> 10000, 1024 -> 4096), slower from 128 rows, OpenBLAS, rocketlake"},
    },
    "recurrent": {
        "inline_max_hidden": {
            "any": 32,
            "avx2": 12,
            "measured": "hidden sizes up to this multiply by the recurrent weights in inline loops, larger ones "
                        "through BLAS: within 10% up to H 32, BLAS ahead from H 48 (LSTM, T 35, N 10 and 32, "
                        "one thread), rocketlake; znver3 (benchmarks/choices.py, quiet): an LSTM LM step "
                        "(V 1000, N 32, T 35) ran 1.1-1.2x faster through BLAS at H 16, 24 and 32 (1.06x at H 8), "
                        "seq10 (H 12, N 10) 1.2x faster inline, at 1 and 2 threads"},
    },
    "elementwise": {
        "parallel_min_size": {
            "any": 1 << 16,
            "measured": "elements from which an element-wise kernel runs on numba's threads (a parallel launch "
                        "costs more below), rocketlake"},
    },
    "batch_norm": {
        "parallel_min_values": {
            "any": 1 << 16,
            "measured": "values (N x C x plane) from which the channel blocks run on numba's threads, rocketlake"},
    },
    "spatial_convolution": {
        "per_image_min_plane": {
            "any": 256,
            "measured": "output planes (oH x oW) from which the GEMMs run image by image: the seed CNN's first "
                        "layer (24 x 24) 1.4x forward and 1.9x weight gradient, its second (7 x 7) 1.2x slower, "
                        "batch 10, rocketlake"},
        "dft_max_plane": {
            "any": 32 * 32,
            "measured": "largest input plane (H x W) convolved through its DFT (the largest measured: 28 x 28); "
                        "the rest of the DFT choice is spatial_convolution_fft.fft_pays's cost model, rocketlake"},
    },
    "volumetric_convolution": {
        "per_volume_min_plane": {
            "any": 32,
            "measured": "GEMM columns per volume (output positions; a full convolution's input positions) from which "
                        "a batch of vol2col convolution passes runs volume by volume: a training step 1.15-1.35x "
                        "faster on the 3x3x3 VolumetricConvolution (2048), 1.2-1.3x on the dilated 3x3 (256), "
                        "1.1-1.35x on the 4x4 stride-2 SpatialFullConvolution (64) and 1.1-1.25x on the dilated 3x3 "
                        "at 36 and 64, 0.87x at 16 (batch 32); batches 2, 8, 32, one thread, znver3 (machine shared)"},
        "column_block_entries": {
            "any": 1 << 16,
            "measured": "column entries (rows x positions, 256 KB of float32) of one block of output rows in the "
                        "per-volume grad-input pass: the 3x3x3 VolumetricConvolution's (216 rows x 2048 positions "
                        "a volume, batch 8) took 2.1 ms in blocks of 2^16 against 3.3 ms whole, 2.7 ms at 2^15, "
                        "2.4 ms at 2^17; haswell emulation on the same cores 2.3 / 2.5 / 2.9 / 2.1 ms; one thread, "
                        "znver4 (machine shared, load 4-6, CPU time)"},
    },
}


def machine_class(cpu_name=None):
    """"avx512", "avx2" or "any" for an LLVM CPU name (default: the one numba compiles for)."""
    name = cpu_name or numba.config.CPU_NAME or llvm.get_host_cpu_name()
    if name in AVX512_CPUS:
        return "avx512"
    if name in AVX2_CPUS:
        return "avx2"
    if cpu_name is None and not numba.config.CPU_NAME:
        features = set(llvm.get_host_cpu_features().flatten().split(","))
        return "avx512" if "+avx512f" in features else "avx2" if "+avx2" in features else "any"
    return "any"


MACHINE = machine_class()


def choice(op, name, machine=None):
    """The value of threshold `name` of `op` for a machine class (default: this process's)."""
    try:
        entry = TABLES[op][name]
    except KeyError:
        known = {o: sorted(t) for o, t in TABLES.items()}
        raise KeyError(f"no threshold {op}.{name}; known: {known}") from None
    return entry.get(machine or MACHINE, entry["any"])
