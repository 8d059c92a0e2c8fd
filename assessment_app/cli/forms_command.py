# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess forms list` and `ltc-assess forms show ID`."""

from __future__ import annotations

import argparse

from forms import FormError, UnknownFormError, default_registry
from forms.canonical import canonical_json_bytes
from forms.model import Form

from assessment_app.cli.output import EXIT_OK, fail, write_line
from assessment_app.messages import describe_error

_LABELS = {
    "zh_CN": {
        "verified": "已核实", "pending": "待核实", "source": "来源", "verification": "核实状态",
        "items": "评估项目与选项", "dimension_levels": "维度分级阈值", "combination": "组合表",
        "grades": "失能等级", "row": "行 \\ 列：",
    },
    "en": {
        "verified": "verified", "pending": "PENDING", "source": "Source", "verification": "Verification",
        "items": "Items and options", "dimension_levels": "Dimension level thresholds", "combination": "Combination table",
        "grades": "Grades", "row": "row \\ column:",
    },
}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("forms", help="installed assessment instruments")
    actions = parser.add_subparsers(dest="forms_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list installed forms as JSON")
    listing.set_defaults(run=run_list)
    show = actions.add_parser("show", help="show a form's items, options, thresholds and table, readable")
    show.add_argument("form_id", metavar="ID")
    show.add_argument("--version", dest="form_version", help="a specific form version (default: newest)")
    show.set_defaults(run=run_show)


def run_list(args: argparse.Namespace, language: str) -> int:
    try:
        entries = [(entry, default_registry().get(entry.id, entry.version)) for entry in default_registry().entries()]
    except FormError as error:
        return fail(describe_error(error, language))
    write_line(canonical_json_bytes([
        {
            "id": form.id,
            "version": form.version,
            "sha256": form.sha256,
            "title": form.title.as_dict(),
            "items": len(form.items),
            "verification": {section: v.status for section, v in form.verification.items()},
            "file": entry.file.name,
        }
        for entry, form in entries
    ]))
    return EXIT_OK


def describe_form(form: Form, language: str) -> list[str]:
    label = _LABELS["en" if language == "en" else "zh_CN"]

    def status(section: str) -> str:
        verification = form.verification[section]
        return f"[{label[verification.status]}] {verification.note.get(language)}"

    lines = [
        f"{form.title.get(language)} — {form.id} {form.version}",
        f"sha256 {form.sha256}",
        f"{label['source']}: {form.source.get(language)}",
        f"{label['verification']}:",
    ]
    lines += [f"  {label[section]}: {status(section)}" for section in form.verification]
    lines += ["", f"{label['items']} {status('items')}"]
    number = 0
    for dimension in form.dimensions:
        lines.append(f"{dimension.name.get(language)} ({dimension.id}, {dimension.min_score}–{dimension.max_score})")
        for item in dimension.items:
            number += 1
            lines.append(f"  {number:>2}. {item.id}  {item.name.get(language)}")
            lines += [f"        {o.id:>2}  {o.text.get(language)}" for o in item.options]
    lines += ["", f"{label['dimension_levels']} {status('dimension_levels')}"]
    for dimension in form.dimensions:
        ranges = "; ".join(
            f"{form.level(t.level_id).label.get(language)} {t.min_score}" + (f"–{t.max_score}" if t.max_score != t.min_score else "")
            for t in dimension.thresholds
        )
        lines.append(f"  {dimension.name.get(language)}: {ranges}")
    combination = form.combination
    lines += ["", f"{label['combination']} {status('combination')}", f"  {combination.method.get(language)}"]
    row_name = form.dimension(combination.row_dimension_id).name.get(language)
    column_names = ("、" if language != "en" else " / ").join(
        form.dimension(d).name.get(language) for d in combination.column_worse_of)
    corner = f"{row_name} \\ {column_names}" + ("（较差者）" if language != "en" else " (worse)")
    lines.append(f"  {label['row']} {corner}")
    lines.append("  " + " | ".join([""] + [level.label.get(language) for level in form.levels]))
    for row in form.levels:
        cells = [str(combination.grade_by_cell[(row.id, column.id)]) for column in form.levels]
        lines.append("  " + " | ".join([row.label.get(language)] + cells))
    lines += ["", f"{label['grades']}:"]
    lines += [f"  {grade.code}  {grade.label.get(language)}" for grade in form.grades]
    return lines


def run_show(args: argparse.Namespace, language: str) -> int:
    try:
        form = default_registry().get(args.form_id, args.form_version)
    except (UnknownFormError, FormError) as error:
        return fail(describe_error(error, language))
    print("\n".join(describe_form(form, language)))
    return EXIT_OK
