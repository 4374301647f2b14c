"""The workbook's agreement sheet: force self-assessment against the inspectors' grades.

The figures come from ``ncpi_field.reports.analysis`` (the same the written debrief prints):
one row per comparison (overall, then each stage both graded), for the whole vault and, when
it holds more than one inspection, for each inspection. Case audits withdrawn from the sample
are left out; drafts count where both grades are given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from ncpi_field.live_heads import Head
from ncpi_field.reports.analysis import (
    GRADES,
    Agreement,
    agreement,
    agreement_by_stage,
    overall_pairs,
)
from ncpi_field.reports.cells import Value
from ncpi_field.reports.workbook import Sheet
from ncpi_field.xlsform.spec import FormSpec, Question

FORCE_STAGE_SUFFIX: Final = "_force_stage_grade"
ALL_INSPECTIONS: Final = "all inspections"
HEADER: Final = (
    "scope",
    "comparison",
    "pairs",
    "agreeing",
    "percent_agreeing",
    "kappa",
    "kappa_95_low",
    "kappa_95_high",
    "inspectors_higher",
    "inspectors_lower",
    *(f"inspectors {ours} / force {theirs}" for ours in GRADES for theirs in GRADES),
)


def stages(spec: FormSpec | None) -> list[tuple[str, str]]:
    """(stage code, label) of every stage the force can grade, in form order."""
    if spec is None:
        return []
    found = []
    for parents, node in spec.walk():
        if isinstance(node, Question) and node.name.endswith(FORCE_STAGE_SUFFIX):
            code = node.name.removesuffix(FORCE_STAGE_SUFFIX)
            label = parents[-1].label.get() if parents else code
            found.append((code, label or code))
    return found


def agreement_sheet(heads: Sequence[Head], spec: FormSpec | None) -> Sheet:
    audits = [h for h in heads if h.form_id == "case_audit" and h.record_status != "withdrawn"]
    scopes: dict[str, list[Mapping[str, Any]]] = {ALL_INSPECTIONS: [h.answers for h in audits]}
    by_inspection: dict[str, list[Mapping[str, Any]]] = {}
    for head in audits:
        by_inspection.setdefault(str(head.answers.get("inspection") or ""), []).append(head.answers)
    if len(by_inspection) > 1:
        scopes.update(sorted(by_inspection.items()))
    rows: list[list[Value]] = []
    for scope, answers in scopes.items():
        found = [agreement("Overall grade", overall_pairs(answers))]
        found += agreement_by_stage(answers, stages(spec))
        rows.extend(_row(scope or "(no inspection)", a) for a in found)
    return Sheet("agreement", HEADER, rows, len(rows))


def _row(scope: str, found: Agreement) -> list[Value]:
    kappa = found.kappa
    percent = found.percent_agreeing
    return [
        scope,
        found.label,
        found.pairs,
        found.agreeing,
        None if percent is None else round(percent, 1),
        _rounded(kappa.value),
        _rounded(kappa.low),
        _rounded(kappa.high),
        found.inspectors_higher,
        found.inspectors_lower,
        *(count for line in found.matrix for count in line),
    ]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
