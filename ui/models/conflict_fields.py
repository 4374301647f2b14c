"""A conflict's heads side by side: one row per question, one column per head.

Rows come from ``side_by_side``: the record status first, then every question any head
answered, in the form's order; the fields the heads disagree on are marked and tinted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ui.models.rows_model import RowsModel

if TYPE_CHECKING:
    from ncpi_field.xlsform.spec import FormSpec
    from sync.conflicts import Conflict

DIFFERS_TINT: Final = QColor("#fff1c2")
HARD_TINT: Final = QColor("#ffd9d2")


@dataclass(frozen=True)
class FieldRow:
    name: str
    label: str
    values: tuple[str, ...]  # one per head, in the conflict's head order
    kind: str  # "" where the heads agree, else "soft" or "hard"


def head_letter(index: int) -> str:
    return chr(ord("A") + index)


def side_by_side(conflict: Conflict, spec: FormSpec | None) -> list[FieldRow]:
    from sync.conflicts import STATUS_FIELD  # noqa: PLC0415 - the core is loaded by now
    from ui.sync.answer_text import question_label, shown  # noqa: PLC0415

    kinds = {d.field: d.kind for d in conflict.differences}
    answered = {name for head in conflict.heads for name in head.answers}
    ordered = [q.name for q in spec.questions()] if spec is not None else []
    names = [STATUS_FIELD, *(n for n in ordered if n in answered)]
    names += sorted(answered - set(names))
    rows = []
    for name in names:
        values = tuple(
            shown(spec, name, _status(head) if name == STATUS_FIELD else head.answers.get(name))
            for head in conflict.heads
        )
        rows.append(FieldRow(name, question_label(spec, name), values, kinds.get(name, "")))
    return rows


def _status(head: Any) -> str:
    return "deleted" if head.tombstone else str(head.status)


class ConflictFieldsModel(RowsModel[FieldRow]):
    """Read-only; column 0 is the question, then one column per head (A, B, …)."""

    headers = ("Question",)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._heads: list[str] = []

    def load(self, rows: Sequence[FieldRow], head_titles: Sequence[str] = ()) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._heads = list(head_titles)
        self.headers = ("Question", *self._heads)
        self.endResetModel()

    def field_row(self, row: int) -> FieldRow:
        return self._rows[row]

    def cell(self, row: FieldRow, column: int) -> str:
        return _text(row, column)

    def describe(self, row: FieldRow, column: int) -> str:
        return self._describe(row, column)

    def other_role(self, row: FieldRow, column: int, role: int) -> QBrush | QFont | None:
        return _emphasis(row, column, role)

    def _describe(self, row: FieldRow, column: int) -> str:
        state = {
            "": "the versions agree",
            "soft": "the versions differ; one change can be kept automatically",
            "hard": "the versions differ: changed in different ways",
        }[row.kind]
        if column == 0:
            return f"{row.label}: {state}"
        return f"{self._heads[column - 1]}, {row.label}: {row.values[column - 1]}"


def _text(row: FieldRow, column: int) -> str:
    if column == 0:
        return f"≠ {row.label}" if row.kind else row.label
    return row.values[column - 1]


def _emphasis(row: FieldRow, column: int, role: int) -> QBrush | QFont | None:
    """Differing fields tinted (hard ones redder) and their question in bold."""
    if not row.kind:
        return None
    if role == Qt.ItemDataRole.BackgroundRole:
        return QBrush(HARD_TINT if row.kind == "hard" else DIFFERS_TINT)
    if role == Qt.ItemDataRole.FontRole and column == 0:
        font = QFont()
        font.setBold(True)
        return font
    return None
