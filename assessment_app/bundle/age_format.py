"""The age v1 file format (https://age-encryption.org/v1), X25519 recipients only, streaming.

Written here with `cryptography` rather than taken from a binding: the bundle needs a streaming
writer and reader with constant memory, and the format is small and fully specified. Tests
prove interoperability against the reference `age` command line tool in both directions.

    header   "age-encryption.org/v1\n", one "-> X25519 <share>\n<body>\n" stanza per recipient,
             "--- <HMAC-SHA256 of the header up to and including '---'>\n"
    payload  16-byte nonce, then STREAM: ChaCha20-Poly1305 over 64 KiB chunks, nonce =
             11-byte big-endian chunk counter || 0x01 on the last chunk else 0x00
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from assessment_app.bundle.errors import AgeFormatError
from assessment_app.security.bech32 import Bech32Error, parse_age_identity, parse_age_recipient

VERSION_LINE = b"age-encryption.org/v1"
X25519_LABEL = b"age-encryption.org/v1/X25519"
CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
FILE_KEY_SIZE = 16
PAYLOAD_NONCE_SIZE = 16
COLUMNS = 64  # stanza bodies are wrapped at 64 base64 characters
_MAX_HEADER_LINE = 4096
_MAX_STANZAS = 64


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _unb64(text: bytes) -> bytes:
    # age uses unpadded standard base64 and rejects non-canonical encodings.
    if b"=" in text or b"\r" in text:
        raise AgeFormatError("age_header_malformed", "base64")
    try:
        data = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except ValueError:
        raise AgeFormatError("age_header_malformed", "base64") from None
    if _b64(data) != text:
        raise AgeFormatError("age_header_malformed", "non-canonical base64")
    return data


def _stream_nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


# --- keys ---------------------------------------------------------------------------------------

def parse_recipient(text: str) -> X25519PublicKey:
    try:
        return X25519PublicKey.from_public_bytes(parse_age_recipient(text.strip()))
    except (Bech32Error, ValueError) as error:
        raise AgeFormatError("age_bad_recipient", getattr(error, "reason", str(error))) from None


def parse_identities(text: str) -> list[X25519PrivateKey]:
    """Every AGE-SECRET-KEY-1… line of an identity file (age-keygen's layout: '#' comments)."""
    keys = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            keys.append(X25519PrivateKey.from_private_bytes(parse_age_identity(line)))
        except (Bech32Error, ValueError) as error:
            raise AgeFormatError("age_bad_identity", getattr(error, "reason", str(error))) from None
    if not keys:
        raise AgeFormatError("age_bad_identity", "no AGE-SECRET-KEY-1 line")
    return keys


# --- writing ------------------------------------------------------------------------------------

def _x25519_stanza(recipient: X25519PublicKey, file_key: bytes) -> bytes:
    ephemeral = X25519PrivateKey.generate()
    share = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(recipient)
    wrap_key = _hkdf(shared, share + recipient.public_bytes_raw(), X25519_LABEL)
    body = ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None)
    return b"-> X25519 " + _b64(share) + b"\n" + _wrapped(_b64(body))


def _wrapped(encoded: bytes) -> bytes:
    lines = [encoded[start:start + COLUMNS] for start in range(0, len(encoded), COLUMNS)]
    if not lines or len(lines[-1]) == COLUMNS:
        lines.append(b"")  # the last line of a body is always shorter than a full line
    return b"".join(line + b"\n" for line in lines)


