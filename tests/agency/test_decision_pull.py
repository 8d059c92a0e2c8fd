# SPDX-License-Identifier: GPL-3.0-or-later
"""Decisions flow back to the laptop (services/decision_pull.py) against a real agency server and
PostgreSQL: the upload runner pulls them for the signed-in person who may import them, applies each
after checking it, acknowledges it, and leaves a refused one on the server; it waits while nobody
(or a reviewer only) is signed in and backs off while the server cannot be reached. The attacks:
decisions the server hands out although they are signed by an assessor, about another version of
the record, or altered after signing — refused, kept on the server, the case untouched."""

from __future__ import annotations

import pytest

from assessment_app.agency.errors import AgencyError
from assessment_app.agency.review_decisions import decision_file
from assessment_app.agency.uploads import now_utc
from assessment_app.services.audit_log import stored_events_of_kind
from assessment_app.services.case_decision import case_decision
from assessment_app.services.decision_pull import DecisionPuller
from assessment_app.services.review_decision import import_decision_bytes
from assessment_app.services.upload_runner import UploadRunner
from assessment_app.services.workstation_identity import SCRATCH_PREFIX, open_review_client
from assessment_app.storage.models import Case, Review
from assessment_app.storage.security_models import STATION_CHAIN
from assessment_app.storage.unit_of_work import unit_of_work

from tests.agency.decisions_world import decision_world
from tests.agency.desk import ASSESSOR, build_people, signed_decision
from tests.agency.harness import ServerThread
from tests.unit.bundle.conftest import demo_sign_in


@pytest.fixture(scope="module")
def people():
    return build_people()


@pytest.fixture
def world(agency, people, tmp_path):
    with ServerThread(agency.config) as server:
        made = decision_world(agency, people, tmp_path, server)
        yield made
        made.laptop.records.close()


class Observer:
    def __init__(self):
        self.pulled = []

    def progress(self, upload_id, figures):
        pass

    def changed(self):
        pass

    def decisions(self, result):
        self.pulled.append(result)


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def _runner(world, actor, observer=None, ticks=None):
    puller = DecisionPuller(monotonic=ticks or Ticks())
    return UploadRunner(lambda: world.laptop.records, observer=observer, actor=lambda: actor, decisions=puller)


def _case(world, case_id=None) -> Case:
    with unit_of_work(world.laptop.records.engine) as session:
        case = session.get(Case, case_id or world.case_id)
        session.expunge(case)
        return case


def _reviews(world) -> int:
    with unit_of_work(world.laptop.records.engine) as session:
        return session.query(Review).count()


def test_the_runner_applies_a_decision_for_the_signed_in_assessor_and_acknowledges_it(world):
    assessor = demo_sign_in(world.laptop.records, "DEMO-A-001")
    decided = world.decide(decision="approved")
    observer = Observer()
    runner = _runner(world, assessor, observer)
    result = runner.pull_decisions()
    assert [(entry.review_id, entry.decision) for entry in result.applied] == [(decided["review_id"], "approved")]
    assert observer.pulled == [result] and result.refused == []
    assert world.waiting_on_server() == []  # acknowledged: delivered_at set on the server
    assert _case(world).status == "closed"
    shown = case_decision(world.laptop.records, world.case_id, actor=assessor)
    assert (shown.decision, shown.reviewer_number, shown.reviewer_name, shown.new_case_id) == (
        "approved", "DEMO-R-001", "演示审核员", None)
    assert runner.pull_decisions() is None  # not due again yet: no second request
    # The signed decision (personal data) is kept encrypted: no file of the data directory holds
    # it or its reviewer's name in plaintext, and the TLS scratch file is gone.
    for path in world.laptop.records.layout.root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"%PDF-" not in data and "演示审核员".encode() not in data, path
            assert not path.name.startswith(SCRATCH_PREFIX)


def test_a_decision_already_here_is_acknowledged_and_a_recheck_opens_the_new_case(world, people):
    assessor = demo_sign_in(world.laptop.records, "DEMO-A-001")
    decided = world.decide(decision="recheck_ordered", reason="家属对第 3 项有异议，申请复核")
    # The same file came on a USB stick first: the pull finds it here and only acknowledges it.
    pdf = decision_file(world.agency.engine, world.agency.store, world.agency.records_key, decided["review_id"], None)
    imported = import_decision_bytes(world.laptop.records, pdf, actor=assessor, now=now_utc())
    result = _runner(world, assessor).pull_decisions()
    assert result.applied == [] and result.already_here == [decided["review_id"]]
    assert world.waiting_on_server() == []
    shown = case_decision(world.laptop.records, world.case_id, actor=assessor)
    assert shown.decision == "recheck_ordered" and shown.new_case_id == imported.new_case_id == decided["new_case_id"]
    assert shown.reason == "家属对第 3 项有异议，申请复核"
    review_case = _case(world, shown.new_case_id)
    assert (review_case.application_type, review_case.status) == ("review", "intake")


