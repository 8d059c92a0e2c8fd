# SPDX-License-Identifier: GPL-3.0-or-later
"""Variants of the demo bundle for the agency tests: re-cut into other part sizes (same content,
another index: a duplicate), or with a byte flipped and the index rehashed (tampered, yet every
part matches the index, so it is received in full and only verification can tell)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from assessment_app.bundle.parts import INDEX_FILE, ConcatenatedParts, PartInfo, PartWriter, file_sha256, index_bytes, read_index


def recut(bundle: Path, target: Path, part_size: int) -> Path:
    target.mkdir(parents=True)
    source = ConcatenatedParts(bundle, read_index(bundle))
    writer = PartWriter(target, part_size)
    while block := source.read(1 << 20):
        writer.write(block)
    source.close()
    (target / INDEX_FILE).write_bytes(index_bytes(writer.close()))
    return target


def tampered(bundle: Path, target: Path, seed: int = 7) -> Path:
    shutil.copytree(bundle, target)
    parts = read_index(target)
    rng = random.Random(seed)
    victim = target / parts[-1].name
    data = bytearray(victim.read_bytes())
    position = rng.randrange(len(data) // 2, len(data))  # inside the encrypted payload, not the header
    data[position] ^= 0x01
    victim.write_bytes(bytes(data))
    (target / INDEX_FILE).write_bytes(index_bytes([
        PartInfo(part.name, (target / part.name).stat().st_size, file_sha256(target / part.name)) for part in parts]))
    return target