class AgeWriter:
    """A write-only file object: plaintext in, an age file out to `sink`. close() writes the last
    chunk; without close() the file is incomplete and no reader accepts it."""

    def __init__(self, sink: BinaryIO, recipients: Iterable[str], random_bytes: Callable[[int], bytes] = os.urandom):
        keys = [parse_recipient(recipient) for recipient in recipients]
        if not keys:
            raise AgeFormatError("age_bad_recipient", "no recipient")
        file_key = random_bytes(FILE_KEY_SIZE)
        header = VERSION_LINE + b"\n" + b"".join(_x25519_stanza(key, file_key) for key in keys) + b"---"
        mac = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
        nonce = random_bytes(PAYLOAD_NONCE_SIZE)
        self._sink = sink
        self._cipher = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
        self._pending = bytearray()
        self._counter = 0
        self._closed = False
        sink.write(header + b" " + _b64(mac) + b"\n" + nonce)

    def write(self, data: bytes) -> int:
        if self._closed:
            raise ValueError("write to a closed age stream")
        self._pending += data
        # One byte is always kept back: only close() knows which chunk is the last.
        while len(self._pending) > CHUNK_SIZE:
            self._emit(bytes(self._pending[:CHUNK_SIZE]), last=False)
            del self._pending[:CHUNK_SIZE]
        return len(data)

    def close(self) -> None:
        if not self._closed:
            self._emit(bytes(self._pending), last=True)
            self._pending.clear()
            self._closed = True

    def _emit(self, chunk: bytes, last: bool) -> None:
        self._sink.write(self._cipher.encrypt(_stream_nonce(self._counter, last), chunk, None))
        self._counter += 1


# --- reading ------------------------------------------------------------------------------------

def _header_line(source: BinaryIO, header: bytearray) -> bytes:
    line = source.readline(_MAX_HEADER_LINE)
    if not line.endswith(b"\n"):
        raise AgeFormatError("age_header_malformed", "header line too long or file ends in the header")
    header += line
    return line[:-1]


def _read_header(source: BinaryIO) -> tuple[list[tuple[list[bytes], bytes]], bytes, bytes]:
    """(stanzas as (arguments, body)), the header bytes covered by the MAC, the MAC."""
    header = bytearray()
    if _header_line(source, header) != VERSION_LINE:
        raise AgeFormatError("age_header_malformed", "not an age v1 file")
    stanzas = []
    line = _header_line(source, header)
    while line.startswith(b"-> "):
        if len(stanzas) == _MAX_STANZAS:
            raise AgeFormatError("age_header_malformed", "too many stanzas")
        arguments = line[3:].split(b" ")
        if not all(arguments):
            raise AgeFormatError("age_header_malformed", "empty stanza argument")
        body = bytearray()
        while True:
            body_line = _header_line(source, header)
            if len(body_line) > COLUMNS:
                raise AgeFormatError("age_header_malformed", "stanza body line too long")
            body += body_line
            if len(body_line) < COLUMNS:
                break
        stanzas.append((arguments, _unb64(bytes(body))))
        line = _header_line(source, header)
    if not line.startswith(b"--- "):
        raise AgeFormatError("age_header_malformed", "no header MAC line")
    covered = bytes(header[:len(header) - len(line) - 1]) + b"---"
    return stanzas, covered, _unb64(line[4:])


def _unwrap(stanzas, identities: list[X25519PrivateKey]) -> bytes:
    for arguments, body in stanzas:
        if arguments[0] != b"X25519":
            continue  # another recipient type (or grease) meant for someone else
        if len(arguments) != 2 or len(body) != FILE_KEY_SIZE + TAG_SIZE:
            raise AgeFormatError("age_header_malformed", "X25519 stanza")
        share = _unb64(arguments[1])
        if len(share) != 32:
            raise AgeFormatError("age_header_malformed", "X25519 share")
        for identity in identities:
            try:
                shared = identity.exchange(X25519PublicKey.from_public_bytes(share))
            except ValueError:
                raise AgeFormatError("age_header_malformed", "low-order X25519 share") from None
            wrap_key = _hkdf(shared, share + identity.public_key().public_bytes_raw(), X25519_LABEL)
            try:
                return ChaCha20Poly1305(wrap_key).decrypt(bytes(12), body, None)
            except InvalidTag:
                continue
    raise AgeFormatError("age_no_matching_identity")


