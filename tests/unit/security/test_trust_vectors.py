"""The trust formats' fixed vectors (tests/vectors/README.md): the demo agency's version 2 package
byte for byte, an enrolment code's hash and a sealed station-chain checkpoint, so another
implementation (the agency server) can be checked against the laptop."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from assessment_app.security.audit_anchor import parse, seal, unseal
from assessment_app.security.enrolment_codes import enrolment_code_matches, hash_enrolment_code
from assessment_app.security.passphrase_kdf import Argon2idParams
from assessment_app.security.provisioning import build_demo_provisioning, verify_provisioning
from assessment_app.security.subkeys import AUDIT_ANCHOR, derive_subkey

from tests.conftest import VECTORS

NOW = datetime(2025, 3, 1, 8, 0, tzinfo=timezone.utc)
TRUST = json.loads((VECTORS / "trust_v1.json").read_text(encoding="utf-8"))


def test_the_demo_package_vector_is_rebuilt_byte_for_byte_and_verifies():
    data = (VECTORS / "provisioning_v2_demo.json").read_bytes()
    demo = build_demo_provisioning(NOW, bytes(range(32)))
    assert demo.package_bytes == data
    package = verify_provisioning(data)
    assert (package.version, package.sequence, package.revocations) == (2, 1, ())
    assert len(package.revocation_lists) == 1 and package.revocation_lists[0].is_signature_valid(
        demo.ca_certificate.public_key())
    assert all(expert.enrolment is None for expert in package.experts)  # demo experts have public passphrases


def test_the_enrolment_code_vector():
    vector = TRUST["enrolment"]
    params = Argon2idParams(**vector["params"])
    assert hash_enrolment_code(vector["code"], params=params, salt=bytes.fromhex(vector["salt_hex"])) == \
        vector["code_hash"]
    for typed in [vector["code"], *vector["typed_forms"]]:
        assert enrolment_code_matches(typed, vector["code_hash"]), typed
    assert not enrolment_code_matches("7K3M-Q9TX-2VHD-8RWB", vector["code_hash"])


def test_the_anchor_vector():
    vector = TRUST["anchor"]
    key = derive_subkey(bytes.fromhex(vector["data_key_hex"]), AUDIT_ANCHOR)
    assert key.hex() == vector["anchor_key_hex"]
    checkpoint = unseal(vector["sealed"], key)
    assert seal(checkpoint, key) == vector["sealed"] and parse(vector["sealed"]) == checkpoint
