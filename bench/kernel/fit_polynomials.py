#!/usr/bin/env python3
"""Coefficients of the division-free arccos / sin polynomials of src/NnPhys/Kernels/ArcCosine.cs (the fused Gram path).

Both live on u in [0, 1/4]:
  P(u) = (asin(sqrt u) - sqrt u) / (u sqrt u)       so asin(v) = v + v*u*P(u) with u = v^2   (v <= 1/2)
  R(u) = (sqrt(1 - u) - 1) / u                       so sqrt(1 - u) = 1 + u*R(u)
For |c| <= 1/2: u = c^2, asin|c| = |c| + |c| u P(u), sin(acos c) = sqrt(1 - c^2) = 1 + u R(u).
For |c| > 1/2:  u = (1 - |c|)/2, w = sqrt(u), acos|c| = 2 asin(w) = 2(w + w u P(u)), sin = sqrt(4u(1-u)) = 2 w (1 + u R(u)).

Method: Chebyshev interpolation of degree N at the N+1 Chebyshev points of [0, 1/4] in 60-digit arithmetic (mpmath),
exact conversion to the monomial basis in u, rounding to float64. Near-minimax for these analytic functions (singularity
at u = 1, Bernstein radius ~13.9, so each degree gains ~1.1 decimal digits). Then the rounded coefficients are evaluated
by float64 Horner on a dense grid and random points and compared with the 60-digit values; the script prints the
maximum errors of P, R and of the assembled asin and sqrt(1-u) in units of the last place (ulp) of the result.

Usage: /usr/bin/python3 bench/kernel/fit_polynomials.py [DEGREE_P] [DEGREE_R]
"""
import math, random, sys
import mpmath as mp

mp.mp.dps = 60
A, B = mp.mpf(0), mp.mpf(1) / 4

def P(u):
    u = mp.mpf(u)
    if u == 0: return mp.mpf(1) / 6
    s = mp.sqrt(u)
    return (mp.asin(s) - s) / (u * s)

def R(u):
    u = mp.mpf(u)
    if u == 0: return mp.mpf(-1) / 2
    return (mp.sqrt(1 - u) - 1) / u

def cheb_fit(f, n):
    """Monomial coefficients (in u, low to high) of the degree-n Chebyshev interpolant of f on [A, B]."""
    nodes = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / (n + 1)) for k in range(n + 1)]
    vals = [f((A + B) / 2 + (B - A) / 2 * t) for t in nodes]
    cheb = []
    for j in range(n + 1):
        s = sum(vals[k] * mp.cos(mp.pi * j * (k + mp.mpf(1) / 2) / (n + 1)) for k in range(n + 1))
        cheb.append(s * 2 / (n + 1) * (mp.mpf(1) / 2 if j == 0 else 1))
    # Chebyshev T_j(t) -> monomials in t, then t = (2u - (A+B)) / (B - A) = 8u - 1
    tpoly = [[mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]]
    for j in range(2, n + 1):
        a, b = tpoly[j - 1], tpoly[j - 2]
        c = [mp.mpf(0)] + [2 * x for x in a]
        for i, x in enumerate(b): c[i] -= x
        tpoly.append(c)
    mono_t = [mp.mpf(0)] * (n + 1)
    for j in range(n + 1):
        for i, x in enumerate(tpoly[j]): mono_t[i] += cheb[j] * x
    alpha, beta = 2 / (B - A), -(A + B) / (B - A)           # t = alpha*u + beta
    mono_u = [mp.mpf(0)] * (n + 1)
    for i in range(n + 1):                                   # (alpha u + beta)^i
        for k in range(i + 1):
            mono_u[k] += mono_t[i] * mp.binomial(i, k) * alpha ** k * beta ** (i - k)
    return mono_u, cheb

def horner(coeffs, u):
    r = coeffs[-1]
    for c in reversed(coeffs[:-1]): r = r * u + c   # float64, no FMA: a little worse than the C# code
    return r

def ulp(x): return math.ulp(abs(x))

def check(cp, cr, count=200000):
    random.seed(1)
    pts = [k / (4.0 * 20000) for k in range(20001)] + [random.uniform(0, 0.25) for _ in range(count)] + [0.25 * 10 ** -random.uniform(0, 16) for _ in range(2000)]
    e = dict(P=0.0, R=0.0, asin_small=0.0, asin_big=0.0, sqrt1mu=0.0)
    for u in pts:
        pu, ru = horner(cp, u), horner(cr, u)
        e["P"] = max(e["P"], abs(pu - float(P(u))) / float(P(u)))
        e["R"] = max(e["R"], abs(ru - float(R(u))) / abs(float(R(u))))
        v = math.sqrt(u)                                      # v <= 1/2: asin(v) = v + v u P(u); v^2 = u up to rounding
        uu = v * v
        a = v + v * (uu * horner(cp, uu))
        e["asin_small"] = max(e["asin_small"], abs(a - float(mp.asin(v))) / ulp(float(mp.asin(v))))
        s = 1 + u * ru
        e["sqrt1mu"] = max(e["sqrt1mu"], abs(s - float(mp.sqrt(1 - mp.mpf(u)))) / ulp(float(mp.sqrt(1 - mp.mpf(u)))))
    return e

def main():
    np_ = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    nr = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    cp, chp = cheb_fit(P, np_)
    cr, chr_ = cheb_fit(R, nr)
    print(f"# P: degree {np_}, last Chebyshev coefficients {float(chp[-2]):.2e} {float(chp[-1]):.2e}")
    print(f"# R: degree {nr}, last Chebyshev coefficients {float(chr_[-2]):.2e} {float(chr_[-1]):.2e}")
    fp = [float(c) for c in cp]; fr = [float(c) for c in cr]
    print("P = [" + ", ".join(repr(x) for x in fp) + "]")
    print("R = [" + ", ".join(repr(x) for x in fr) + "]")
    e = check(fp, fr, count=int(sys.argv[3]) if len(sys.argv) > 3 else 50000)
    print("# max relative error of P: %.3e, of R: %.3e" % (e["P"], e["R"]))
    print("# max error of asin(v) = v + v u P(u), v in [0, 1/2]: %.3f ulp; of sqrt(1-u) = 1 + u R(u): %.3f ulp" % (e["asin_small"], e["sqrt1mu"]))

if __name__ == "__main__":
    main()
