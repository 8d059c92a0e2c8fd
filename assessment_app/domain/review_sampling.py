# SPDX-License-Identifier: GPL-3.0-or-later
"""The seeded spot-check sample (抽查): N % of the queue, the same for the same seed and queue.

Each visit id is ranked by SHA-256("<seed>:<visit id>") and the lowest ranks are taken. So the
sample does not depend on the queue's order, on Python's random module or on the platform, and
anyone with the seed and the list of ids can recompute it (docs/formats/review-decision.md).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable


def sample_size(population: int, percent: float) -> int:
    """ceil(population × percent / 100); at least one visit when the queue and percent are not empty."""
    if not 0 <= percent <= 100:
        raise ValueError(f"percent must be between 0 and 100, got {percent}")
    if population == 0 or percent == 0:
        return 0
    return max(1, math.ceil(population * percent / 100 - 1e-9))


def sample_rank(seed: int | str, visit_id: str) -> str:
    return hashlib.sha256(f"{seed}:{visit_id}".encode("utf-8")).hexdigest()


def seeded_sample(visit_ids: Iterable[str], percent: float, seed: int | str) -> tuple[str, ...]:
    """The sampled ids, lowest rank first."""
    unique = sorted(set(visit_ids))
    ranked = sorted(unique, key=lambda visit_id: sample_rank(seed, visit_id))
    return tuple(ranked[:sample_size(len(unique), percent)])
