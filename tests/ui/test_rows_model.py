"""The read-only table base: what a subclass says a row shows is what Qt reads, for any rows,
and the Qt model tester sees well-formed resets through load and clear."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from ui.models.rows_model import RowsModel

FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal
MARK_ROLE = Qt.ItemDataRole.UserRole + 9


class PairsModel(RowsModel[tuple[int, str]]):
    headers = ("Number", "Word")

    def cell(self, row: tuple[int, str], column: int) -> str:
        return str(row[column])

    def describe(self, row: tuple[int, str], column: int) -> str:
        return f"{row[1]} is number {row[0]}"

    def other_role(self, row: tuple[int, str], column: int, role: int) -> int | None:
        return row[0] if role == MARK_ROLE else None


pairs = st.lists(st.tuples(st.integers(-99, 99), st.text(max_size=6)), max_size=12)


@settings(max_examples=60, deadline=None)
@given(pairs, pairs)
def test_every_cell_reads_what_the_subclass_says(
    first: list[tuple[int, str]], second: list[tuple[int, str]]
) -> None:
    model = PairsModel()
    QAbstractItemModelTester(model, FATAL)
    for rows in (first, second):
        model.load(rows)
        assert model.rowCount() == len(rows)
        assert model.columnCount() == 2
        for r, (number, word) in enumerate(rows):
            assert model.row_at(r) == (number, word)
            assert model.index(r, 0).data() == str(number)
            assert model.index(r, 1).data() == word
            described = f"{word} is number {number}"
            assert model.index(r, 1).data(Qt.ItemDataRole.ToolTipRole) == described
            assert model.index(r, 0).data(Qt.ItemDataRole.AccessibleTextRole) == described
            assert model.index(r, 0).data(MARK_ROLE) == number
            assert model.index(r, 0).data(Qt.ItemDataRole.DecorationRole) is None
    model.clear()
    assert model.rowCount() == 0


def test_headers_flags_and_cells_outside_the_table() -> None:
    model = PairsModel()
    QAbstractItemModelTester(model, FATAL)
    model.load([(1, "one")])
    horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
    assert [model.headerData(s, horizontal) for s in range(3)] == ["Number", "Word", None]
    assert model.headerData(0, vertical) is None
    assert model.headerData(0, horizontal, Qt.ItemDataRole.AccessibleTextRole) is None
    assert model.flags(model.index(0, 1)) == (
        Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    )
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
    assert model.data(QModelIndex()) is None
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.columnCount(model.index(0, 0)) == 0
