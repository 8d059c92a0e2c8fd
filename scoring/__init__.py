# SPDX-License-Identifier: GPL-3.0-or-later
"""Deterministic scoring of an instrument's answers: pure, standard library only, no I/O."""

from scoring.engine import score, score_dimension
from scoring.errors import INCOMPLETE, UNKNOWN_ITEM, UNKNOWN_OPTION, AnswerProblem, AnswersError
from scoring.result import DimensionResult, ItemScore, ScoreResult
from scoring.version import ENGINE_NAME, ENGINE_VERSION

__all__ = [
    "ENGINE_NAME", "ENGINE_VERSION", "INCOMPLETE", "UNKNOWN_ITEM", "UNKNOWN_OPTION", "AnswerProblem",
    "AnswersError", "DimensionResult", "ItemScore", "ScoreResult", "score", "score_dimension",
]
