# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the station chain's checkpoint lives: outside the database, in two places.

- `audit-anchor.json` beside keystore.json: replaced atomically, MAC-protected
  (security/audit_anchor.py); always there, whatever the machine offers.
- the OS credential store (`keyring`, service "ltc-assess", one entry per data directory) where
  one is usable: outside the data directory, so copying an old data directory back over the
  current one (file included) is still caught.

Reading takes the valid copy with the highest counter; a copy whose MAC fails is reported, never
silently skipped. The writes are the cost of anchoring: measured in bench/audit_anchor.py.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend

from assessment_app.durable_files import temporary_sibling
from assessment_app.security.audit_anchor import AnchorInvalid, Checkpoint, seal, unseal

ANCHOR_FILE = "audit-anchor.json"
KEYRING_SERVICE = "ltc-assess"


@dataclass(frozen=True)
class AnchorReading:
    checkpoint: Checkpoint | None  # the newest valid copy
    problems: tuple[tuple[str, str], ...] = ()  # (where, reason): a copy that exists but does not verify
    places: tuple[str, ...] = field(default=())  # where a valid copy with that counter was found


class AnchorStore:
    def __init__(self, data_dir: Path, key: bytes, keyring_backend: KeyringBackend | None = None):
        self.path = Path(data_dir) / ANCHOR_FILE
        self._key = key
        self._explicit_backend = keyring_backend
        normalised = os.path.normcase(str(Path(data_dir).expanduser().resolve()))
        self.keyring_username = "audit-anchor:" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]

    def read(self) -> AnchorReading:
        copies, problems = [], []
        for place, text in (("file", self._read_file()), ("credential_store", self._read_keyring())):
            if text is None:
                continue
            try:
                copies.append((unseal(json.loads(text), self._key), place))
            except (AnchorInvalid, ValueError) as error:
                problems.append((place, getattr(error, "reason", "malformed")))
        if not copies:
            return AnchorReading(None, tuple(problems))
        newest = max(checkpoint.counter for checkpoint, _ in copies)
        best = next(checkpoint for checkpoint, _ in copies if checkpoint.counter == newest)
        return AnchorReading(best, tuple(problems), tuple(place for checkpoint, place in copies
                                                          if checkpoint == best))

    def sealed(self, checkpoint: Checkpoint) -> dict:
        """The checkpoint with its MAC under this store's key: what backups and bundles carry."""
        return seal(checkpoint, self._key)

    def write(self, checkpoint: Checkpoint) -> None:
        text = json.dumps(seal(checkpoint, self._key), sort_keys=True, indent=1) + "\n"
        self._replace_file(text.encode("utf-8"))
        backend = self._backend()
        if backend is not None:
            try:
                backend.set_password(KEYRING_SERVICE, self.keyring_username, text)
            except Exception:  # noqa: BLE001 - a locked or absent store: the file copy stands alone
                pass

    def _replace_file(self, data: bytes) -> None:
        """Atomic (never a torn or empty anchor, which would read as tampering after a power cut)
        but without the directory fsync durable_files adds: a rename lost in a crash leaves the
        previous anchor, one that lags behind the chain, the harmless direction. Saves ~40 % of
        the write (bench/audit_anchor.py)."""
        temporary = temporary_sibling(self.path)
        try:
            with open(temporary, "xb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        finally:
            temporary.unlink(missing_ok=True)

    def _read_file(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError):
            return "not an anchor"  # reported as malformed, like any other damage

    def _read_keyring(self) -> str | None:
        backend = self._backend()
        if backend is None:
            return None
        try:
            return backend.get_password(KEYRING_SERVICE, self.keyring_username)
        except Exception:  # noqa: BLE001 - third-party backends raise anything; the file copy still counts
            return None

    def _backend(self) -> KeyringBackend | None:
        from keyring.backends import fail, null

        try:
            backend = self._explicit_backend or keyring.get_keyring()
        except Exception:  # noqa: BLE001 - a broken keyring configuration must not block the records
            return None
        return None if isinstance(backend, (fail.Keyring, null.Keyring)) else backend
