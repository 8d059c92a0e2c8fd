# SPDX-License-Identifier: GPL-3.0-or-later
"""Plausibility warnings: answer combinations a clinician would not expect in one person.

A warning never blocks a record: people are varied, and the experts saw the applicant. It asks
them to look again and, if the answers stand, to say why (the reason goes into the record).
Only combinations that contradict the wording of the options themselves (医保办发〔2021〕37号
附件1) are listed; merely unusual profiles are not. Deliberately absent, for example:
- 进食 independent while 穿衣/洗澡 dependent: common (eating needs far less mobility);
- 听力 0 (完全失聪) while 沟通能力 4: sign language or writing can make communication normal;
- 视力 0 while 平地行走 15: many blind people walk independently with a cane.

Rules are data (item, options) so that a new form version can get its own table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Condition:
    item_id: str
    option_ids: frozenset[str]

    def holds(self, answers: Mapping[str, str]) -> bool:
        return answers.get(self.item_id) in self.option_ids


@dataclass(frozen=True)
class PlausibilityRule:
    code: str
    conditions: tuple[Condition, ...]  # all must hold; each alternative is its own rule

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(condition.item_id for condition in self.conditions)


@dataclass(frozen=True)
class PlausibilityWarning:
    code: str
    items: tuple[str, ...]  # the items involved, in the form's order of the rule
    options: tuple[str, ...]  # the options chosen for them (message parameters)


def _rule(code: str, *conditions: tuple[str, tuple[str, ...]]) -> PlausibilityRule:
    return PlausibilityRule(code, tuple(Condition(item, frozenset(options)) for item, options in conditions))


CN_LTC_2021_RULES: tuple[PlausibilityRule, ...] = (
    # 平地行走 0 "卧床不起、不能步行" but 上下楼梯 10 "独立上下楼".
    _rule("walking_unable_stairs_independent", ("adl.walking", ("0",)), ("adl.stairs", ("10",))),
    # 床椅转移 0 "完全依赖他人，不能坐" but walking with at most one person's help.
    _rule("transfer_unable_walking_able", ("adl.transfer", ("0",)), ("adl.walking", ("10", "15"))),
    # 床椅转移 0 "不能坐" but 用厕 10 "自理" (sitting on the toilet is part of it).
    _rule("transfer_unable_toileting_independent", ("adl.transfer", ("0",)), ("adl.toileting", ("10",))),
    # 平地行走 0 "卧床不起" but 空间定向 4 "能在日常生活范围内单独外出".
    _rule("bedridden_goes_out_alone", ("adl.walking", ("0",)), ("cognition.place", ("4",))),
    # 沟通能力 0 "完全不能理解他人的言语，也无法表达" but 记忆力 4 "记住3个词语": the word test
    # needs the applicant to understand the words and say them back.
    _rule("no_communication_full_memory", ("perception.communication", ("0",)), ("cognition.memory", ("4",))),
    # ... and 人物定向 4 "能称呼并知道关系" / 时间定向 4 "年、月清楚" are found out by asking.
    _rule("no_communication_full_person_orientation", ("perception.communication", ("0",)),
          ("cognition.person", ("4",))),
    _rule("no_communication_full_time_orientation", ("perception.communication", ("0",)),
          ("cognition.time", ("4",))),
)

RULES_BY_FORM: Mapping[str, tuple[PlausibilityRule, ...]] = {"cn-ltc-2021": CN_LTC_2021_RULES}


def plausibility_warnings(form_id: str, answers: Mapping[str, str]) -> list[PlausibilityWarning]:
    """The warnings for the answers given so far (a rule fires only when all its items are answered)."""
    warnings = []
    for rule in RULES_BY_FORM.get(form_id, ()):
        if all(condition.holds(answers) for condition in rule.conditions):
            warnings.append(PlausibilityWarning(rule.code, rule.item_ids,
                                                tuple(answers[item] for item in rule.item_ids)))
    return warnings


def rule_codes(form_id: str) -> frozenset[str]:
    return frozenset(rule.code for rule in RULES_BY_FORM.get(form_id, ()))
