# SPDX-License-Identifier: GPL-3.0-or-later
"""Decisions on the server: signed on the reviewer's workstation, stored only when the signature,
the signer's role and revocation, the record and the claim are right; pulled back by the laptop
that uploaded the record and applied there (a 复核 opens the new case)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from assessment_app.agency.database import transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.review_client import ReviewClient, ReviewRefused
from assessment_app.agency.review_decisions import receive_decision
from assessment_app.agency.reviewer_sessions import Reviewer
from assessment_app.agency.uploads import now_utc
from assessment_app.services.bundle_export import export_visit
from assessment_app.services.decision_pull import pull_decisions
from assessment_app.services.experts import list_experts
from assessment_app.services.review_decision import sign_decision
from assessment_app.services.signing_identities import unlock_signing_key
from assessment_app.storage.models import Case
from assessment_app.storage.unit_of_work import unit_of_work

from tests.agency.conftest import PART_SIZE
from tests.agency.desk import ASSESSOR, REVOKED, build_people, record_row, signed_decision, trust, verified_record
from tests.agency.harness import ServerThread
from tests.unit.bundle.conftest import EXPORTED_AT, demo_sign_in, make_laptop


@pytest.fixture(scope="module")
def people():
    return build_people()


def _desk(server, agency, workstation) -> ReviewClient:
    return ReviewClient(server.url, ca_pem=agency.ca_pem, certificate=workstation.certificate, key=workstation.key)


def _facts(agency, visit_id: str) -> dict:
    row = record_row(agency, visit_id)
    return {"case_id": row.case_id, "visit_id": visit_id, "record_sha256": row.record_sha256}


def test_the_claiming_reviewer_decides_and_others_are_refused(agency, demo_bundle, people):
    trust(agency, people)
    visit_id = verified_record(agency, demo_bundle.directory)
    with ServerThread(agency.config) as server:
        first, second = (_desk(server, agency, agency.workstation(name)) for name in ("审核一", "审核二"))
        first.sign_in(people.keys["DEMO-R-001"], people.certificates["DEMO-R-001"])
        second.sign_in(people.keys["DEMO-R-002"], people.certificates["DEMO-R-002"])
        # Nobody holds a claim yet: deciding needs one.
        _, pdf = signed_decision(people, "DEMO-R-002", **_facts(agency, visit_id))
        with pytest.raises(ReviewRefused) as refused:
            second.decide(visit_id, pdf)
        assert (refused.value.status, refused.value.reason) == (409, "claim_not_held")
        assert first.claim_next()["visit_id"] == visit_id
        with pytest.raises(ReviewRefused) as refused:
            second.claim(visit_id)
        assert refused.value.reason == "claimed_by_other"
        with pytest.raises(ReviewRefused) as refused:
            second.decide(visit_id, pdf)  # a decision for a record another reviewer holds
        assert (refused.value.status, refused.value.reason) == (409, "claimed_by_other")
        _, mine = signed_decision(people, "DEMO-R-001", **_facts(agency, visit_id), decision="returned",
                                  reason="录像中第 7 项未见演示")
        stored = first.decide(visit_id, mine)
        assert (stored["decision"], stored["reviewer_number"]) == ("returned", "DEMO-R-001")
        with pytest.raises(ReviewRefused) as refused:
            first.decide(visit_id, signed_decision(people, "DEMO-R-001", **_facts(agency, visit_id))[1])
        assert refused.value.reason == "record_not_pending"
        view = first.record(visit_id)
        assert (view["review_status"], view["claim"], view["decisions"][0]["reason"]) == (
            "returned", None, "录像中第 7 项未见演示")
        assert first.queue()["rows"][0]["review_status"] == "returned"
        for client in (first, second):
            client.close()
    with transaction(agency.engine) as session:
        ended = session.execute(text("SELECT ended_how FROM review_claims")).scalars().all()
        events = session.execute(text("SELECT action FROM audit_events WHERE action = 'review_decision_stored'")).all()
        object_key = session.execute(text("SELECT object_key FROM review_decisions")).scalar_one()
    assert ended == ["decided"] and len(events) == 1
    sealed = (agency.store.root / object_key).read_bytes()
    assert not sealed.startswith(b"%PDF") and "测试审核员".encode() not in sealed and b"DEMO-R-001" not in sealed


def test_a_decision_signed_by_an_assessor_or_a_revoked_reviewer_is_refused(agency, demo_bundle, people):
    trust(agency, people)
    visit_id = verified_record(agency, demo_bundle.directory)
    station = agency.workstation("审核一").id
    with transaction(agency.engine) as session:
        session.execute(text("UPDATE review_records SET claimed_by = :r, claimed_at = now(), "
                             "claim_expires_at = now() + interval '1 hour'"), {"r": "DEMO-R-001"})
    facts = _facts(agency, visit_id)

    def refused(signer: str, as_who: str, **changes) -> AgencyError:
        _, pdf = signed_decision(people, signer, **{**facts, **changes})
        with pytest.raises(AgencyError) as caught:
            receive_decision(agency.engine, agency.store, agency.records_key, changes.pop("pdf", pdf),
                             visit_id=visit_id, reviewer=Reviewer(as_who, "", "reviewer", station), now=now_utc())
        return caught.value

    # An assessor's key: not the reviewer signed in, and not a reviewer even if they were.
    assert refused(ASSESSOR, "DEMO-R-001").reason == "decision_not_yours"
    assert refused(ASSESSOR, ASSESSOR).reason == "signer_not_a_reviewer"
    revoked = refused(REVOKED, REVOKED)
    assert (revoked.reason, revoked.detail) == ("decision_signature_invalid", "revoked")
    assert refused("DEMO-R-001", "DEMO-R-001", record_sha256="0" * 64).reason == "decision_record_mismatch"
    assert refused("DEMO-R-001", "DEMO-R-001", case_id="another-case").reason == "decision_record_mismatch"
    # A file that names another reviewer than its signer.
    _, pdf = signed_decision(people, "DEMO-R-001", **facts, named="DEMO-R-002")
    with pytest.raises(AgencyError) as caught:
        receive_decision(agency.engine, agency.store, agency.records_key, pdf, visit_id=visit_id,
                         reviewer=Reviewer("DEMO-R-002", "", "reviewer", station), now=now_utc())
    assert caught.value.reason == "decision_signature_invalid"
    # A byte changed after signing, or no PDF at all.
    _, pdf = signed_decision(people, "DEMO-R-001", **facts)
    flipped = bytearray(pdf)
    flipped[len(pdf) // 3] ^= 0x01
    for damaged in (bytes(flipped), pdf[:-200], b"not a pdf"):
        with pytest.raises(AgencyError) as caught:
            receive_decision(agency.engine, agency.store, agency.records_key, damaged, visit_id=visit_id,
                             reviewer=Reviewer("DEMO-R-001", "", "reviewer", station), now=now_utc())
        assert caught.value.reason in ("decision_signature_invalid", "decision_file_unreadable")
    with transaction(agency.engine) as session:
        assert session.execute(text("SELECT count(*) FROM review_decisions")).scalar_one() == 0
    assert sorted(path.name for path in agency.store.root.rglob("*.sealed")) == []


@pytest.fixture(scope="module")
def laptop(tmp_path_factory):
    """A laptop that keeps its records open (it uploads, then pulls the decision back); the demo
    reviewer's signing identity on it stands in for the reviewer's workstation."""
    root = tmp_path_factory.mktemp("decision-laptop")
    made = make_laptop(root / "data")
    bundle = export_visit(made.records, made.visit_id, root / "out", signers=made.signers, now=EXPORTED_AT,
                          part_size=PART_SIZE)
    yield made, bundle.bundle_dir
    made.records.close()


def test_the_laptop_pulls_the_decision_on_its_upload_and_a_recheck_opens_the_new_case(agency, laptop, people):
    word, stored = "review", "recheck_ordered"
    made, bundle_dir = laptop
    trust(agency, people)
    uploader, reviewer_station, stranger = (agency.workstation(name) for name in ("笔记本", "审核", "别的笔记本"))
    visit_id = verified_record(agency, bundle_dir, workstation_id=uploader.id)
    reviewer_id = next(expert.expert_id for expert in list_experts(made.records) if expert.expert_number == "DEMO-R-001")
    now = now_utc()
    key, certificate = unlock_signing_key(made.records, reviewer_id, "demo-r-001", now=now)
    with ServerThread(agency.config) as server:
        desk = _desk(server, agency, reviewer_station)
        desk.sign_in(key, certificate)
        view = desk.record(desk.claim(visit_id)["visit_id"])
        data, pdf = sign_decision(made.records, actor=demo_sign_in(made.records, "DEMO-R-001"),
                                  case_id=view["case_id"], visit_id=visit_id, record_sha256=view["record_sha256"],
                                  decision=word, reason="复核：家属有异议", passphrase="demo-r-001", now=now)
        assert desk.decide(visit_id, pdf)["decision"] == stored
        desk.close()
        other = _desk(server, agency, stranger)
        assert other.decisions() == []
        with pytest.raises(ReviewRefused) as refused:
            other.decision_file(data["review_id"])
        assert refused.value.status == 404
        other.close()
        own = _desk(server, agency, uploader)
        listed = own.decisions()
        assert [entry["review_id"] for entry in listed] == [data["review_id"]]
        result = pull_decisions(own, made.records, actor=demo_sign_in(made.records, "DEMO-A-001"), now=now_utc())
        assert [imported.decision for imported in result.applied] == [stored] and result.refused == []
        assert own.decisions() == [] and own.decisions(include_delivered=True)[0]["delivered_at"]
        own.close()
    with unit_of_work(made.records.engine) as session:
        assert session.get(Case, view["case_id"]).status == "closed"
        review_case = session.get(Case, data["new_case_id"])
        assert (review_case.application_type, review_case.status) == ("review", "intake")
