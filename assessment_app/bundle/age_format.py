# SPDX-License-Identifier: GPL-3.0-or-later
"""The age v1 file format (https://age-encryption.org/v1), X25519 recipients only, streaming.

Written here with `cryptography` rather than taken from a binding: the bundle needs a streaming
writer and reader with constant memory, and the format is small and fully specified. Tests
prove interoperability against the reference `age` command line tool in both directions.

    header   "age-encryption.org/v1\n", one "-> X25519 <share>\n<body>\n" stanza per recipient,
             "--- <HMAC-SHA256 of the header up to and including '---'>\n"
    payload  16-byte nonce, then STREAM: ChaCha20-Poly1305 over 64 KiB chunks, nonce =
             11-byte big-endian chunk counter || 0x01 on the last chunk else 0x00

Speed: the payload is read and decrypted many chunks at a time (`decrypt_blocks`: one read of
~1 MiB, then `decrypt_into` each chunk's slice of a reused output buffer), and the writer seals
chunks straight from the caller's buffer; per-chunk Python work is a few calls, not copies.
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

def _x25519_stanza(recipient: X25519PublicKey, file_key: bytes, random_bytes: Callable[[int], bytes]) -> bytes:
    # 32 random bytes as the ephemeral secret, as age itself draws it: one source of randomness
    # for the whole file, so a test vector can fix it (tests/vectors/bundle/).
    ephemeral = X25519PrivateKey.from_private_bytes(random_bytes(32))
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
    chunk; without close() the file is incomplete and no reader accepts it. `random_bytes` is
    drawn in age's order: the file key (16), one ephemeral secret per recipient (32 each), the
    payload nonce (16)."""

    def __init__(self, sink: BinaryIO, recipients: Iterable[str], random_bytes: Callable[[int], bytes] = os.urandom):
        keys = [parse_recipient(recipient) for recipient in recipients]
        if not keys:
            raise AgeFormatError("age_bad_recipient", "no recipient")
        file_key = random_bytes(FILE_KEY_SIZE)
        header = VERSION_LINE + b"\n" + b"".join(_x25519_stanza(key, file_key, random_bytes) for key in keys) + b"---"
        mac = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
        nonce = random_bytes(PAYLOAD_NONCE_SIZE)
        self._sink = sink
        self._cipher = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
        self._pending = bytearray()
        self._counter = 0
        self._closed = False
        sink.write(header + b" " + _b64(mac) + b"\n" + nonce)

    def write(self, data) -> int:
        if self._closed:
            raise ValueError("write to a closed age stream")
        view = memoryview(data).cast("B")
        total = len(view)
        # One byte is always kept back: only close() knows which chunk is the last.
        if self._pending:
            room = CHUNK_SIZE - len(self._pending)
            self._pending += view[:room]
            view = view[room:]
            if not view:
                return total
            self._emit(self._pending, last=False)
            self._pending = bytearray()
        while len(view) > CHUNK_SIZE:
            self._emit(view[:CHUNK_SIZE], last=False)
            view = view[CHUNK_SIZE:]
        self._pending += view
        return total

    def close(self) -> None:
        if not self._closed:
            self._emit(self._pending, last=True)
            self._pending = bytearray()
            self._closed = True

    def _emit(self, chunk, last: bool) -> None:
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


BLOCK_CHUNKS = 16  # chunks decrypted per read: 1 MiB of plaintext per block


def decrypt_stream(source: BinaryIO, identities: list[X25519PrivateKey]) -> Iterator[bytes]:
    """Authenticated plaintext, as bytes. The end of the file is proven only by the last chunk:
    a consumer must treat everything it got as void if AgeFormatError is raised part-way."""
    for block in decrypt_blocks(source, identities):
        yield bytes(block)


def decrypt_blocks(source: BinaryIO, identities: list[X25519PrivateKey], *,
                   block_chunks: int = BLOCK_CHUNKS) -> Iterator[memoryview]:
    """Authenticated plaintext in blocks of up to `block_chunks` chunks. Each block is a view of
    a buffer that the next block overwrites: use or copy it before asking for the next. As with
    decrypt_stream, only the end of the iteration proves the file whole. `source` needs
    `readline` (header) and `readinto` (payload)."""
    cipher = ChaCha20Poly1305(open_payload(source, identities).key)
    sealed = CHUNK_SIZE + TAG_SIZE
    # One sealed chunk more than a block: a chunk is known not to be the last when bytes follow it.
    ciphertext = memoryview(bytearray((block_chunks + 1) * sealed))
    plaintext = memoryview(bytearray(block_chunks * CHUNK_SIZE))
    filled, counter = _fill(source, ciphertext, 0), 0
    while True:
        at_end = filled < len(ciphertext)
        if at_end:
            count = max(1, -(-filled // sealed))  # the last (possibly short or empty) chunk included
        else:
            count = block_chunks
        produced = 0
        for index in range(count):
            chunk = ciphertext[index * sealed:min((index + 1) * sealed, filled)]
            last = at_end and index == count - 1
            if len(chunk) < TAG_SIZE or (last and counter > 0 and len(chunk) == TAG_SIZE):
                raise AgeFormatError("age_payload_truncated", f"chunk {counter}")
            size = len(chunk) - TAG_SIZE
            try:
                cipher.decrypt_into(_stream_nonce(counter, last), chunk, None, plaintext[produced:produced + size])
            except InvalidTag:
                # A cut at a chunk boundary leaves a full chunk that was not sealed as the last one.
                reason = "age_payload_truncated" if last and len(chunk) == sealed else "age_payload_tampered"
                raise AgeFormatError(reason, f"chunk {counter}") from None
            produced += size
            counter += 1
        yield plaintext[:produced]
        if at_end:
            return
        consumed = count * sealed
        left = filled - consumed  # at most one sealed chunk: it never overlaps what it is moved over
        ciphertext[:left] = ciphertext[consumed:filled]
        filled = _fill(source, ciphertext, left)


def _fill(source: BinaryIO, buffer: memoryview, start: int) -> int:
    """Read into buffer[start:] until it is full or the source ends; returns the bytes held."""
    filled = start
    while filled < len(buffer):
        count = source.readinto(buffer[filled:])
        if not count:
            break
        filled += count
    return filled


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
    key, check the header MAC and derive the payload key; `source` is left at the first chunk."""
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
