"""exp, expm1, log, log1p, sigmoid, tanh and a maximum that LLVM vectorises: the one implementation
every kernel uses.

numba compiles `math.exp` / `math.tanh` to calls of the C library's scalar
functions (SIMD versions need Intel's SVML), so a loop over them runs one
element at a time. `vexp`, `vexpm1`, `vlog`, `vlog1p`, `vsigmoid` and `vtanh` are for use inside
kernels: on float32 they are straight-line LLVM IR (no calls, no branches), inlined
into the caller's loop, which LLVM then vectorises (AVX2, AVX-512); on float64
(gradient checks, not hot paths) they are the C library's functions.

float32 exp, Cephes' `expf` scheme: x = n ln2 + r with n = rint(x / ln2) and
ln2 split in two parts (the first exact in float32, so n * C1 is exact),
exp(r) by a degree-6 polynomial on |r| <= ln2 / 2, then scaled by 2^n
written into the exponent field (two factors 2^(n/2), so results down in
the denormals round once and results past the largest float become inf).
x is clamped to [-104, 89] first (beyond, the result is 0 or inf anyway)
and NaN passes through. Every multiply-add is an explicit `llvm.fma` and no
instruction carries fast-math flags, so the caller's `fastmath` cannot
reorder it and a vector lane rounds exactly as the scalar loop remainder:
results depend on the input alone (tests/kernels/test_vmath.py: within 1 ulp
of correctly rounded exp over the float32 range, special values included).

float32 expm1 shares exp's reduction: expm1(x) = 2^n expm1(r) + (2^n - 1), one
fused multiply-add, where 2^n - 1 is exact (n <= 24; beyond, it is exp's
formula, and below -80 the result is -1); expm1(r) is exp's polynomial
without its final + 1, so tiny x give x itself.

float32 log, Cephes' `logf`: x = m 2^e with m in [sqrt(1/2), sqrt(2)) read
from the bit fields (denormals scaled by 2^23 first), log(m) by a degree-9
polynomial in m - 1, plus e ln2 in the same two parts; 0 gives -inf, inf
itself, negative numbers and NaN give NaN. float32 log1p is log(u) + (x - (u - 1)) / u
with u = 1 + x rounded: the second term corrects for u's rounding (u - 1 is
exact wherever that matters), so small x keep their digits; x itself where u is 1.
All within 1 ulp of the correctly rounded result (sigmoid 2), signed zeros kept; on
float64 (glibc's functions) 1 ulp, sigmoid and tanh 2 (test_vmath measures both precisions).

tanh (Cephes' `tanhf`): an odd polynomial below |x| = 0.625, else
1 - 2 / (exp(2|x|) + 1) with x's sign. sigmoid is 1 / (1 + e) for x >= 0 and
e / (1 + e) below, e = exp(-|x|): no overflow, and tiny results keep their digits.
"""
import math

import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic, overload

_F32 = ir.FloatType()
_I32 = ir.IntType(32)

_LOG2E = 1.44269504088896341
_LN2_HI, _LN2_LO = 0.693359375, -2.12194440e-4
_EXP_LO, _EXP_HI = -104.0, 89.0
_EXPM1_LO = -80.0  # below (from -17.4 on in fact), expm1 is -1 in float32; 2^n stays a normal number
_EXPM1_LARGE_N = 24  # from 2^25 on, 2^n - 1 rounds to 2^n
_EXP_POLY = (1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1)
_LOG_POLY = (7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
             -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1)
_SQRT_HALF = 0.707106781186547524
_TANH_SMALL = 0.625
_TANH_POLY = (-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1)


def _f(value):
    """A float32 IR constant (the value rounded to float32, as LLVM requires)."""
    return ir.Constant(_F32, float(np.float32(value)))


# numba's fastmath rewrite (numba.core.fastmathpass) flags every float operation that has no
# flags yet; these carry one without effect on them ('arcp' concerns divisions only, 'nsz'
# the sign of a zero), so no reassociation or contraction reaches this code.
_INERT = ("arcp",)
_INERT_DIV = ("nsz",)


