# SPDX-License-Identifier: GPL-3.0-or-later
"""The instrument as immutable plain objects, built by the loader from a validated form file.

Standard library only: the scoring engine imports this module and must stay free of I/O and
third-party code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")


@dataclass(frozen=True)
class LocalizedText:
    zh_CN: str
    en: str

    def get(self, language: str = DEFAULT_LANGUAGE) -> str:
        # Chinese is the product's first language; anything but "en" falls back to it.
        return self.en if language == "en" else self.zh_CN

    def as_dict(self) -> dict[str, str]:
        return {"zh_CN": self.zh_CN, "en": self.en}


@dataclass(frozen=True)
class Verification:
    status: str  # "verified" or "pending"
    note: LocalizedText


@dataclass(frozen=True)
class Option:
    id: str
    score: int
    text: LocalizedText


@dataclass(frozen=True)
class Item:
    id: str
    dimension_id: str
    name: LocalizedText
    options: tuple[Option, ...]
    guidance: LocalizedText | None = None
    scores_by_option: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A plain dict, not a read-only proxy: it is read 17 times per assessment in the
        # scoring hot path, and nothing outside this class holds it mutably.
        object.__setattr__(self, "scores_by_option", {o.id: o.score for o in self.options})

    def option(self, option_id: str) -> Option:
        for candidate in self.options:
            if candidate.id == option_id:
                return candidate
        raise KeyError(option_id)


@dataclass(frozen=True)
class Level:
    id: str
    label: LocalizedText


@dataclass(frozen=True)
class Threshold:
    level_id: str
    min_score: int
    max_score: int


@dataclass(frozen=True)
class Dimension:
    id: str
    name: LocalizedText
    items: tuple[Item, ...]
    thresholds: tuple[Threshold, ...]
    level_by_score: Mapping[int, Threshold] = field(init=False, repr=False, compare=False)
    max_score: int = field(init=False, repr=False, compare=False)
    min_score: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every achievable sum maps to exactly one threshold row (the loader checks this),
        # so a precomputed table keeps scoring to dictionary look-ups.
        table = {}
        for threshold in self.thresholds:
            for score in range(threshold.min_score, threshold.max_score + 1):
                table[score] = threshold
        object.__setattr__(self, "level_by_score", table)
        object.__setattr__(self, "max_score", sum(item.options[-1].score for item in self.items))
        object.__setattr__(self, "min_score", sum(item.options[0].score for item in self.items))


@dataclass(frozen=True)
class Grade:
    code: int
    label: LocalizedText


@dataclass(frozen=True)
class Combination:
    row_dimension_id: str
    column_worse_of: tuple[str, ...]
    method: LocalizedText
    grade_by_cell: Mapping[tuple[str, str], int]  # (row level id, column level id) -> grade code


@dataclass(frozen=True)
class Form:
    id: str
    version: str
    sha256: str
    title: LocalizedText
    source: LocalizedText
    dimensions: tuple[Dimension, ...]
    levels: tuple[Level, ...]  # best -> worst
    combination: Combination
    grades: tuple[Grade, ...]
    verification: Mapping[str, Verification]  # section name -> status
    items_by_id: Mapping[str, Item] = field(init=False, repr=False, compare=False)
    items: tuple[Item, ...] = field(init=False, repr=False, compare=False)  # official order
    level_rank: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "items_by_id",
            MappingProxyType({item.id: item for d in self.dimensions for item in d.items}),
        )
        object.__setattr__(self, "items", tuple(self.items_by_id.values()))
        object.__setattr__(
            self, "level_rank", MappingProxyType({lvl.id: rank for rank, lvl in enumerate(self.levels)})
        )

    def dimension(self, dimension_id: str) -> Dimension:
        for candidate in self.dimensions:
            if candidate.id == dimension_id:
                return candidate
        raise KeyError(dimension_id)

    def level(self, level_id: str) -> Level:
        return self.levels[self.level_rank[level_id]]

    def grade(self, code: int) -> Grade:
        for candidate in self.grades:
            if candidate.code == code:
                return candidate
        raise KeyError(code)
