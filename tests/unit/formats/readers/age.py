# SPDX-License-Identifier: GPL-3.0-or-later
"""An age v1 file with X25519 recipients (https://age-encryption.org/v1), the encryption layer
docs/formats/bundle.md names, and the Bech32 identity strings (BIP 173) age keys are written in."""

from __future__ import annotations

import base64
import hmac
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
CHUNK = 64 * 1024


def bech32_decode(text: str, hrp: str) -> bytes:
    text = text.lower()
    separator = text.rindex("1")
    assert text[:separator] == hrp, text[:separator]
    values = [CHARSET.index(character) for character in text[separator + 1:]]
    checksum = 1
    for value in [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + values:
        top, checksum = checksum >> 25, (checksum & 0x1FFFFFF) << 5 ^ value
        for bit, generator in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            checksum ^= generator if top >> bit & 1 else 0
    assert checksum == 1, "bad Bech32 checksum"
    bits = "".join(f"{value:05b}" for value in values[:-6])
    return bytes(int(bits[start:start + 8], 2) for start in range(0, len(bits) - 7, 8))


def identity_key(line: str) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(bech32_decode(line.strip(), "age-secret-key-"))


def recipient_key(text: str) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(bech32_decode(text.strip(), "age"))


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def unb64(text: bytes) -> bytes:
    return base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)


@dataclass
class AgeFile:
    header_without_mac: bytes
    stanzas: list[tuple[list[bytes], bytes]]
    file_key: bytes
    payload_nonce: bytes
    chunks: list[bytes]

    @property
    def plaintext(self) -> bytes:
        return b"".join(self.chunks)


def decrypt(data: bytes, identity: X25519PrivateKey) -> AgeFile:
    lines, position = [], 0
    while True:
        end = data.index(b"\n", position)
        lines.append(data[position:end])
        position = end + 1
        if lines[-1].startswith(b"--- "):
            break
    assert lines[0] == b"age-encryption.org/v1"
    stanzas, index = [], 1
    while lines[index].startswith(b"-> "):
        arguments, body, index = lines[index][3:].split(b" "), b"", index + 1
        while True:  # the body's last line is shorter than 64 columns (possibly empty)
            body, index = body + lines[index], index + 1
            if len(lines[index - 1]) < 64:
                break
        stanzas.append((arguments, unb64(body)))
    header_without_mac = data[:position - len(lines[-1]) - 1] + b"---"
    file_key = None
    mine = identity.public_key().public_bytes_raw()
    for arguments, body in stanzas:
        if arguments[0] != b"X25519":
            continue
        share = unb64(arguments[1])
        shared = identity.exchange(X25519PublicKey.from_public_bytes(share))
        wrap_key = _hkdf(shared, share + mine, b"age-encryption.org/v1/X25519")
        try:
            file_key = ChaCha20Poly1305(wrap_key).decrypt(bytes(12), body, None)
            break
        except InvalidTag:  # another recipient's stanza
            continue
    assert file_key is not None, "no stanza for this identity"
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header_without_mac, "sha256").digest()
    assert hmac.compare_digest(mac, unb64(lines[-1][4:])), "header MAC"
    nonce, payload = data[position:position + 16], data[position + 16:]
    cipher, chunks, offset, counter = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload")), [], 0, 0
    while True:
        sealed = payload[offset:offset + CHUNK + 16]
        last = offset + len(sealed) >= len(payload)
        chunks.append(cipher.decrypt(counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00"), sealed, None))
        if last:
            return AgeFile(header_without_mac, stanzas, file_key, nonce, chunks)
        offset, counter = offset + CHUNK + 16, counter + 1