def _fma(builder, a, b, c):
    fn = builder.module.declare_intrinsic("llvm.fma", [_F32], ir.FunctionType(_F32, [_F32] * 3))
    return builder.call(fn, [a, b, c])


def _fmul(builder, a, b):
    return builder.fmul(a, b, flags=_INERT)


def _fadd(builder, a, b):
    return builder.fadd(a, b, flags=_INERT)


def _fdiv(builder, a, b):
    return builder.fdiv(a, b, flags=_INERT_DIV)


def _fcmp(builder, op, a, b):
    return builder.fcmp_ordered(op, a, b, flags=_INERT)


def _horner(builder, x, coefficients):
    p = _f(coefficients[0])
    for c in coefficients[1:]:
        p = _fma(builder, p, x, _f(c))
    return p


def _i(value):
    return ir.Constant(_I32, value)


def _pow2(builder, n):
    """2^n as float32 for an int32 n in [-126, 127], through the exponent field."""
    return builder.bitcast(builder.shl(builder.add(n, ir.Constant(_I32, 127)), ir.Constant(_I32, 23)), _F32)


def _exp_reduce(builder, x, low, high):
    """(n, expm1(r)) with x = n ln2 + r, |r| <= ln2 / 2, for x clamped to [low, high] (NaN -> low)."""
    xc = builder.select(_fcmp(builder, ">", x, _f(low)), x, _f(low))
    xc = builder.select(_fcmp(builder, "<", xc, _f(high)), xc, _f(high))
    rint = builder.module.declare_intrinsic("llvm.rint", [_F32])
    nf = builder.call(rint, [_fmul(builder, xc, _f(_LOG2E))])
    r = _fma(builder, nf, _f(-_LN2_HI), xc)
    r = _fma(builder, nf, _f(-_LN2_LO), r)
    p = _horner(builder, r, _EXP_POLY)
    return builder.fptosi(nf, _I32), _fma(builder, p, _fmul(builder, r, r), r)


def _scale2(builder, y, n):
    """y 2^n for n in [-252, 254], as two factors 2^(n/2) (a result in the denormals rounds once)."""
    n1 = builder.ashr(n, ir.Constant(_I32, 1))
    return _fmul(builder, _fmul(builder, y, _pow2(builder, n1)), _pow2(builder, builder.sub(n, n1)))


def _keep_nan(builder, x, y):
    return builder.select(builder.fcmp_unordered("uno", x, x, flags=_INERT), x, y)


def _emit_exp(builder, x):
    """exp(x) of a float32 IR value (see the module docstring)."""
    n, q = _exp_reduce(builder, x, _EXP_LO, _EXP_HI)
    return _keep_nan(builder, x, _scale2(builder, _fadd(builder, q, _f(1.0)), n))


def _emit_expm1(builder, x):
    """exp(x) - 1 of a float32 IR value: 2^n expm1(r) + (2^n - 1) in one rounding (see the module docstring)."""
    n, q = _exp_reduce(builder, x, _EXPM1_LO, _EXP_HI)
    s = _pow2(builder, builder.select(builder.icmp_signed("<", n, _i(127)), n, _i(127)))
    y = _fma(builder, s, q, builder.fsub(s, _f(1.0), flags=_INERT))
    large = _scale2(builder, _fadd(builder, q, _f(1.0)), n)  # 2^n - 1 == 2^n in float32, and 2^128 overflows
    y = builder.select(builder.icmp_signed(">", n, _i(_EXPM1_LARGE_N)), large, y)
    y = builder.select(builder.icmp_signed("==", n, _i(0)), q, y)
    y = builder.select(_fcmp(builder, "==", x, _f(0.0)), x, y)  # -0 stays -0
    return _keep_nan(builder, x, y)


