"""The law of a first save's row: adding a record to a loaded, sorted list gives the list a
reload would (same rows, same order), and the Qt model tester sees a well-formed insert."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from ncpi_field.records import RecordId, RecordSummary
from ui.models.record_table import Column, RecordTableModel

FORMS = ("case_audit", "reality_test", "observation", "debrief")
ORDERS = (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder)


def summary(n: int, title: int, form: int, heads: int, minute: int) -> RecordSummary:
    return RecordSummary(
        record_id=RecordId(f"{n:08d}-0000-0000-0000-000000000000"),
        form_id=FORMS[form],
        title=f"REF-{title:02d}",
        status="draft" if n % 2 else "complete",
        deleted=False,
        head_count=heads,
        updated_hlc=f"{1_790_000_000_000 + minute * 60_000:013d}.{0:06d}.device",
    )


rows = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 3), st.integers(1, 2), st.integers(0, 5)),
    min_size=1,
    max_size=25,
).map(lambda made: [summary(n, *fields) for n, fields in enumerate(made)])


def listed(model: RecordTableModel) -> list[str]:
    return [model.record_id(r) for r in range(model.rowCount())]


@settings(max_examples=150, deadline=None)
@given(rows, st.sampled_from([None, *Column]), st.sampled_from(ORDERS))
def test_adding_the_newest_equals_reloading(
    summaries: list[RecordSummary], column: Column | None, order: Qt.SortOrder
) -> None:
    *before, newest = summaries
    added = RecordTableModel()
    tester = QAbstractItemModelTester(added, QAbstractItemModelTester.FailureReportingMode.Fatal)
    added.load(before)
    reloaded = RecordTableModel()
    reloaded.load(summaries)
    if column is not None:
        added.sort(column, order)
        reloaded.sort(column, order)
    added.add(newest)
    assert listed(added) == listed(reloaded)
    assert [added.index(r, 0).data() for r in range(added.rowCount())] == [
        reloaded.index(r, 0).data() for r in range(reloaded.rowCount())
    ]
    assert added.row_matches(listed(added).index(newest.record_id), "ref-")
    assert tester is not None
