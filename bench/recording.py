# SPDX-License-Identifier: GPL-3.0-or-later
"""Recording cost: realtime 720p30 with audio through RecordingSession, next to the ffmpeg CLI.

Goal (issue 6): keep real time on a 2-core laptop while the UI is in use, dropping (and
counting) frames rather than falling behind.

1. Realtime: the paced synthetic camera and tone through the whole session (watermark,
   queue, libx264 + AAC per 2 s segment, SHA-256, AES-GCM, fsync) for --seconds.
   Figures: frames, dropped frames, process CPU (% of one core and of the machine), MB/hour.
2. Throughput, same frames, unpaced: our segment encoder (video only, muxing in memory and
   writing each fragment as an encrypted, fsynced record of the part file, as a recording does)
   against the `ffmpeg` command line reading raw BGR frames on stdin with the same libx264
   settings, in the same run. Both include generating the frames in this process (measured
   separately below), so the ratio compares encoder + container paths, not frame drawing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import record  # noqa: E402

from assessment_app.recording.encoder import SegmentEncoder  # noqa: E402
from assessment_app.recording.in_progress import InProgressSegment  # noqa: E402
from assessment_app.recording.session import RecordingSession  # noqa: E402
from assessment_app.recording.settings import RecordingSettings  # noqa: E402
from assessment_app.recording.sources import SyntheticAudioSource, SyntheticVideoSource  # noqa: E402
from assessment_app.recording.watermark import WatermarkText  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def realtime_session(settings: RecordingSettings, seconds: float, directory: Path) -> dict:
    session = RecordingSession(directory, "bench-visit", SyntheticVideoSource(settings.width, settings.height, settings.fps),
                               audio_source=SyntheticAudioSource(settings.audio_sample_rate), settings=settings,
                               data_key=os.urandom(32), watermark=WatermarkText("邹城市医疗保障局", "LTC-2026-000123"))
    cpu_before, wall_before = time.process_time(), time.perf_counter()
    session.start()
    time.sleep(seconds)
    status = session.stop()
    wall, cpu = time.perf_counter() - wall_before, time.process_time() - cpu_before
    return {"wall": wall, "cpu": cpu, "frames": status.frames, "dropped": status.dropped_frames,
            "segments": status.segments_sealed, "bytes": status.bytes_sealed, "recorded_s": status.recorded_ms / 1000}


def frame_generation_seconds(settings: RecordingSettings, count: int) -> float:
    source = SyntheticVideoSource(settings.width, settings.height, settings.fps, paced=False)
    start = time.perf_counter()
    for index in range(count):
        source.frame(index)
    return time.perf_counter() - start


def our_encoder(settings: RecordingSettings, count: int, directory: Path) -> dict:
    source = SyntheticVideoSource(settings.width, settings.height, settings.fps, paced=False)
    per_segment = settings.fps * settings.segment_ms // 1000
    key, chain_id = os.urandom(32), os.urandom(16).hex()
    cpu_before, wall_before = time.process_time(), time.perf_counter()
    encoder, part, total_bytes = None, None, 0
    for index in range(count):
        if index % per_segment == 0:
            if encoder is not None:
                encoder.close()
                total_bytes += len(part.finish())
                part.discard()
            part = InProgressSegment(directory, chain_id, index // per_segment, key)
            encoder = SegmentEncoder(part, settings, with_audio=False)
        encoder.add_video(source.frame(index), index / settings.fps)
    encoder.close()
    total_bytes += len(part.finish())
    part.discard()
    wall, cpu = time.perf_counter() - wall_before, time.process_time() - cpu_before
    return {"wall": wall, "cpu": cpu, "fps": count / wall, "bytes": total_bytes}


def ffmpeg_cli(settings: RecordingSettings, count: int, directory: Path) -> dict:
    keyint = settings.fps * 2
    command = ["ffmpeg", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24",
               "-s", f"{settings.width}x{settings.height}", "-r", str(settings.fps), "-i", "-",
               "-c:v", "libx264", "-preset", settings.preset, "-crf", str(settings.crf), "-tune", "zerolatency",
               "-x264-params", f"keyint={keyint}:min-keyint={keyint}:scenecut=0", "-pix_fmt", "yuv420p",
               str(directory / "ffmpeg.mp4")]
    source = SyntheticVideoSource(settings.width, settings.height, settings.fps, paced=False)
    children_before, cpu_before, wall_before = children_cpu(), time.process_time(), time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.PIPE)
    for index in range(count):
        process.stdin.write(source.frame(index).tobytes())
    process.stdin.close()
    process.wait()
    wall = time.perf_counter() - wall_before
    return {"wall": wall, "cpu": children_cpu() - children_before, "feeder_cpu": time.process_time() - cpu_before,
            "fps": count / wall, "bytes": (directory / "ffmpeg.mp4").stat().st_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--fps", type=int, default=30)
    args = parser.parse_args()
    settings = RecordingSettings(width=args.width, height=args.height, fps=args.fps, disk_margin_bytes=0)
    cores = os.cpu_count() or 1
    count = int(args.seconds * settings.fps)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        live = realtime_session(settings, args.seconds, tmp / "live")
        (tmp / "ours").mkdir()
        (tmp / "ffmpeg").mkdir()
        ours = our_encoder(settings, count, tmp / "ours")
        theirs = ffmpeg_cli(settings, count, tmp / "ffmpeg") if shutil.which("ffmpeg") else None
    drawing = frame_generation_seconds(settings, min(count, 300)) * count / min(count, 300)

    mb_per_hour = live["bytes"] / max(live["recorded_s"], 1e-9) * 3600 / 1e6
    print(f"recording {settings.width}x{settings.height}@{settings.fps} + AAC, {args.seconds:.0f} s, {cores} cores, "
          f"libx264 preset={settings.preset} crf={settings.crf} tune=zerolatency, {settings.segment_ms} ms segments")
    print(f"{'figure':<52} {'value':>12}")
    print(f"{'realtime session: frames encoded':<52} {live['frames']:>12,}")
    print(f"{'realtime session: frames dropped':<52} {live['dropped']:>12,}  "
          f"({live['dropped'] / max(1, live['frames'] + live['dropped']):.2%})")
    print(f"{'realtime session: encoded fps (goal = capture rate)':<52} {live['frames'] / live['wall']:>12.1f}")
    print(f"{'realtime session: process CPU, % of one core':<52} {live['cpu'] / live['wall'] * 100:>12.1f}")
    print(f"{'realtime session: process CPU, % of the machine':<52} {live['cpu'] / live['wall'] * 100 / cores:>12.1f}")
    print(f"{'realtime session: sealed segments':<52} {live['segments']:>12,}")
    print(f"{'realtime session: MB per hour (encrypted, with audio)':<52} {mb_per_hour:>12.0f}")
    print(f"{'drawing the synthetic frames alone: fps':<52} {count / drawing:>12.1f}")
    print(f"{'unpaced, our segment encoder (PyAV): fps':<52} {ours['fps']:>12.1f}  cpu {ours['cpu']:.1f} s")
    if theirs is None:
        print("ffmpeg CLI not found: no baseline")
        return
    print(f"{'unpaced, ffmpeg CLI, same frames and settings: fps':<52} {theirs['fps']:>12.1f}  "
          f"cpu {theirs['cpu']:.1f} s + feeder {theirs['feeder_cpu']:.1f} s")
    print(f"{'ratio ours / ffmpeg CLI (fps)':<52} {ours['fps'] / theirs['fps']:>12.2f}")
    print(f"{'ratio ours / ffmpeg CLI (output bytes)':<52} {ours['bytes'] / theirs['bytes']:>12.2f}")
    label = f"{settings.width}x{settings.height}@{settings.fps}"
    record("recording", f"H.264 encoder throughput, {label}", ours["fps"], "fps",
           baseline="ffmpeg CLI, same frames and settings", baseline_value=theirs["fps"])
    record("recording", f"realtime session, {label} + AAC: dropped frames", live["dropped"], "frames",
           higher_is_better=False)
    record("recording", "realtime session: storage per hour (encrypted)", mb_per_hour, "MB/h",
           higher_is_better=False)
    record("recording", "realtime session: CPU, % of the machine", live["cpu"] / live["wall"] * 100 / cores, "%",
           higher_is_better=False)
    realtime_ok = live["dropped"] <= 0.01 * (live["frames"] + live["dropped"])
    print("goal met: realtime with under 1% dropped frames" if realtime_ok else "GOAL NOT MET: over 1% of frames dropped")


if __name__ == "__main__":
    main()
