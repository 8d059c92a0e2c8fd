# SPDX-License-Identifier: GPL-3.0-or-later
"""The assessment report of a visit: the draft preview while the experts work, and the signing
that ends the visit — both experts' PAdES signatures on the report, then the record is locked.

Signing is all or nothing, in two calls that services/visit_flow.sign_visit puts in order:
`unlock_signers` unlocks both signing keys (passphrase under the lockout, certificate valid and
of this expert) and changes nothing; only then is the recording stopped, and `sign_unlocked`
signs with those keys and locks the record with the fully signed PDF in hand. A wrong
passphrase or an expired certificate leaves the record as it was. Both experts sign in before
they sign: each signer is a live session of one of the visit's experts.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography import x509

from forms.model import Form

from assessment_app.domain.resident_id import Sex
from assessment_app.domain.roles import Permission
from assessment_app.reports.content import Agency as ReportAgency
from assessment_app.reports.content import Applicant as ReportApplicant
from assessment_app.reports.content import Expert as ReportExpert
from assessment_app.reports.content import Informant as ReportInformant
from assessment_app.reports.content import ReportContent
from assessment_app.reports.content import Visit as ReportVisit
from assessment_app.reports.errors import ReportContentError
from assessment_app.reports.layout import EXPERT_FIELDS, render_draft, render_report
from assessment_app.reports.signing import sign_report
from assessment_app.security.certificates import SigningKey, certificate_fingerprint
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.signing_identities import agency_ca_certificates, unlock_signing_key
from assessment_app.services.visit_finish import lock_visit
from assessment_app.domain.visit_workflow import VisitError
from assessment_app.services.visit_record import ReportInputs, inputs_in
from assessment_app.services.visit_state import LoadedVisit, visit_attachments, visit_for, visit_for_pair
from assessment_app.storage.repositories import SettingsRepository
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work

# The report is in Chinese whatever the interface language: it is the legal document.
REPORT_LANGUAGE = "zh_CN"
ID_DISPLAY_SETTING = "report.id_display"  # "masked" (default) or "full"
# Per agency (and so per city): the title, the 复核 notice and the city named in the default
# notice; an RFC 3161 time-stamp service when one is configured (off by default, never required).
TITLE_SETTING = "report.title"
APPEAL_NOTICE_SETTING = "report.appeal_notice"
CITY_SETTING = "report.city"
TIMESTAMP_URL_SETTING = "report.timestamp_url"
RELATION_LABELS = {"spouse": "配偶", "child": "子女", "other_relative": "其他亲属", "carer": "照护人员",
                   "institution_staff": "机构工作人员", "other": "其他"}


@dataclass(frozen=True)
class SignedVisit:
    visit_id: str
    record_sha256: str
    report_pdf: bytes
    signer_fingerprints: tuple[str, ...]


def report_content(records: CaseRecords, visit_id: str, form: Form, *, actor,
                   signed_on: datetime.date | None = None) -> ReportContent:
    with unit_of_work(records.engine) as session:
        return _content(records, session, visit_for(session, records, visit_id, actor), form, signed_on)


def _content(records: CaseRecords, session, loaded: LoadedVisit, form: Form,
             signed_on: datetime.date | None) -> ReportContent:
    inputs = inputs_in(records, session, loaded, REPORT_LANGUAGE)
    if inputs.result is None:
        raise ReportContentError("record_incomplete")
    stored = SettingsRepository(session)
    id_display = stored.get(ID_DISPLAY_SETTING, "masked")
    title, notice, city = (stored.get(TITLE_SETTING), stored.get(APPEAL_NOTICE_SETTING),
                           stored.get(CITY_SETTING, ""))
    agency = session.get(Agency, 1)
    agency_name = agency.name if agency else (inputs.agency_name or "")
    informant = inputs.informant
    return ReportContent(
        agency=ReportAgency(agency_name, city=city or ""),
        **({"title": title} if title else {}), appeal_notice=notice or None,
        report_number=_report_number(inputs),
        task_number=inputs.task_number or "—",
        applicant=ReportApplicant(
            name=inputs.applicant_name, resident_id=inputs.resident_id,
            sex=Sex(inputs.sex).label(REPORT_LANGUAGE), birth_date=datetime.date.fromisoformat(inputs.birth_date),
            address=inputs.address or "", insurance_type=inputs.insurance_type_label,
            application_type=inputs.application_type_label),
        visit=ReportVisit(started_at=_visit_start(inputs), place=inputs.visit_place or ""),
        informant=ReportInformant(
            name=informant.get("name") or "", relation=RELATION_LABELS.get(informant.get("relation") or "",
                                                                           informant.get("relation") or ""),
            phone=informant.get("phone") or "", signature_png=inputs.informant_signature_png),
        form=form, answers=inputs.answers, result=inputs.result,
        experts=tuple(ReportExpert(expert.name, expert.expert_number, expert.signature_png, signed_on)
                      for expert in inputs.experts),
        record_id=inputs.record_id, record_hash=inputs.record_sha256, conclusion=inputs.conclusion or "",
        care_notes=inputs.care_notes or "", id_display=id_display, issued_on=signed_on)


def _report_number(inputs: ReportInputs) -> str:
    # Stable for the record version, readable over the phone: the visit id's first block + version.
    return f"{inputs.record_id.split('-')[0].upper()}-{inputs.record_version}"


def _visit_start(inputs: ReportInputs) -> datetime.datetime:
    if inputs.visit_date:
        return datetime.datetime.fromisoformat(inputs.visit_date)
    return datetime.datetime.now()


def draft_report(records: CaseRecords, visit_id: str, form: Form, *, actor) -> bytes:
    """The unsigned preview, 草稿 on every page (needs every item answered: it shows the grade)."""
    return render_draft(report_content(records, visit_id, form, actor=actor))


@dataclass(frozen=True)
class UnlockedSigners:
    """Both experts' keys, unlocked to sign one visit's report: kept only as long as signing takes."""

    visit_id: str
    sessions: tuple[object, ...]  # the signers' sessions, as given
    keys: tuple[tuple[SigningKey, x509.Certificate], ...]  # in the record's order of the experts
    trusted: tuple[x509.Certificate, ...]
    timestamp_url: str | None


def unlock_signers(records: CaseRecords, visit_id: str, signers: Sequence[tuple[object, str]], *,
                   now: datetime.datetime) -> UnlockedSigners:
    """Both experts' signing keys, given as (session, passphrase) pairs of the two signed-in experts
    of the visit. Each passphrase is checked under the lockout (a wrong one counts as a failed
    attempt) and each certificate against the agency's CAs; nothing of the visit changes."""
    sessions = tuple(session_info for session_info, _ in signers)
    with unit_of_work(records.engine) as session:
        # Only the two experts of this visit sign its report, each exactly once.
        loaded = visit_for_pair(session, records, visit_id, sessions, now=now,
                                mismatch="signers_not_the_visit_experts")
        expert_ids = loaded.expert_ids
        trusted = tuple(agency_ca_certificates(session.get(Agency, 1)))
        timestamp_url = SettingsRepository(session).get(TIMESTAMP_URL_SETTING) or None
    passphrases = {session_info.expert_id: passphrase for session_info, passphrase in signers}
    keys = tuple(unlock_signing_key(records, expert_id, passphrases[expert_id], now=now) for expert_id in expert_ids)
    return UnlockedSigners(visit_id, sessions, keys, trusted, timestamp_url)


