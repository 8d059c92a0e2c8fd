# SPDX-License-Identifier: GPL-3.0-or-later
"""The record's declarations do not depend on workstation-local ids: the reviewer's workstation
rebuilds exactly the record the experts signed, even when both declared in the same second."""

from __future__ import annotations

from sqlalchemy import select

from assessment_app.services.visit_record import document_in
from assessment_app.services.visit_state import load_visit
from assessment_app.storage.models import Expert, VisitDeclaration
from assessment_app.storage.unit_of_work import unit_of_work

from tests.unit.visit.steps import ready_visit


def test_declarations_in_the_same_second_are_ordered_by_expert_number_not_by_row_id(world):
    visit_id = ready_visit(world)
    with unit_of_work(world.records.engine) as session:
        declarations = session.scalars(select(VisitDeclaration).where(VisitDeclaration.visit_id == visit_id)).all()
        for declaration in declarations:
            declaration.declared_at = declarations[0].declared_at
        # Numbers in the opposite order to the ids: ordering by id would put "PG-9999" first.
        lower, higher = sorted((world.first, world.second))
        session.get(Expert, lower).expert_number = "PG-9999"
        session.get(Expert, higher).expert_number = "PG-0001"
    with unit_of_work(world.records.engine) as session:
        document = document_in(session, load_visit(session, visit_id))
    assert [entry["expert"] for entry in document["declarations"]] == ["PG-0001", "PG-9999"]
