"""An instrument's records as sheets: one row per record, each repeat a child sheet keyed to it.

Columns follow the form: a select question has its code column and, beside it, its label
column (``name (label)``); several choices are joined (codes by spaces, labels by "; ").
Evidence links are record ids. A repeat's sheet carries ``record_id`` and ``parent_key`` (the
record, or the entry of the enclosing repeat) and its own ``row_key``, so child rows join back
to their parent. Answers the form no longer asks keep a column of their own at the end.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from ncpi_field.live_heads import Head
from ncpi_field.reports.cells import Value
from ncpi_field.reports.workbook import Sheet
from ncpi_field.xlsform.spec import FormSpec, Group, Question

RECORD_COLUMNS: Final = (
    "record_id",
    "inspection",
    "record_status",
    "in_conflict",
    "form_version",
    "saved_at",
)
CHILD_COLUMNS: Final = ("record_id", "parent_key", "row_key", "entry")
HIDDEN_KEYS: Final = frozenset({"__pii_overrides"})
SELECT_KINDS: Final = frozenset({"select_one", "select_multiple"})
NUMBER_KINDS: Final = frozenset({"integer", "decimal", "range"})


@dataclass(frozen=True)
class Column:
    """One column: its header, the answer it reads, and whether it shows the label."""

    header: str
    name: str
    question: Question | None
    label: bool = False

    def value(self, answers: Mapping[str, Any], spec: FormSpec) -> Value:
        raw = answers.get(self.name)
        if raw is None or raw in ("", []):
            return None
        if self.label and self.question is not None:
            return _labels(raw, self.question, spec)
        if self.question is not None and self.question.kind in NUMBER_KINDS:
            return _number(raw)
        return _plain(raw)


@dataclass(frozen=True)
class Layout:
    """The columns of one sheet: the record's, or one repeat's."""

    title: str
    repeat: Group | None
    columns: tuple[Column, ...]
    children: tuple[Layout, ...]


def layout(spec: FormSpec, heads: Sequence[Head]) -> Layout:
    """The sheets of a form, from its spec and the answers actually held."""
    known = {q.name for q in spec.questions()} | {
        g.name for _p, g in spec.walk() if isinstance(g, Group) and g.repeat
    }
    extra = sorted(
        {k for h in heads for k in h.answers if k not in known and k not in HIDDEN_KEYS}
        - set(RECORD_COLUMNS)
    )
    top = _layout(spec, spec.form_id, None, skip=frozenset(RECORD_COLUMNS))
    extras = tuple(Column(name, name, None) for name in extra)
    return Layout(top.title, None, top.columns + extras, top.children)


def _layout(spec: FormSpec, title: str, repeat: Group | None, skip: frozenset[str]) -> Layout:
    columns: list[Column] = []
    children: list[Layout] = []
    for parents, node in spec.walk():
        inner = next((g for g in reversed(parents) if g.repeat), None)
        if inner is not repeat:
            continue
        if isinstance(node, Group) and node.repeat:
            children.append(_layout(spec, f"{title}.{node.name}", node, frozenset()))
        elif isinstance(node, Question) and node.takes_input and node.name not in skip:
            columns.extend(_columns(node))
    return Layout(title, repeat, tuple(columns), tuple(children))


def _columns(question: Question) -> list[Column]:
    code = Column(question.name, question.name, question)
    if question.kind in SELECT_KINDS:
        return [code, Column(f"{question.name} (label)", question.name, question, label=True)]
    return [code]


def sheets(spec: FormSpec, heads: Sequence[Head]) -> list[Sheet]:
    """The record sheet and every repeat's child sheet, in form order."""
    plan = layout(spec, heads)
    record_rows = [_record_row(plan, spec, head) for head in heads]
    found = [Sheet(plan.title, _header(plan, RECORD_COLUMNS), record_rows, len(record_rows))]
    for child in _all_children(plan):
        rows = [
            row
            for head in heads
            for row in _child_rows(child, spec, head.record_id, head.answers, plan)
        ]
        found.append(Sheet(child.title, _header(child, CHILD_COLUMNS), rows, len(rows)))
    return found


def all_layouts(plan: Layout) -> list[Layout]:
    return [plan, *_all_children(plan)]


def _all_children(plan: Layout) -> list[Layout]:
    found: list[Layout] = []
    for child in plan.children:
        found.append(child)
        found.extend(_all_children(child))
    return found


def _header(plan: Layout, fixed: Sequence[str]) -> list[str]:
    return [*fixed, *(c.header for c in plan.columns)]


def _record_row(plan: Layout, spec: FormSpec, head: Head) -> list[Value]:
    fixed: list[Value] = [
        head.record_id,
        str(head.answers.get("inspection") or "") or None,
        head.record_status,
        "yes" if head.in_conflict else "no",
        head.form_version,
        head.saved_at,
    ]
    return fixed + [c.value(head.answers, spec) for c in plan.columns]


def _child_rows(
    child: Layout, spec: FormSpec, record_id: str, answers: Mapping[str, Any], parent: Layout
) -> list[list[Value]]:
    """Rows of ``child`` under one record, found by walking the repeats that enclose it."""
    return [
        row
        for _key, row in _walk_rows(
            child, spec, record_id=record_id, parent_key=record_id, answers=answers, parent=parent
        )
    ]


def _walk_rows(
    target: Layout,
    spec: FormSpec,
    *,
    record_id: str,
    parent_key: str,
    answers: Mapping[str, Any],
    parent: Layout,
) -> list[tuple[str, list[Value]]]:
    found: list[tuple[str, list[Value]]] = []
    for child in parent.children:
        assert child.repeat is not None
        for number, entry in enumerate(_entries(answers, child.repeat.name), start=1):
            key = f"{parent_key}/{child.repeat.name}/{number}"
            if child is target:
                fixed: list[Value] = [record_id, parent_key, key, number]
                found.append((key, fixed + [c.value(entry, spec) for c in child.columns]))
            elif _contains(child, target):
                found.extend(
                    _walk_rows(
                        target,
                        spec,
                        record_id=record_id,
                        parent_key=key,
                        answers=entry,
                        parent=child,
                    )
                )
    return found


def _contains(plan: Layout, target: Layout) -> bool:
    return any(child is target or _contains(child, target) for child in plan.children)


def _entries(answers: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    value = answers.get(name)
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, Mapping)]


def _labels(raw: Any, question: Question, spec: FormSpec) -> Value:
    choices = spec.choices.get(question.list_name or "")
    codes = raw if isinstance(raw, list) else str(raw).split()
    if choices is None:
        return None
    labels = [choices.label_of(str(code)) or str(code) for code in codes]
    return "; ".join(labels)


def _number(raw: Any) -> Value:
    if isinstance(raw, bool):
        return _plain(raw)
    if isinstance(raw, int | float):
        return raw
    try:
        number = Decimal(str(raw))
    except InvalidOperation:
        return _plain(raw)
    if not number.is_finite():
        return _plain(raw)
    return int(number) if number == number.to_integral_value() else float(number)


def _plain(raw: Any) -> Value:
    if isinstance(raw, list):
        return " ".join(str(item) for item in raw)
    if isinstance(raw, (bool, dict)):
        return json.dumps(raw)
    if isinstance(raw, int | float):
        return raw
    return str(raw)
