# SPDX-License-Identifier: GPL-3.0-or-later
"""How the database sorts and searches applicants' names: a pinyin sort key and one search token
per character. Both are SQL functions on every connection (connect_sqlcipher registers them), so
the triggers of migration 0006 keep the search tables in step on every write path, the bulk
inserts and the bundle import included.

Sort key: phone-book order, by the pinyin of each character (pypinyin's single-character
readings, tone as a digit; a known polyphonic surname at the start of the name is read as a
surname, 曾 zēng not céng), then by the name itself so that the order is total. Letters of other
scripts sort as themselves, lower case. Example: 张三 -> "zhang1 san1\\x1f张三". The key is
stored: a change of this function or of pypinyin's pin needs a migration that recomputes
`applicant_search.name_key` (tests/unit/storage/test_name_search.py pins example keys).

Search tokens: one token per character ("u5f20" for 张), ASCII letters lower-cased first, so
that an FTS5 phrase query on the tokens of a fragment finds exactly the names that
`name LIKE '%fragment%'` finds (SQLite's LIKE folds ASCII case only). FTS5's trigram tokenizer
was the other candidate; it answers no fragment shorter than three characters from its index,
and most Chinese names are two or three characters long.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from typing import Any

SORT_KEY_FUNCTION = "ltc_name_sort_key"
SEARCH_TOKENS_FUNCTION = "ltc_name_search_tokens"
_TIE_BREAK = "\x1f"  # below " ", so 张 sorts before 张三

# Surname readings that differ from the character's most common reading (《现代汉语词典》, 姓氏读音).
# Compound surnames first: 单于 is chán yú, while 单 alone is shàn.
_COMPOUND_SURNAMES = {"尉迟": ("yu4", "chi2"), "万俟": ("mo4", "qi2"), "澹台": ("tan2", "tai2"),
                      "单于": ("chan2", "yu2"), "长孙": ("zhang3", "sun1")}
_SURNAMES = {"单": "shan4", "曾": "zeng1", "解": "xie4", "仇": "qiu2", "区": "ou1", "朴": "piao2", "查": "zha1",
             "缪": "miao4", "盖": "ge3", "种": "chong2", "秘": "bi4", "员": "yun4", "召": "shao4", "折": "she2",
             "繁": "po2", "翟": "zhai2", "任": "ren2", "华": "hua4", "纪": "ji3", "燕": "yan1", "葛": "ge3"}


@lru_cache(maxsize=1)
def _pinyin_of() -> Callable[[str], list[str]]:
    # Imported on first use: pypinyin takes ~70 ms to load, and a window must not wait for it.
    # Without its phrase tables (pypinyin's documented switch): names are read character by
    # character anyway, and the phrase tables would cost 0.3 s and 45 MiB in every process that
    # writes an applicant, the bundle import included.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, lazy_pinyin

    return lambda character: lazy_pinyin(character, style=Style.TONE3, neutral_tone_with_five=True)


@lru_cache(maxsize=65536)
def _syllable(character: str) -> str | None:
    """The pinyin of a Han character with its tone digit ("zhang1"); None for anything else."""
    readings = _pinyin_of()(character)
    reading = readings[0] if len(readings) == 1 else ""
    # pypinyin returns other characters unchanged, and a Han character it has no reading for
    # with only the neutral tone appended ("𠮷5").
    if reading.isascii() and reading[:-1].isalpha() and reading[-1:].isdigit():
        return reading
    return None


def _readings(name: str) -> list[str]:
    start: list[str] = []
    rest = name
    if name[:2] in _COMPOUND_SURNAMES:
        start, rest = list(_COMPOUND_SURNAMES[name[:2]]), name[2:]
    elif name[:1] in _SURNAMES:
        start, rest = [_SURNAMES[name[0]]], name[1:]
    parts, word = start, ""
    for character in rest:
        syllable = _syllable(character)
        if syllable is None and character.isalnum():
            word += character.lower()  # a run of letters or digits of another script is one word
            continue
        if word:
            parts.append(word)
            word = ""
        if syllable is not None:
            parts.append(syllable)
        # Anything else (spaces, the middle dot of 阿依古丽·买买提) separates words only.
    if word:
        parts.append(word)
    return parts


def name_sort_key(name: str) -> str:
    return " ".join(_readings(name)) + _TIE_BREAK + name


def _token(character: str) -> str:
    if "A" <= character <= "Z":
        character = character.lower()
    return f"u{ord(character):x}"


def name_search_tokens(name: str) -> str:
    """The text FTS5 indexes for a name: one ASCII token per character."""
    return " ".join(map(_token, name))


def name_search_phrase(fragment: str) -> str:
    """The FTS5 query for names containing `fragment`: the phrase of its characters' tokens."""
    if not fragment:
        raise ValueError("an empty fragment matches every name; leave the filter out instead")
    return f'"{name_search_tokens(fragment)}"'


def _null_safe(function: Callable[[str], str]) -> Callable[[Any], str | None]:
    # A NOT NULL column refuses the None; an exception here would only hide which one.
    return lambda value: None if value is None else function(str(value))


def register_name_functions(connection: Any) -> None:
    """Make the functions the search triggers call available on `connection`."""
    connection.create_function(SORT_KEY_FUNCTION, 1, _null_safe(name_sort_key), deterministic=True)
    connection.create_function(SEARCH_TOKENS_FUNCTION, 1, _null_safe(name_search_tokens), deterministic=True)
