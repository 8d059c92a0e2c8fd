# SPDX-License-Identifier: GPL-3.0-or-later
"""A form file's reading rules and content hash, from docs/formats/form.md."""

from __future__ import annotations

import hashlib
import json

import yaml


class Refused(Exception):
    pass


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> dict:
    keys = [loader.construct_object(key, deep=True) for key, _ in node.value]
    for key, (key_node, _) in zip(keys, node.value):
        if not isinstance(key, str):
            raise Refused(f"line {key_node.start_mark.line + 1}: key {key!r} is not a string")
    if len(set(keys)) != len(keys):
        raise Refused(f"line {node.start_mark.line + 1}: duplicate key")
    return loader.construct_mapping(node, deep=True)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _check(value, path: str = "$") -> None:
    if isinstance(value, float):
        raise Refused(f"{path}: {value!r} is not an integer")
    if isinstance(value, dict):
        if set(value) == {"zh_CN", "en"} and not all(isinstance(v, str) and v for v in value.values()):
            raise Refused(f"{path}: a text needs both zh_CN and en")
        for key, item in value.items():
            _check(item, f"{path}.{key}")
    if isinstance(value, list):
        for position, item in enumerate(value):
            _check(item, f"{path}[{position}]")


def load(text: str):
    document = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    _check(document)
    return document


def canonical(document) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def content_hash(text: str) -> str:
    return hashlib.sha256(canonical(load(text))).hexdigest()