def _emit_log(builder, x):
    """log(x) of a float32 IR value (Cephes' logf, denormals scaled up first; see the module docstring)."""
    denormal = _fcmp(builder, "<", x, _f(np.finfo(np.float32).tiny))
    xs = builder.select(denormal, _fmul(builder, x, _f(2.0 ** 23)), x)
    bits = builder.bitcast(xs, _I32)
    e = builder.sub(builder.sub(builder.lshr(bits, _i(23)), _i(126)), builder.select(denormal, _i(23), _i(0)))
    m = builder.bitcast(builder.or_(builder.and_(bits, _i(0x007FFFFF)), _i(0x3F000000)), _F32)  # [0.5, 1)
    low = _fcmp(builder, "<", m, _f(_SQRT_HALF))
    e = builder.sub(e, builder.select(low, _i(1), _i(0)))
    r = builder.fsub(builder.select(low, _fadd(builder, m, m), m), _f(1.0), flags=_INERT)
    z = _fmul(builder, r, r)
    y = _fmul(builder, _fmul(builder, _horner(builder, r, _LOG_POLY), r), z)
    fe = builder.sitofp(e, _F32)
    y = _fma(builder, fe, _f(_LN2_LO), y)
    y = _fma(builder, z, _f(-0.5), y)
    y = _fma(builder, fe, _f(_LN2_HI), _fadd(builder, r, y))
    y = builder.select(builder.fcmp_ordered("==", x, _f(np.inf), flags=_INERT), x, y)
    y = builder.select(builder.fcmp_ordered("==", x, _f(0.0), flags=_INERT), _f(-np.inf), y)
    return builder.select(builder.fcmp_unordered("<", x, _f(0.0), flags=_INERT), _f(np.nan), y)  # x < 0, NaN


def _emit_log1p(builder, x):
    """log(1 + x) of a float32 IR value: log(u) + (x - (u - 1)) / u with u = 1 + x rounded, the second
    term the first-order correction for the rounding of u (u - 1 is exact where it matters)."""
    u = _fadd(builder, x, _f(1.0))
    log_u = _emit_log(builder, u)
    c = _fdiv(builder, builder.fsub(x, builder.fsub(u, _f(1.0), flags=_INERT), flags=_INERT), u)
    y = _fadd(builder, log_u, c)
    # u = 0 (x = -1) or inf: the correction is 0 / 0 or inf / inf; log(u) is the answer (-inf, inf)
    edge = builder.or_(_fcmp(builder, "==", u, _f(0.0)), _fcmp(builder, "==", u, _f(np.inf)))
    y = builder.select(edge, log_u, y)
    return builder.select(_fcmp(builder, "==", u, _f(1.0)), x, y)  # |x| < 2^-24: x itself, -0 included


def _emit_sigmoid(builder, x):
    fabs = builder.module.declare_intrinsic("llvm.fabs", [_F32])
    e = _emit_exp(builder, builder.fneg(builder.call(fabs, [x])))
    numerator = builder.select(_fcmp(builder, ">=", x, _f(0.0)), _f(1.0), e)
    return _fdiv(builder, numerator, _fadd(builder, _f(1.0), e))


def _emit_tanh(builder, x):
    fabs = builder.module.declare_intrinsic("llvm.fabs", [_F32])
    copysign = builder.module.declare_intrinsic("llvm.copysign", [_F32], ir.FunctionType(_F32, [_F32] * 2))
    a = builder.call(fabs, [x])
    e = _emit_exp(builder, _fadd(builder, a, a))
    large = builder.fsub(_f(1.0), _fdiv(builder, _f(2.0), _fadd(builder, e, _f(1.0))), flags=_INERT)
    large = builder.call(copysign, [large, x])
    z = _fmul(builder, x, x)
    small = _fma(builder, _fmul(builder, _horner(builder, z, _TANH_POLY), z), x, x)
    small = builder.select(_fcmp(builder, "==", x, _f(0.0)), x, small)  # -0 stays -0
    # NaN: |x| < 0.625 is false, and the large branch carries the NaN through exp
    return builder.select(_fcmp(builder, "<", a, _f(_TANH_SMALL)), small, large)


