# SPDX-License-Identifier: GPL-3.0-or-later
"""Canonical JSON: the fast encoder gives the reference's bytes and refusals on random values,
and a CanonicalTemplate filled with pieces gives the bytes of the whole document."""

from __future__ import annotations

import collections
import decimal
import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.canonical import CanonicalTemplate, NotCanonicalError, _check, canonical_json_bytes, loads_strict


def reference_canonical_json_bytes(value: Any) -> bytes:
    """The encoder as it was before it was made fast: the full checking walk, then json.dumps."""
    _check(value, "$")
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def outcome(encode, value: Any) -> tuple[str, Any]:
    try:
        return "bytes", encode(value)
    except Exception as error:  # the type and the message are what is compared
        return type(error).__name__, str(error)


class Colour(enum.IntEnum):
    RED = 1


class Label(str):
    pass


# Everything canonical JSON accepts, strings with any code point (lone surrogates included:
# UTF-8 cannot encode them, and both encoders must refuse them alike).
plain_scalars = st.none() | st.booleans() | st.integers() | st.text() | st.text(st.characters(codec="utf-8"))
plain_values = st.recursive(
    plain_scalars,
    lambda children: st.lists(children, max_size=6) | st.lists(children, max_size=6).map(tuple)
    | st.dictionaries(st.text(max_size=8), children, max_size=6),
    max_leaves=40,
)
# And what it refuses or treats specially: floats of every kind, keys that are not strings,
# types JSON has no form for, and subclasses of the accepted types.
odd_scalars = (st.floats(allow_nan=True, allow_infinity=True) | st.just(-0.0) | st.binary(max_size=4)
               | st.sets(st.integers(), max_size=2) | st.decimals(allow_nan=False, places=2)
               | st.just(Colour.RED) | st.text(max_size=4).map(Label) | st.builds(object))
odd_keys = st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False) | st.text(max_size=4).map(Label)
any_values = st.recursive(
    plain_scalars | odd_scalars,
    lambda children: st.lists(children, max_size=5) | st.lists(children, max_size=5).map(tuple)
    | st.dictionaries(st.text(max_size=6), children, max_size=5)
    | st.dictionaries(odd_keys, children, min_size=1, max_size=3)
    | st.dictionaries(st.text(max_size=6), children, max_size=3).map(collections.OrderedDict),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(plain_values)
def test_plain_values_encode_exactly_as_the_reference(value):
    assert outcome(canonical_json_bytes, value) == outcome(reference_canonical_json_bytes, value)


@settings(max_examples=300, deadline=None)
@given(any_values)
def test_any_value_gets_the_reference_bytes_or_the_reference_refusal(value):
    assert outcome(canonical_json_bytes, value) == outcome(reference_canonical_json_bytes, value)


@settings(max_examples=200, deadline=None)
@given(plain_values, st.floats(allow_nan=True, allow_infinity=True))
def test_a_float_next_to_any_value_is_refused_and_named_by_its_path(value, number):
    container = {"inside": [value, {"x": number}]}
    with pytest.raises(NotCanonicalError, match=r"^\$\.inside\[1\]\.x: floating-point number"):
        canonical_json_bytes(container)


@pytest.mark.parametrize("value, message", [
    (1.0, "$: floating-point number 1.0"),
    (math.nan, "$: floating-point number nan"),
    ([math.inf], "$[0]: floating-point number inf"),
    ({"a": {"b": -0.0}}, "$.a.b: floating-point number -0.0"),
    ({1: "x"}, "$: key 1 is not a string"),
    ({"a": {None: 1}}, "$.a: key None is not a string"),
    ({"a": b"x"}, "$.a: value of type bytes is not allowed"),
    ({"a": {1}}, "$.a: value of type set is not allowed"),
    (decimal.Decimal("1.5"), "$: value of type Decimal is not allowed"),
])
def test_the_strict_rules_name_the_offending_place(value, message):
    with pytest.raises(NotCanonicalError) as raised:
        canonical_json_bytes(value)
    assert str(raised.value).startswith(message)


def test_subclasses_of_the_accepted_types_are_accepted_as_before():
    value = collections.OrderedDict([("b", Colour.RED), (Label("a"), (Label("x"), True))])
    assert canonical_json_bytes(value) == b'{"a":["x",true],"b":1}'


@settings(max_examples=200, deadline=None)
@given(plain_values.filter(lambda v: outcome(canonical_json_bytes, v)[0] == "bytes"))
def test_canonical_bytes_read_back_strictly_to_the_same_value(value):
    # Tuples come back as lists; JSON has only one kind of array.
    assert loads_strict(canonical_json_bytes(value).decode("utf-8")) == json.loads(json.dumps(value))


# -- templates ------------------------------------------------------------------------------

def _with_holes(value: Any, holes: dict[str, Any], draw) -> Any:
    """The value with some of its parts (never keys) replaced by template holes."""
    if draw(st.integers(0, 3)) == 0:
        name = f"h{len(holes)}"
        holes[name] = value
        return CanonicalTemplate.hole(name)
    if isinstance(value, dict):
        return {key: _with_holes(child, holes, draw) for key, child in value.items()}
    if isinstance(value, (list, tuple)):
        return [_with_holes(child, holes, draw) for child in value]
    return value


def _substituted(document: Any, holes: dict[str, Any]) -> Any:
    if isinstance(document, str) and document.startswith("\x00hole:"):
        return holes[document[len("\x00hole:"):-1]]
    if isinstance(document, dict):
        return {key: _substituted(child, holes) for key, child in document.items()}
    if isinstance(document, list):
        return [_substituted(child, holes) for child in document]
    return document


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=6), plain_values, max_size=4), st.data())
def test_a_filled_template_is_the_canonical_json_of_the_whole_document(value, data):
    holes: dict[str, Any] = {}
    document = {key: _with_holes(child, holes, data.draw) for key, child in value.items()}
    try:
        expected = canonical_json_bytes(_substituted(document, holes))
    except (NotCanonicalError, UnicodeEncodeError):
        return  # a lone surrogate somewhere: there are no bytes to compare
    template = CanonicalTemplate(document, tuple(holes))
    assert template.fill({name: canonical_json_bytes(piece) for name, piece in holes.items()}) == expected


@pytest.mark.parametrize("document, holes", [
    ({"a": CanonicalTemplate.hole("x"), "b": CanonicalTemplate.hole("x")}, ("x",)),  # twice
    ({CanonicalTemplate.hole("x"): 1}, ("x",)),  # a key: its place in the order would move
    ({"a": 1}, ("x",)),  # missing
])
def test_a_template_refuses_a_hole_that_is_not_exactly_one_value(document, holes):
    with pytest.raises(ValueError, match="exactly one value"):
        CanonicalTemplate(document, holes)
