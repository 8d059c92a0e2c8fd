# SPDX-License-Identifier: GPL-3.0-or-later
"""The chi-square distribution's survival function, for the dashboard's outlier test: P(X ≥ x)
for X ~ χ²(k) is the regularized upper incomplete gamma function Q(k/2, x/2), computed by its
power series below a + 1 and by its continued fraction (modified Lentz) above — the method of
Numerical Recipes §6.2, in double precision. Tested against closed forms (k = 1, 2, 3, even k)
and tabulated critical values (tests/agency/test_chi_square.py); scipy would do the same at the
cost of a 40 MB dependency for one function.
"""

from __future__ import annotations

import math

_EPSILON = 1e-15
_TINY = 1e-300
_MAX_ITERATIONS = 10_000


def chi_square_sf(statistic: float, degrees_of_freedom: int) -> float:
    if degrees_of_freedom < 1:
        raise ValueError(f"degrees of freedom must be at least 1, got {degrees_of_freedom}")
    if statistic <= 0:
        return 1.0
    return regularized_gamma_q(degrees_of_freedom / 2, statistic / 2)


def regularized_gamma_q(a: float, x: float) -> float:
    if x < a + 1:
        return max(0.0, 1.0 - _lower_series(a, x))
    return _upper_fraction(a, x)


def _lower_series(a: float, x: float) -> float:
    term = total = 1.0 / a
    denominator = a
    for _ in range(_MAX_ITERATIONS):
        denominator += 1
        term *= x / denominator
        total += term
        if abs(term) < abs(total) * _EPSILON:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _upper_fraction(a: float, x: float) -> float:
    b = x + 1 - a
    c = 1 / _TINY
    d = 1 / b
    h = d
    for index in range(1, _MAX_ITERATIONS):
        an = -index * (index - a)
        b += 2
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < _EPSILON:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h
