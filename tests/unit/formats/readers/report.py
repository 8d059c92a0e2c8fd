# SPDX-License-Identifier: GPL-3.0-or-later
"""What docs/formats/report.md fixes in a report: the QR payload text, and the signature fields
with their locks and PAdES signatures. The PDF side reads only what this report needs: reportlab
and pyHanko write its objects uncompressed with classic cross-reference tables, so the last
definition of each object in the file is its current value (ISO 32000-1, 7.5.6)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.unit.formats.readers import cms

def payload(record_id: str, record_hash: str) -> str:
    return f"LTC-RECORD/1;id={record_id};sha256={record_hash.lower()}"


def parse_payload(text: str) -> tuple[str, str] | None:
    """(record id, record hash), or None when the text is not one of our payloads: the prefix,
    then `;`-separated `name=value` fields, taken by name."""
    prefix, *fields = text.split(";")
    values = dict(field.partition("=")[::2] for field in fields)
    if prefix != "LTC-RECORD/1" or "id" not in values or "sha256" not in values:
        return None
    return values["id"], values["sha256"]


def objects(pdf: bytes) -> dict[int, bytes]:
    """Every object by number, the last definition of each (an incremental update replaces it)."""
    found = {}
    for match in re.finditer(rb"(?m)^(\d+) 0 obj\s*(.*?)endobj", pdf, re.S):
        found[int(match.group(1))] = match.group(2)  # a later definition (an update) wins
    return found


def literal(raw: bytes) -> str:
    """A PDF literal string's bytes after its escapes (ISO 32000-1, 7.3.4.2), as Latin-1 text."""
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    return re.sub(rb"\\([0-7]{1,3}|.)", lambda match: bytes([int(match.group(1), 8)]) if match.group(1).isdigit()
                  else escapes.get(match.group(1), match.group(1)), raw, flags=re.S).decode("latin-1")


def _reference(body: bytes, key: bytes) -> int | None:
    match = re.search(rb"/" + key + rb" (\d+) 0 R", body)
    return int(match.group(1)) if match else None


@dataclass
class Signature:
    field: str
    lock: dict | None
    sub_filter: str
    byte_range: list[int]
    contents: bytes  # the DER CMS (zero padding stripped by the DER parser)
    signing_time: str


def signature_fields(pdf: bytes) -> list[tuple[str, dict | None, Signature | None]]:
    """Every /FT /Sig field in /AcroForm /Fields order: (name, lock, signature or None)."""
    bodies = objects(pdf)
    (acroform,) = {body for body in bodies.values() if b"/Fields [" in body and b"/SigFlags" in body}
    fields = []
    for number in map(int, re.findall(rb"(\d+) 0 R", re.search(rb"/Fields \[(.*?)\]", acroform, re.S).group(1))):
        body = bodies[number]
        assert b"/FT /Sig" in body
        name = literal(re.search(rb"/T \((.*?)\)", body).group(1))
        lock_number = _reference(body, b"Lock")
        lock = None if lock_number is None else {
            key.decode(): int(value) if value.isdigit() else value.decode().lstrip("/")
            for key, value in re.findall(rb"/(\w+) (/?\w+)", bodies[lock_number])}
        value_number = _reference(body, b"V")
        fields.append((name, lock, None if value_number is None else _signature(name, lock, bodies[value_number])))
    return fields


def _signature(field: str, lock: dict | None, body: bytes) -> Signature:
    byte_range = [int(value) for value in re.search(rb"/ByteRange \[([\d ]+)\]", body).group(1).split()]
    contents = bytes.fromhex(re.search(rb"/Contents <([0-9A-Fa-f]+)>", body).group(1).decode())
    return Signature(field, lock, re.search(rb"/SubFilter /([\w.]+)", body).group(1).decode(), byte_range,
                     contents, literal(re.search(rb"/M \((.*?)\)", body).group(1)))


def signed_bytes(pdf: bytes, signature: Signature) -> bytes:
    start, first, second, length = signature.byte_range
    return pdf[start:start + first] + pdf[second:second + length]


def check_signature(pdf: bytes, signature: Signature) -> cms.SignerInfo:
    signed_data = cms.read_signed_data(signature.contents)
    assert signed_data.detached and len(signed_data.signer_infos) == 1
    (signer,) = signed_data.signer_infos
    cms.check_signer(signer, cms.sha256(signed_bytes(pdf, signature)))
    return signer
