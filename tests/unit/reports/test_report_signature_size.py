# SPDX-License-Identifier: GPL-3.0-or-later
"""The room each signature gets in the PDF (/Contents) is worked out from the certificates and
the key, not measured by a dry-run signature: it is what the signed file reserves, it holds the
signature of every key kind we accept with room to spare, and a reserve too small is refused
by pyHanko, never written cut short."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.general import SigningError

from assessment_app.reports import signing, verify_report
from assessment_app.reports.signing import contents_reserve, pyhanko_signer
from assessment_app.security.certificates import create_demo_ca, derive_ec_private_key, generate_key_and_csr, sign_csr
from tests.unit.reports.conftest import NOW, SEED, sign

# What the bound must leave spare beyond the largest signature seen: room for pyHanko to grow
# an attribute before signing can fail in the field (the test fails first).
SPARE_BYTES = 200


def reserved_and_used(pdf: bytes) -> list[tuple[int, int]]:
    """(bytes reserved for the CMS, bytes of the CMS) of each signature, in file order."""
    sizes = []
    for signature in PdfFileReader(io.BytesIO(pdf)).embedded_signatures:
        _, first_end, second_start, _ = (int(value) for value in signature.byte_range)
        used = cms.ContentInfo({"content_type": "signed_data", "content": signature.signed_data}).dump()
        sizes.append(((second_start - first_end - 2) // 2, len(used)))
    return sizes


def test_each_signature_gets_the_computed_reserve(signed_twice, ca, experts):
    expected = [contents_reserve(pyhanko_signer(key, certificate, [ca[0]])) // 2 for key, certificate in experts]
    assert [reserved for reserved, _ in reserved_and_used(signed_twice)] == expected


KEYS = {
    "ec-p256": lambda: ec.generate_private_key(ec.SECP256R1()),
    "ec-p384": lambda: ec.generate_private_key(ec.SECP384R1()),
    "ec-p521": lambda: ec.generate_private_key(ec.SECP521R1()),
    "rsa-2048": lambda: rsa.generate_private_key(65537, 2048),
    "rsa-3072": lambda: rsa.generate_private_key(65537, 3072),
}


@pytest.mark.parametrize("kind", sorted(KEYS))
def test_the_reserve_holds_every_key_kind_with_room_to_spare(kind, report_pdf, ca):
    # The longest names a certificate allows (64 bytes of UTF-8), a 20-octet serial and an
    # unrelated second CA in the agency's list (it is embedded too) make the CMS as large as ours get.
    key, csr = generate_key_and_csr("欧阳" * 10, "DEMO-" + "9" * 59, "机构代码" * 5, private_key=KEYS[kind]())
    certificate = sign_csr(csr, *ca, NOW - timedelta(days=1), 30, serial=2 ** 159 - 1)
    other_ca = create_demo_ca("另一个机构名称很长的评估中心", NOW - timedelta(days=1), 3650,
                              key=derive_ec_private_key(SEED, "other"))[0]
    signed = signing.sign_report(report_pdf, field_name="Expert1", key=key, certificate=certificate,
                                 ca_certificates=[ca[0], other_ca], signer_name="x", lock=False, when=NOW)
    [status] = verify_report(signed, [ca[0]], at=NOW)
    assert status.ok
    [(reserved, used)] = reserved_and_used(signed)
    assert used + SPARE_BYTES <= reserved, (kind, used, reserved)


def test_a_reserve_too_small_for_the_signature_is_refused(report_pdf, ca, experts, monkeypatch):
    monkeypatch.setattr(signing, "_CMS_FRAME_BYTES", -1000)
    with pytest.raises(SigningError, match="larger than expected"):
        sign(report_pdf, ca, experts[0], "Expert1", lock=False)