def _read_exactly(source: BinaryIO, size: int) -> bytes:
    pieces, remaining = [], size
    while remaining > 0:
        piece = source.read(remaining)
        if not piece:
            break
        pieces.append(piece)
        remaining -= len(piece)
    return b"".join(pieces)


def decrypt_stream(source: BinaryIO, identities: list[X25519PrivateKey]) -> Iterator[bytes]:
    """Authenticated plaintext chunks. The end of the file is proven only by the last chunk:
    a consumer must treat everything it got as void if AgeFormatError is raised part-way."""
    stanzas, covered, mac = _read_header(source)
    file_key = _unwrap(stanzas, identities)
    expected = hmac.new(_hkdf(file_key, b"", b"header"), covered, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, mac):
        raise AgeFormatError("age_header_mac_mismatch")
    nonce = _read_exactly(source, PAYLOAD_NONCE_SIZE)
    if len(nonce) != PAYLOAD_NONCE_SIZE:
        raise AgeFormatError("age_payload_truncated", "no payload nonce")
    cipher = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    sealed = CHUNK_SIZE + TAG_SIZE
    current = _read_exactly(source, sealed)
    counter = 0
    while True:
        following = _read_exactly(source, sealed) if len(current) == sealed else b""
        last = not following
        if len(current) < TAG_SIZE or (last and counter > 0 and len(current) == TAG_SIZE):
            raise AgeFormatError("age_payload_truncated", f"chunk {counter}")
        try:
            chunk = cipher.decrypt(_stream_nonce(counter, last), current, None)
        except InvalidTag:
            # A cut at a chunk boundary leaves a full chunk that was not sealed as the last one.
            reason = "age_payload_truncated" if last and len(current) == sealed else "age_payload_tampered"
            raise AgeFormatError(reason, f"chunk {counter}") from None
        yield chunk
        if last:
            return
        current, counter = following, counter + 1


# --- random access to a verified file ----------------------------------------------------------

class PayloadAccess:
    """The STREAM key of one age file and where its payload starts: enough to decrypt any chunk on
    its own (chunk k lies at `start + k × (CHUNK_SIZE + TAG_SIZE)`), which the agency server needs
    to serve one member of a stored bundle without decrypting everything before it. Each chunk is
    still authenticated, with its counter and last-chunk flag, so a chunk moved, altered or taken
    from another file fails."""

    def __init__(self, key: bytes, start: int):
        self.key, self.start = key, start
        self._cipher = ChaCha20Poly1305(key)

    def chunk_count(self, file_size: int) -> int:
        payload = file_size - self.start
        if payload < TAG_SIZE:
            raise AgeFormatError("age_payload_truncated", "no payload")
        return -(-payload // (CHUNK_SIZE + TAG_SIZE))

    def decrypt_chunk(self, counter: int, last: bool, sealed: bytes) -> bytes:
        try:
            return self._cipher.decrypt(_stream_nonce(counter, last), sealed, None)
        except InvalidTag:
            raise AgeFormatError("age_payload_tampered", f"chunk {counter}") from None


def open_payload(source: BinaryIO, identities: list[X25519PrivateKey]) -> PayloadAccess:
    """Read the header at the start of `source` (a file object positioned at 0), unwrap the file
    key, check the header MAC and derive the payload key (the same steps as decrypt_stream)."""
    stanzas, covered, mac = _read_header(source)
    file_key = _unwrap(stanzas, identities)
    expected = hmac.new(_hkdf(file_key, b"", b"header"), covered, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, mac):
        raise AgeFormatError("age_header_mac_mismatch")
    nonce = _read_exactly(source, PAYLOAD_NONCE_SIZE)
    if len(nonce) != PAYLOAD_NONCE_SIZE:
        raise AgeFormatError("age_payload_truncated", "no payload nonce")
    # The MAC line is "--- " + unpadded base64 of 32 bytes + "\n" after the covered "---".
    start = len(covered) + 1 + len(_b64(mac)) + 1 + PAYLOAD_NONCE_SIZE
    return PayloadAccess(_hkdf(file_key, nonce, b"payload"), start)
