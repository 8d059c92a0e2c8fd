# SPDX-License-Identifier: GPL-3.0-or-later
"""Just enough DER (X.690) to read a CMS SignedData (RFC 5652) and check each SignerInfo: the
manifest signature of docs/formats/bundle.md and the PAdES signatures of docs/formats/report.md."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

OIDS = {"1.2.840.113549.1.7.1": "data", "1.2.840.113549.1.7.2": "signed_data",
        "1.2.840.113549.1.9.3": "content_type", "1.2.840.113549.1.9.4": "message_digest",
        "1.2.840.113549.1.9.5": "signing_time", "1.2.840.113549.1.9.15": "smime_capabilities",
        "1.2.840.113549.1.9.16.2.47": "signing_certificate_v2", "1.2.840.113549.1.9.52": "cms_algorithm_protection",
        "2.16.840.1.101.3.4.2.1": "sha256", "1.2.840.10045.4.3.2": "ecdsa_with_sha256"}


@dataclass(frozen=True)
class Node:
    tag: int
    body: bytes  # the contents octets
    encoding: bytes  # tag, length and contents

    def children(self) -> list[Node]:
        nodes, rest = [], self.body
        while rest:
            node, rest = parse(rest)
            nodes.append(node)
        return nodes


def parse(data: bytes) -> tuple[Node, bytes]:
    tag, length, offset = data[0], data[1], 2
    if length & 0x80:
        size = length & 0x7F
        length, offset = int.from_bytes(data[2:2 + size], "big"), 2 + size
    end = offset + length
    assert end <= len(data), "DER value runs past its container"
    return Node(tag, data[offset:end], data[:end]), data[end:]


def oid(node: Node) -> str:
    assert node.tag == 0x06
    first, numbers, value = node.body[0], [], 0
    for byte in node.body[1:]:
        value = value << 7 | byte & 0x7F
        if not byte & 0x80:
            numbers.append(value)
            value = 0
    return ".".join(map(str, [min(first // 40, 2), first - 40 * min(first // 40, 2), *numbers]))


def name(node: Node) -> str:
    return OIDS.get(oid(node), oid(node))


@dataclass
class SignerInfo:
    certificate: x509.Certificate
    digest_algorithm: str
    attributes: list[tuple[str, list[Node]]]  # in their DER order
    signature_algorithm: str
    signature: bytes
    signed_bytes: bytes  # the attributes as SET OF, what the signature covers (RFC 5652 5.4)

    def attribute(self, wanted: str) -> Node:
        (values,) = [values for kind, values in self.attributes if kind == wanted]
        return values[0]


@dataclass
class SignedData:
    content_type: str
    detached: bool
    digest_algorithms: list[str]
    certificates: list[x509.Certificate]
    signer_infos: list[SignerInfo]


def read_signed_data(der: bytes) -> SignedData:
    content_info, rest = parse(der)
    assert not rest.strip(b"\x00"), "bytes after the ContentInfo"  # a PDF pads /Contents with zeros
    kind, explicit = content_info.children()
    assert name(kind) == "signed_data"
    fields = explicit.children()[0].children()
    version, digest_algorithms, encapsulated, *more = fields
    certificates = [x509.load_der_x509_certificate(node.encoding)
                    for node in (more[0].children() if more[0].tag == 0xA0 else [])]
    encapsulated = encapsulated.children()
    signer_infos = [_signer_info(node, certificates) for node in more[-1].children()]
    return SignedData(name(encapsulated[0]), len(encapsulated) == 1,
                      [name(algorithm.children()[0]) for algorithm in digest_algorithms.children()],
                      certificates, signer_infos)


def _signer_info(node: Node, certificates: list[x509.Certificate]) -> SignerInfo:
    version, sid, digest, attributes, algorithm, signature, *_ = node.children()
    issuer, serial = sid.children()
    serial_number = int.from_bytes(serial.body, "big", signed=True)
    (certificate,) = [c for c in certificates
                      if c.serial_number == serial_number and c.issuer.public_bytes() == issuer.encoding]
    assert attributes.tag == 0xA0, "no signed attributes"
    parsed = [(name(kind), values.children()) for kind, values in (a.children() for a in attributes.children())]
    return SignerInfo(certificate, name(digest.children()[0]), parsed, name(algorithm.children()[0]),
                      signature.body, b"\x31" + attributes.encoding[1:])


def check_signer(signer: SignerInfo, signed_content_sha256: bytes) -> None:
    """The message digest attribute names the content, and the signature covers the attributes."""
    assert signer.digest_algorithm == "sha256" and signer.signature_algorithm == "ecdsa_with_sha256"
    assert name(signer.attribute("content_type")) == "data"
    assert signer.attribute("message_digest").body == signed_content_sha256
    signer.certificate.public_key().verify(signer.signature, signer.signed_bytes, ec.ECDSA(hashes.SHA256()))


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()