def _float32_intrinsic(emit):
    @intrinsic
    def function(typingctx, x):
        if x != types.float32:
            return None  # no implementation: numba names the types it could not match

        def codegen(context, builder, signature, args):
            return emit(builder, args[0])
        return types.float32(types.float32), codegen
    return function


_exp32 = _float32_intrinsic(_emit_exp)
_expm132 = _float32_intrinsic(_emit_expm1)
_log32 = _float32_intrinsic(_emit_log)
_log1p32 = _float32_intrinsic(_emit_log1p)
_sigmoid32 = _float32_intrinsic(_emit_sigmoid)
_tanh32 = _float32_intrinsic(_emit_tanh)


@intrinsic
def vmax(typingctx, a, b):
    """max(a, b) of two floats of one type as `llvm.maxnum` (kernels only), the larger unless one is NaN.

    A running maximum written `if x > m: m = x` stays scalar: LLVM vectorises
    such a compare-and-select reduction only when told there are no NaNs,
    which nnlib's fastmath never says. maxnum's reduction it vectorises (a row
    maximum of 10,000 float32 11x faster), and a maximum is exact in any order.
    A NaN is skipped; kernels taking a row maximum still propagate it through
    the row's exponentials.
    """
    if a != b or a not in (types.float32, types.float64):
        return None  # no implementation: numba names the types it could not match

    def codegen(context, builder, signature, args):
        t = args[0].type
        return builder.call(builder.module.declare_intrinsic("llvm.maxnum", [t], ir.FunctionType(t, [t, t])), args)
    return a(a, a), codegen


def vexp(x):
    """exp(x) for kernels: vectorisable on float32, the C library's on float64 (numba only)."""
    raise NotImplementedError("vexp is callable from numba kernels only")


def vlog(x):
    """log(x) for kernels: vectorisable on float32, the C library's on float64 (numba only)."""
    raise NotImplementedError("vlog is callable from numba kernels only")


def vexpm1(x):
    """exp(x) - 1 for kernels, accurate near 0: vectorisable on float32, the C library's on float64 (numba only)."""
    raise NotImplementedError("vexpm1 is callable from numba kernels only")


def vlog1p(x):
    """log(1 + x) for kernels, accurate near 0: vectorisable on float32, the C library's on float64 (numba only)."""
    raise NotImplementedError("vlog1p is callable from numba kernels only")


def vsigmoid(x):
    """1 / (1 + exp(-x)) for kernels, in x's precision (numba only)."""
    raise NotImplementedError("vsigmoid is callable from numba kernels only")


def vtanh(x):
    """tanh(x) for kernels: vectorisable on float32, the C library's on float64 (numba only)."""
    raise NotImplementedError("vtanh is callable from numba kernels only")


def _float64_sigmoid(x):
    """vsigmoid's float64 implementation, inlined as the overloads below (no code of its own
    that callers would share, see `_config.jit_inline`)."""
    e = math.exp(-abs(x))
    return (1.0 if x >= 0 else e) / (1.0 + e)


def _by_precision(float32_fn, float64_impl):
    def typer(x):
        if x == types.float32:
            return lambda x: float32_fn(x)
        if x == types.float64:
            return float64_impl
        return None  # no implementation for other types: numba names the types it could not match
    return typer


overload(vexp, inline="always")(_by_precision(_exp32, lambda x: math.exp(x)))
overload(vexpm1, inline="always")(_by_precision(_expm132, lambda x: math.expm1(x)))
overload(vlog, inline="always")(_by_precision(_log32, lambda x: math.log(x)))
overload(vlog1p, inline="always")(_by_precision(_log1p32, lambda x: math.log1p(x)))
overload(vsigmoid, inline="always")(_by_precision(_sigmoid32, _float64_sigmoid))
overload(vtanh, inline="always")(_by_precision(_tanh32, lambda x: math.tanh(x)))
