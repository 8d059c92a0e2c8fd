# SPDX-License-Identifier: GPL-3.0-or-later
"""The members of the bundle vector, from a real visit (run once; the result is kept).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.format_vectors.bundle_visit
    .venv/bin/python -m tools.format_vectors bundle

The first command makes the demo agency's signed, recorded visit the bundle tests use
(tests/unit/bundle/conftest.py: visit services, a 2.6 s synthetic recording, both experts'
PAdES signatures), exports it, and keeps what the export put in the tar as
tests/vectors/bundle/members/, with the keys that sign and open it in keys/ and the export's
inputs in visit.json. None of this can be remade byte for byte (random ids, ECDSA signatures,
the recording's clock), which is why it is kept; the second command seals the members again,
deterministically. Run the first only when the members must change (their formats changed),
then review the new vector like any other change of a format.
"""

from __future__ import annotations

import datetime
import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from assessment_app.bundle.age_format import decrypt_stream, parse_identities
from assessment_app.bundle.parts import ConcatenatedParts, read_index
from assessment_app.services.bundle_export import export_visit
from assessment_app.services.signing_identities import unlock_signing_key
from assessment_app.storage.models import utc_timestamp
from tests.unit.bundle.conftest import EXPORTED_AT, make_laptop
from tools.format_vectors.common import VECTORS, json_file

BUNDLE_ID = "5e1f0c2a-7b3d-4c8e-9f60-0d1e2f3a4b5c"


def new_visit(directory: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        laptop = make_laptop(Path(scratch) / "data")
        try:
            exported = export_visit(laptop.records, laptop.visit_id, Path(scratch) / "out", signers=laptop.signers,
                                    now=EXPORTED_AT, bundle_id=BUNDLE_ID)
            identities = laptop.identity_file.read_text(encoding="utf-8")
            plaintext = b"".join(decrypt_stream(ConcatenatedParts(exported.bundle_dir, read_index(exported.bundle_dir)),
                                                parse_identities(identities)))
            keys = {"agency-identity.txt": identities.encode("utf-8"),
                    "recovery-identity.txt": laptop.recovery_identity_file.read_bytes()}
            keys["ca.pem"] = b"".join(ca.public_bytes(serialization.Encoding.PEM) for ca in laptop.trusted_cas())
            for position, (expert_id, passphrase) in enumerate(laptop.signers, start=1):
                key, certificate = unlock_signing_key(laptop.records, expert_id, passphrase, now=EXPORTED_AT)
                keys[f"expert-{position}.pem"] = certificate.public_bytes(serialization.Encoding.PEM)
                keys[f"expert-{position}.key.pem"] = key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        finally:
            laptop.records.close()
    for name in ("members", "keys"):
        shutil.rmtree(directory / name, ignore_errors=True)
    order = []
    with tarfile.open(fileobj=io.BytesIO(plaintext), mode="r:") as archive:
        for info in archive:
            target = directory / "members" / info.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(info).read())
            order.append(info.name)
    for name, data in keys.items():
        (directory / "keys").mkdir(parents=True, exist_ok=True)
        (directory / "keys" / name).write_bytes(data)
    (directory / "visit.json").write_bytes(json_file({
        "bundle_id": BUNDLE_ID, "created_at": utc_timestamp(EXPORTED_AT), "members_in_order": order,
        "made": f"tools/format_vectors/bundle_visit.py on {datetime.date.today().isoformat()}"}))


if __name__ == "__main__":
    new_visit(VECTORS / "bundle")
    print(json.dumps({"written": str(VECTORS / "bundle")}))