def sign_unlocked(records: CaseRecords, form: Form, unlocked: UnlockedSigners, *,
                  now: datetime.datetime) -> SignedVisit:
    """Both experts sign the report with their unlocked keys; the second signature locks the PDF,
    then the record is locked with it (refused while anything is missing)."""
    visit_id, sessions = unlocked.visit_id, unlocked.sessions
    with unit_of_work(records.engine) as session:
        content = _content(records, session, visit_for_pair(session, records, visit_id, sessions, now=now),
                           form, now.date())
    pdf = render_report(content)
    keys, trusted, timestamp_url = unlocked.keys, list(unlocked.trusted), unlocked.timestamp_url
    fingerprints = []
    for index, ((key, certificate), field_name) in enumerate(zip(keys, EXPERT_FIELDS)):
        expert = content.experts[index]
        pdf = sign_report(pdf, field_name=field_name, key=key, certificate=certificate, ca_certificates=trusted,
                          signer_name=expert.name, lock=index == len(keys) - 1, when=now,
                          timestamp_url=timestamp_url)
        fingerprints.append(certificate_fingerprint(certificate))
    record_sha256 = lock_visit(records, visit_id, pdf, fingerprints, signers=sessions, now=now,
                               expected_record_sha256=content.record_hash, monotonic_ns=time.monotonic_ns())
    return SignedVisit(visit_id, record_sha256, pdf, tuple(fingerprints))


def stored_report(records: CaseRecords, visit_id: str, *, actor) -> bytes:
    """The signed report PDF kept with the locked record (the newest, should a correction re-sign),
    for whoever may read cases."""
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.READ_CASES)
        stored = visit_attachments(session, visit_id, "signed_report")
        if not stored:
            raise VisitError("no_signed_report", visit_id)
        _, attachment = stored[-1]
        return records.attachments.get(attachment.stored_name, attachment.id,
                                       expected_sha256=attachment.plaintext_sha256)
