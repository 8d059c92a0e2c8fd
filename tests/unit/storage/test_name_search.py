# SPDX-License-Identifier: GPL-3.0-or-later
"""Name sort keys and search tokens: fixed examples (a changed key needs a migration), and the
character index agreeing with SQLite's LIKE on any name and fragment."""

from __future__ import annotations

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment_app.storage.name_search import (
    name_search_phrase,
    name_search_tokens,
    name_sort_key,
    register_name_functions,
)

# Stored in every database (applicant_search.name_key): if one of these changes, with a new
# pypinyin or a new rule, a migration must recompute the stored keys.
SORT_KEYS = {
    "张三": "zhang1 san1\x1f张三",
    "张三丰": "zhang1 san1 feng1\x1f张三丰",
    "吕布": "lv3 bu4\x1f吕布",
    "曾国藩": "zeng1 guo2 fan1\x1f曾国藩",  # a surname read as a surname, not céng
    "单田芳": "shan4 tian2 fang1\x1f单田芳",
    "单于晨": "chan2 yu2 chen2\x1f单于晨",  # a compound surname
    "阿依古丽·买买提": "a1 yi1 gu3 li4 mai3 mai3 ti2\x1f阿依古丽·买买提",
    "John Smith": "john smith\x1fJohn Smith",
    "测试王秀英": "ce4 shi4 wang2 xiu4 ying1\x1f测试王秀英",
}


@pytest.mark.parametrize("name, key", SORT_KEYS.items())
def test_sort_key_examples(name, key):
    assert name_sort_key(name) == key


def test_names_sort_like_a_phone_book():
    names = ["赵敏", "张三丰", "安娜", "曾国藩", "张三", "Zoe", "陈红", "吕布", "卢布", "章三"]
    # lu before lü; zeng (曾 as a surname) before zhang; equal pinyin (张三, 章三) by the characters.
    expected = ["安娜", "陈红", "卢布", "吕布", "曾国藩", "张三", "章三", "张三丰", "赵敏", "Zoe"]
    assert sorted(names, key=name_sort_key) == expected


def test_search_tokens_are_one_ascii_word_per_character():
    assert name_search_tokens("张A·b") == "u5f20 u61 ub7 u62"
    assert name_search_phrase("无忌") == '"u65e0 u5fcc"'
    with pytest.raises(ValueError):
        name_search_phrase("")


@pytest.fixture(scope="module")
def connection():
    connection = sqlcipher.connect(":memory:")
    register_name_functions(connection)
    connection.execute("CREATE VIRTUAL TABLE names USING fts5(tokens, content='', contentless_delete=1, "
                       "tokenize='ascii')")
    connection.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)")
    yield connection
    connection.close()


# Characters where LIKE and a careless index would part: ASCII case, other scripts' case,
# LIKE's wildcards and escape, separators FTS5 would drop, characters outside the BMP.
ALPHABET = "张三丰无忌AaZzÉé%_\\·- '\"*𠮷0"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(ALPHABET, min_size=1, max_size=6), min_size=1, max_size=12),
       st.text(ALPHABET, min_size=1, max_size=3))
def test_a_phrase_of_character_tokens_finds_what_like_finds(connection, names, fragment):
    connection.execute("DELETE FROM names")
    connection.execute("DELETE FROM people")
    for number, name in enumerate(names, start=1):
        connection.execute("INSERT INTO people VALUES (?, ?)", (number, name))
        connection.execute("INSERT INTO names (rowid, tokens) VALUES (?, ltc_name_search_tokens(?))", (number, name))
    escaped = "%" + fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    by_like = connection.execute("SELECT id FROM people WHERE name LIKE ? ESCAPE '\\' ORDER BY id", (escaped,))
    by_index = connection.execute("SELECT rowid FROM names WHERE names MATCH ? ORDER BY rowid",
                                  (name_search_phrase(fragment),))
    assert by_index.fetchall() == by_like.fetchall()
