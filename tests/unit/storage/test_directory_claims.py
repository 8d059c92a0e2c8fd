# SPDX-License-Identifier: GPL-3.0-or-later
"""A data directory knows whether another process has it open: the start-up sweep depends on it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from assessment_app.storage.directory_claims import IN_USE_DIR, DirectoryClaim
from tests.conftest import REPO_ROOT


def test_a_live_claim_of_another_process_is_seen_and_a_dead_ones_is_cleared(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from assessment_app.storage.directory_claims import DirectoryClaim
        claim = DirectoryClaim({str(tmp_path)!r})
        print("ready", flush=True)
        sys.stdin.readline()
    """)], cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        mine = DirectoryClaim(tmp_path)
        assert mine.others_alive()
    finally:
        holder.kill()  # a crash: its lock file stays, its lock goes with the process
        holder.wait()
    assert len(list((tmp_path / IN_USE_DIR).glob("*.lock"))) == 2
    assert not mine.others_alive()
    assert list((tmp_path / IN_USE_DIR).glob("*.lock")) == [mine.path]
    mine.release()
    assert not mine.path.exists()


def test_records_opened_while_another_process_records_do_not_sweep(tmp_path, monkeypatch, memory_keyring):
    from assessment_app.services import case_records

    swept = []
    monkeypatch.setattr("assessment_app.recording.sweep.sweep_recordings", lambda root: swept.append(root))
    first = case_records.initialise_case_records(tmp_path / "data", None, memory_keyring)
    assert len(swept) == 1
    second = case_records.open_case_records(tmp_path / "data", keyring_backend=memory_keyring)
    assert len(swept) == 1  # the first is still open: its segment being sealed must not be swept
    second.close()
    first.close()
    third = case_records.open_case_records(tmp_path / "data", keyring_backend=memory_keyring)
    assert len(swept) == 2
    third.close()


def test_an_interrupted_imports_scratch_goes_at_the_next_start_unless_the_directory_is_in_use(tmp_path,
                                                                                              memory_keyring):
    from assessment_app.services import case_records
    from assessment_app.services.import_leftovers import PARTIAL_PREFIX, SCRATCH_PREFIX

    first = case_records.initialise_case_records(tmp_path / "data", None, memory_keyring)
    scratch = first.layout.root / f"{SCRATCH_PREFIX}0123abcd"
    partial = first.layout.recordings / f"{PARTIAL_PREFIX}0123abcd"
    for leftover in (scratch, partial):  # what a kill -9 during an import leaves (ciphertext)
        leftover.mkdir(parents=True)
        (leftover / "member-1.enc").write_bytes(b"\x01" * 64)
    second = case_records.open_case_records(tmp_path / "data", keyring_backend=memory_keyring)
    assert scratch.exists() and partial.exists()  # the first process may be the one importing
    second.close()
    first.close()
    third = case_records.open_case_records(tmp_path / "data", keyring_backend=memory_keyring)
    assert not scratch.exists() and not partial.exists()
    third.close()