def test_nobody_or_a_reviewer_signed_in_leaves_the_decision_waiting_without_refusals_in_the_audit(world):
    world.decide()
    records = world.laptop.records
    ticks = Ticks()
    puller = DecisionPuller(monotonic=ticks)
    refusals_before = len(stored_events_of_kind(records, STATION_CHAIN, "permission_denied"))
    for actor in (None, demo_sign_in(records, "DEMO-R-001")):  # a reviewer may not import decisions
        assert puller.pull_if_due(records, actor=actor, now=now_utc()) is None
    assert len(world.waiting_on_server()) == 1 and _reviews(world) == 0
    assert len(stored_events_of_kind(records, STATION_CHAIN, "permission_denied")) == refusals_before
    # Someone who may import signs in: pulled at once, whatever the schedule.
    result = puller.pull_if_due(records, actor=demo_sign_in(records, "DEMO-A-002"), now=now_utc())
    assert len(result.applied) == 1 and world.waiting_on_server() == []


def test_an_unreachable_server_is_tried_again_after_a_growing_back_off(world):
    records = world.laptop.records
    assessor = demo_sign_in(records, "DEMO-A-001")
    ticks, attempts = Ticks(), []

    def counting(records, **options):
        attempts.append(ticks.now)
        return open_review_client(records, **options)

    puller = DecisionPuller(monotonic=ticks, client_factory=counting)
    world.server.__exit__(None, None, None)  # the line is down
    assert puller.pull_if_due(records, actor=assessor, now=now_utc()) is None
    ticks.now += 29
    assert puller.pull_if_due(records, actor=assessor, now=now_utc()) is None
    assert len(attempts) == 1  # within the first 30 s nothing is tried
    ticks.now += 2
    assert puller.pull_if_due(records, actor=assessor, now=now_utc()) is None
    ticks.now += 59
    assert puller.pull_if_due(records, actor=assessor, now=now_utc()) is None
    assert len(attempts) == 2  # then 60 s
    ticks.now += 2
    puller.pull_if_due(records, actor=assessor, now=now_utc())
    assert len(attempts) == 3
    with pytest.raises(AgencyError) as caught:  # on demand the person is told why
        puller.pull(records, actor=assessor, now=now_utc())
    assert caught.value.reason == "server_unreachable"


def test_decisions_the_laptop_refuses_stay_on_the_server_and_the_case_is_untouched(world, people):
    records = world.laptop.records
    assessor = demo_sign_in(records, "DEMO-A-001")
    facts = world.facts()
    by_assessor = signed_decision(people, ASSESSOR, **facts)
    other_version = signed_decision(people, "DEMO-R-001", **{**facts, "record_sha256": "0" * 64}, decision="returned",
                                    reason="另一版本")
    data, pdf = signed_decision(people, "DEMO-R-001", **facts, decision="returned", reason="第 7 项未见演示")
    altered = bytearray(pdf)
    altered[len(pdf) // 3] ^= 0x01
    for planted_data, planted_pdf in (by_assessor, other_version, (dict(data), bytes(altered))):
        world.plant(planted_pdf, planted_data)
    planted = world.waiting_on_server()
    puller = DecisionPuller(monotonic=Ticks())
    result = puller.pull(records, actor=assessor, now=now_utc())
    assert result.applied == [] and result.already_here == []
    assert sorted(entry.error.reason for entry in result.refused) == [
        "decision_record_mismatch", "decision_signature_invalid", "signer_not_a_reviewer"]
    assert world.waiting_on_server() == planted  # nothing acknowledged: all kept on the server
    assert _case(world).status != "closed" and _reviews(world) == 0
    assert [entry.review_id for entry in puller.refusals(world.case_id)] == [entry.review_id for entry in result.refused]
    # Pulled again: refused again, and written to the audit chain once per refusal, not per pull.
    assert len(puller.pull(records, actor=assessor, now=now_utc()).refused) == 3
    refused_events = [event for event in stored_events_of_kind(records, STATION_CHAIN, "review_decision")
                      if event["data"].get("action") == "refused"]
    assert len(refused_events) == 3
    # A genuine decision arriving later is applied beside them; the refused stay waiting.
    genuine = world.decide(decision="returned", reason="录像中第 7 项未见演示")
    result = puller.pull(records, actor=assessor, now=now_utc())
    assert [entry.review_id for entry in result.applied] == [genuine["review_id"]]
    assert world.waiting_on_server() == planted
    shown = case_decision(records, world.case_id, actor=assessor)
    assert (shown.decision, shown.reason) == ("returned", "录像中第 7 项未见演示")
    assert _case(world).status != "closed"  # returned: the experts correct the record
