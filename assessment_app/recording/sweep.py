# SPDX-License-Identifier: GPL-3.0-or-later
"""The start-up sweep of the recordings directory: scratch that no salvage needs is removed.

Call `sweep_recordings(DataLayout.recordings)` when a data directory is opened, before any
recording starts in it (a sweep during a recording would take the temporary file of a segment
being sealed). What goes, in every visit's chain directories:

- atomic-write leftovers `.segment-NNNNNN.enc.tmp-<hex>` (a crash while sealing; the part still
  holds the segment);
- `salvage.part`, the plaintext MP4 that versions before the encrypted part left when a crash hit
  a salvage;
- `current.part` unless it is the part of the visit's last chain, that chain was interrupted,
  and the part can still be salvaged: in an encrypted chain it must be in the part format
  (a plaintext part of an older version goes, zero-filled) and not a copy of a segment that was
  already sealed and listed.

Sealed segments, chain files and unlisted segments (verification names those) are never touched.
Everything removed is zero-filled first: scratch of older versions or of --plain recordings may be
plaintext.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assessment_app.recording.chain import ParsedChain, chain_directories, part_sealed_already, read_chain
from assessment_app.recording.part_format import HEADER_BYTES, PART_MAGIC
from assessment_app.recording.segments import PART_NAME, secure_remove

LEGACY_SALVAGE_NAME = "salvage.part"
ATOMIC_TEMPORARY = re.compile(r"\..+\.tmp-[0-9a-f]+")  # durable_files.temporary_sibling


@dataclass
class SweepReport:
    removed: list[Path] = field(default_factory=list)
    bytes_removed: int = 0


def _part_still_needed(parsed: ParsedChain, is_last: bool) -> bool:
    if not is_last or parsed.closed or not parsed.entries:
        return False
    if not parsed.entries[0].get("encrypted"):
        return True  # a --plain chain's part is the MP4 itself; its salvage decides
    with open(parsed.directory / PART_NAME, "rb") as stream:
        header = stream.read(HEADER_BYTES)
    if len(header) < HEADER_BYTES:
        return header == PART_MAGIC[:len(header)]  # cut in its header: harmless, and the salvage records the loss
    if header[:len(PART_MAGIC)] != PART_MAGIC:
        return False
    return not part_sealed_already(parsed, int.from_bytes(header[len(PART_MAGIC):], "big"))


def sweep_visit(visit_directory: Path, report: SweepReport | None = None) -> SweepReport:
    """Remove the scratch of one visit's recording (see the module docstring)."""
    report = report if report is not None else SweepReport()
    chains = chain_directories(Path(visit_directory))
    for number, directory in enumerate(chains, start=1):
        doomed = [path for path in directory.iterdir()
                  if path.name == LEGACY_SALVAGE_NAME or ATOMIC_TEMPORARY.fullmatch(path.name)]
        if (directory / PART_NAME).exists() and not _part_still_needed(read_chain(directory), number == len(chains)):
            doomed.append(directory / PART_NAME)
        for path in sorted(doomed):
            if path.is_file():
                report.bytes_removed += secure_remove(path)
                report.removed.append(path)
    return report


def sweep_recordings(recordings_root: Path) -> SweepReport:
    """Sweep every visit under `recordings_root` (DataLayout.recordings)."""
    report = SweepReport()
    root = Path(recordings_root)
    if root.is_dir():
        for visit_directory in sorted(root.iterdir()):
            if visit_directory.is_dir() and not visit_directory.name.startswith("."):
                sweep_visit(visit_directory, report)
    return report
