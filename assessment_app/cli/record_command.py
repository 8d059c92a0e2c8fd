# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess record (--synthetic | --camera N) --seconds N --out DIR [--plain | --key-file FILE]`.

Records a chain of sealed segments into DIR (the visit directory; DIR's name is the visit id).
When DIR already holds a recording, the new chain is linked to it with a gap entry, as after a
crash. Segments are encrypted with a 32-byte key read from --key-file (64 hex digits), which is
created when absent (default: DIR.key next to DIR, never inside it); --plain keeps plain .mp4
segments so ffprobe can inspect them. SIGINT or SIGTERM stop cleanly at the next frame.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import threading
from pathlib import Path

from forms.canonical import canonical_json_bytes

from assessment_app.cli.output import EXIT_OK, EXIT_USAGE, fail, write_line
from assessment_app.recording.errors import RecordingError
from assessment_app.recording.session import FINAL_STATES, RecordingSession
from assessment_app.recording.settings import RecordingSettings
from assessment_app.recording.sources import OpenCvCameraSource, SyntheticAudioSource, SyntheticVideoSource
from assessment_app.recording.watermark import WatermarkText

KEY_BYTES = 32


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("record", help="record video into a chain of sealed segments")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--synthetic", action="store_true", help="a moving test card and a tone instead of a camera")
    source.add_argument("--camera", type=int, metavar="INDEX", help="record from this camera (OpenCV device index)")
    parser.add_argument("--seconds", type=float, required=True, help="how long to record")
    parser.add_argument("--out", required=True, metavar="DIR", help="the visit's recording directory")
    protection = parser.add_mutually_exclusive_group()
    protection.add_argument("--plain", action="store_true", help="leave segments unencrypted (.mp4), for inspection")
    protection.add_argument("--key-file", metavar="FILE", help="the 32-byte key, 64 hex digits (created if absent)")
    defaults = RecordingSettings()
    parser.add_argument("--width", type=int, default=defaults.width)
    parser.add_argument("--height", type=int, default=defaults.height)
    parser.add_argument("--fps", type=int, default=defaults.fps)
    parser.add_argument("--segment-seconds", type=float, default=defaults.segment_ms / 1000)
    parser.add_argument("--no-audio", action="store_true", help="record without sound")
    parser.add_argument("--disk-margin-mb", type=int, default=defaults.disk_margin_bytes // (1024 * 1024),
                        help="stop when less than this is free")
    parser.add_argument("--watermark", nargs=2, metavar=("AGENCY", "CASE_NUMBER"),
                        help="burn agency, case number and date-time into the picture")
    parser.set_defaults(run=run_record)


def load_or_create_key(path: Path) -> tuple[bytes, bool]:
    """The key in the file, or a new random one written there (mode 0600); True when created."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        key = secrets.token_bytes(KEY_BYTES)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as stream:
            stream.write(key.hex() + "\n")
        return key, True
    except (OSError, UnicodeDecodeError):
        raise RecordingError("key_file_invalid", str(path)) from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise RecordingError("key_file_invalid", str(path)) from None
    if len(key) != KEY_BYTES:
        raise RecordingError("key_file_invalid", str(path))
    return key, False


def read_key_file(path: Path) -> bytes:
    if not path.exists():
        raise RecordingError("key_file_invalid", str(path))
    return load_or_create_key(path)[0]


def run_record(args: argparse.Namespace, language: str) -> int:
    if args.seconds <= 0 or args.fps <= 0 or args.width < 16 or args.height < 16 or args.segment_seconds <= 0:
        return fail("--seconds、--fps、--segment-seconds 须为正数，宽高至少 16。" if language != "en"
                    else "--seconds, --fps and --segment-seconds must be positive; width and height at least 16.",
                    EXIT_USAGE)
    out = Path(args.out).absolute()
    settings = RecordingSettings(width=args.width - args.width % 2, height=args.height - args.height % 2,
                                 fps=args.fps, segment_ms=round(args.segment_seconds * 1000), audio=not args.no_audio,
                                 disk_margin_bytes=args.disk_margin_mb * 1024 * 1024)
    out.parent.mkdir(parents=True, exist_ok=True)
    key, key_file, created = None, None, False
    if not args.plain:
        key_file = Path(args.key_file) if args.key_file else out.with_name(out.name + ".key")
        key, created = load_or_create_key(key_file)
    if args.synthetic:
        video = SyntheticVideoSource(settings.width, settings.height, settings.fps)
    else:
        video = OpenCvCameraSource(args.camera, settings.width, settings.height, settings.fps)
    audio = SyntheticAudioSource(settings.audio_sample_rate) if args.synthetic and settings.audio else None
    watermark = WatermarkText(*args.watermark) if args.watermark else None
    session = RecordingSession(out.parent, out.name, video, audio_source=audio, settings=settings, data_key=key,
                               plain=args.plain, watermark=watermark)
    finished = threading.Event()
    previous_handlers = {sig: signal.signal(sig, lambda *_: finished.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        session.start()
        deadline_checks = max(1, round(args.seconds / 0.1))
        for _ in range(deadline_checks):
            if finished.wait(0.1) or session.status().state in FINAL_STATES:
                break
        status = session.stop()
    finally:
        for sig, handler in previous_handlers.items():
            signal.signal(sig, handler)
    write_line(canonical_json_bytes({
        "directory": str(out), "chain_index": status.chain_index, "state": status.state,
        "segments": status.segments_sealed, "frames": status.frames, "dropped_frames": status.dropped_frames,
        "recorded_ms": status.recorded_ms, "bytes": status.bytes_sealed, "audio": status.audio,
        "encrypted": key is not None, "key_file": str(key_file) if key_file else None, "key_file_created": created,
        "last_warning": status.last_warning,
    }))
    return EXIT_OK
