# SPDX-License-Identifier: GPL-3.0-or-later
"""The chi-square survival function against closed forms and tabulated critical values."""

from __future__ import annotations

import math

import pytest

from assessment_app.agency.chi_square import chi_square_sf

# (statistic, degrees of freedom, upper-tail probability): standard tables (chi2.ppf in scipy).
CRITICAL_VALUES = [(3.841458820694124, 1, 0.05), (6.634896601021214, 1, 0.01), (10.827566170662733, 1, 0.001),
                   (5.991464547107979, 2, 0.05), (11.070497693516351, 5, 0.05), (15.086272469388990, 5, 0.01),
                   (20.515005652432873, 5, 0.001), (15.507313055865453, 8, 0.05), (23.209251158954356, 10, 0.01),
                   (124.34211340400407, 100, 0.05)]


@pytest.mark.parametrize("statistic, df, p", CRITICAL_VALUES)
def test_tabulated_critical_values(statistic, df, p):
    assert chi_square_sf(statistic, df) == pytest.approx(p, rel=1e-9)


@pytest.mark.parametrize("x", [1e-6, 0.01, 0.5, 1, 2, 4.9, 5.1, 10, 37.5, 80, 300])
def test_closed_forms(x):
    assert chi_square_sf(x, 1) == pytest.approx(math.erfc(math.sqrt(x / 2)), rel=1e-10, abs=1e-300)
    assert chi_square_sf(x, 2) == pytest.approx(math.exp(-x / 2), rel=1e-10, abs=1e-300)
    assert chi_square_sf(x, 3) == pytest.approx(math.erfc(math.sqrt(x / 2)) + math.sqrt(2 * x / math.pi)
                                                * math.exp(-x / 2), rel=1e-9, abs=1e-300)
    for k in (2, 3, 5, 12):  # even df 2k: e^(-x/2) Σ_{i<k} (x/2)^i / i!
        closed = math.exp(-x / 2) * sum((x / 2) ** i / math.factorial(i) for i in range(k))
        assert chi_square_sf(x, 2 * k) == pytest.approx(closed, rel=1e-9, abs=1e-300)


def test_edges():
    assert chi_square_sf(0, 4) == 1.0 and chi_square_sf(-1, 4) == 1.0
    assert 0 <= chi_square_sf(5000, 5) < 1e-300 or chi_square_sf(5000, 5) == 0.0
    with pytest.raises(ValueError):
        chi_square_sf(1, 0)
