# SPDX-License-Identifier: GPL-3.0-or-later
"""A real bundle from a laptop to a verified registration: upload over mutual TLS (tus), a worker
runs the twelve checks with the agency's key, and the laptop reads the status back."""

from __future__ import annotations

from tests.agency.harness import ServerThread, client_for


def test_an_uploaded_bundle_is_verified_and_the_laptop_sees_it(agency, demo_bundle):
    workstation = agency.workstation()
    with ServerThread(agency.config) as server:
        client = client_for(server.url, agency.ca_pem, workstation, chunk_size=100_000)
        seen = []
        status = client.upload_bundle(demo_bundle.directory, progress=lambda done, total: seen.append((done, total)))
        assert status["status"] == "uploaded"
        assert status["received_bytes"] == status["total_bytes"] == seen[-1][0]
        worker = agency.worker("w1", lease_seconds=5)
        assert worker.run_one() == "verified"
        status = client.bundle_status(status["bundle"])
        assert status["status"] == "verified"
        assert (status["bundle_id"], status["visit_id"], status["case_id"]) == (
            demo_bundle.bundle_uuid, demo_bundle.visit_id, demo_bundle.case_id)
        case = client.case_status(demo_bundle.case_id)
        assert [bundle["status"] for bundle in case["bundles"]] == ["verified"]
        client.close()


def test_the_piecewise_client_with_checksums_gets_the_same_bundle_in(agency, demo_bundle, tmp_path):
    from tests.agency.bundles import recut

    bundle = recut(demo_bundle.directory, tmp_path / "again", 150_000)
    workstation = agency.workstation()
    with ServerThread(agency.config) as server:
        client = client_for(server.url, agency.ca_pem, workstation, chunk_size=40_000, checksums=True)
        status = client.upload_bundle(bundle)
        client.close()
    assert status["status"] == "uploaded" and status["received_bytes"] == status["total_bytes"]
    assert agency.worker("w").run_one() == "verified"
