# SPDX-License-Identifier: GPL-3.0-or-later
"""Empty signature fields added to a rendered report where its layout drew the slots."""

from __future__ import annotations

import io
from typing import Sequence

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import FieldMDPAction, FieldMDPSpec, MDPPerm, SigFieldSpec, append_signature_field

from assessment_app.reports.flowables import FieldPlacement


def add_signature_fields(pdf: bytes, placements: Sequence[FieldPlacement]) -> bytes:
    """One visible, empty field per placement (in signing order), in one incremental update.

    The widget's appearance is an empty stream: the frame and caption are in the page content,
    so signing needs no font of pyHanko's (its default stamp uses a non-embedded standard font).
    The last field carries the lock: once it is signed, nothing may change (DocMDP P=1).
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for index, placement in enumerate(placements):
        last = index == len(placements) - 1
        append_signature_field(writer, SigFieldSpec(
            placement.name, on_page=placement.page_index, box=placement.box,
            field_mdp_spec=FieldMDPSpec(FieldMDPAction.ALL) if last else None,
            doc_mdp_update_value=MDPPerm.NO_CHANGES if last else None))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
