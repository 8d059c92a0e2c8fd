# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading a form file: strict YAML that keeps node positions for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import yaml

from forms.errors import FormError


# libyaml's parser when PyYAML was built with it (the wheels are): the same documents, nodes and
# marks, ten times faster than the pure-Python one, which every start of the CLI would pay.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):
    """SafeLoader that refuses duplicate and non-string keys.

    PyYAML silently keeps the last of two equal keys; in an instrument that would hide a
    second, contradictory table row, so it is an error here.
    """


def _construct_strict_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            raise FormError(loader.source_file, "", f"key {key!r} must be a string (quote it)", line)
        if key in seen:
            raise FormError(loader.source_file, "", f"duplicate key {key!r}", line)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_strict_mapping)


class YamlDocument:
    """Parsed data plus the node tree, so a path inside the data can be turned into a line."""

    def __init__(self, file: Path, data: Any, root: yaml.Node | None):
        self.file = file
        self.data = data
        self._root = root

    def line_of(self, path: Iterable[str | int]) -> int | None:
        node = self._root
        for step in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == step), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
            else:
                node = None
            if node is None:
                return None
        return node.start_mark.line + 1 if node is not None else None


def read_yaml(file: Path) -> YamlDocument:
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormError(file, "", "file not found") from None
    except UnicodeDecodeError as exc:
        raise FormError(file, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise FormError(file, "", f"cannot be read: {exc.strerror}") from None
    loader = _StrictLoader(text)
    loader.source_file = str(file)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise FormError(file, "", f"YAML syntax error: {exc.problem}", line) from None
    except yaml.YAMLError as exc:
        raise FormError(file, "", f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    return YamlDocument(file, data, root)
