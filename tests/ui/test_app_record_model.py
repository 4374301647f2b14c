"""The record list model and its filter proxy, checked with Qt's own model tester."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QAbstractItemModelTester

from ncpi_field.records import RecordId, RecordSummary
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from ui.models.record_filter import RecordFilterProxy
from ui.models.record_table import (
    RECORD_ID_ROLE,
    SORT_ROLE,
    Column,
    RecordTableModel,
    form_label,
    updated_label,
)

REPORTING = QAbstractItemModelTester.FailureReportingMode.Warning


def summary(n: int, title: str, form: str = "case_audit", heads: int = 1) -> RecordSummary:
    return RecordSummary(
        record_id=RecordId(f"{n:08d}-0000-0000-0000-000000000000"),
        form_id=form,
        title=title,
        status="draft" if n % 2 else "complete",
        deleted=False,
        head_count=heads,
        updated_hlc=f"{1_790_000_000_000 + n * 60_000:013d}.{0:06d}.device",
    )


SAMPLE = [
    summary(1, "CA-03 Neglect referral"),
    summary(2, "RT-01 Control room", form="reality_test"),
    summary(3, "OBS-02 Focus group", form="observation", heads=2),
    summary(4, "ca-10 Missing from home"),
]


def test_model_passes_the_qt_model_tester_through_load_and_clear() -> None:
    model = RecordTableModel()
    tester = QAbstractItemModelTester(model, REPORTING)
    model.load(SAMPLE)
    assert model.rowCount() == 4
    assert model.columnCount() == len(Column)
    model.clear()
    assert model.rowCount() == 0
    model.load(SAMPLE[:2])
    assert model.rowCount() == 2
    assert tester is not None


def test_cells_show_title_form_status_conflict_and_time() -> None:
    model = RecordTableModel()
    model.load(SAMPLE)
    row = [model.index(2, c).data() for c in Column]
    assert row[:4] == ["OBS-02 Focus group", "Observation", "Draft", "⚠ Conflict"]
    assert row[4] == updated_label(SAMPLE[2].updated_hlc)
    assert model.index(0, Column.CONFLICT).data() == ""
    conflict = model.index(2, Column.CONFLICT)
    assert "2 versions disagree" in conflict.data(Qt.ItemDataRole.ToolTipRole)
    assert isinstance(conflict.data(Qt.ItemDataRole.ForegroundRole), QColor)
    assert model.index(1, Column.TITLE).data(RECORD_ID_ROLE) == SAMPLE[1].record_id
    assert model.record_id(3) == SAMPLE[3].record_id
    assert model.headerData(Column.UPDATED, Qt.Orientation.Horizontal) == "Updated"
    assert model.index(0, 0, model.index(0, 0)).isValid() is False
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_labels_for_forms_and_bad_stamps() -> None:
    assert form_label("reality_test") == "Reality test"
    assert updated_label("not a stamp") == ""
    assert updated_label(f"{1_790_000_000_000:013d}.000000.d").startswith("2026-")


def test_filter_matches_any_column_case_insensitively() -> None:
    model = RecordTableModel()
    proxy = RecordFilterProxy(model)
    tester = QAbstractItemModelTester(proxy, REPORTING)
    model.load(SAMPLE)
    proxy.set_filter_text("  ca-  ")
    titles = {proxy.index(r, Column.TITLE).data() for r in range(proxy.rowCount())}
    assert titles == {"CA-03 Neglect referral", "ca-10 Missing from home"}
    proxy.set_filter_text("reality")
    assert proxy.rowCount() == 1
    proxy.set_filter_text("conflict")
    assert proxy.index(0, Column.TITLE).data() == "OBS-02 Focus group"
    proxy.set_filter_text("no such record")
    assert proxy.rowCount() == 0
    proxy.set_filter_text("")
    assert proxy.rowCount() == 4
    model.clear()
    assert proxy.rowCount() == 0
    assert tester is not None


def test_sorting_uses_raw_keys_not_labels() -> None:
    model = RecordTableModel()
    proxy = RecordFilterProxy(model)
    model.load(SAMPLE)
    proxy.sort(Column.UPDATED, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, Column.TITLE).data() == "ca-10 Missing from home"
    proxy.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    order = [proxy.index(r, Column.TITLE).data() for r in range(4)]
    assert order == [
        "CA-03 Neglect referral",
        "ca-10 Missing from home",
        "OBS-02 Focus group",
        "RT-01 Control room",
    ]
    proxy.sort(Column.CONFLICT, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, Column.CONFLICT).data(SORT_ROLE) == 2


def test_model_loads_what_the_vault_lists(vault: Vault) -> None:
    service = VaultService(vault)
    first = service.put_draft("case_audit", {"audit_ref": "CA-21 Sentinel"}).version
    service.put_draft("observation", {"obs_ref": "OBS-9"})
    for ref in ("CA-21 b", "CA-21 c"):
        service.put_draft(
            "case_audit", {"audit_ref": ref}, record_id=first.record_id, parents=[first.version_id]
        )
    summaries = service.list_records()
    model = RecordTableModel()
    tester = QAbstractItemModelTester(model, REPORTING)
    model.load(summaries)
    assert model.rowCount() == 2
    conflicts = [model.index(r, Column.CONFLICT).data() for r in range(2)]
    assert sorted(conflicts) == ["", "⚠ Conflict"]
    assert tester is not None


class CountingModel(RecordTableModel):
    """Counts ``data()`` calls: sorting and filtering must not go through it."""

    calls = 0

    def data(self, index: object, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # type: ignore[override]
        CountingModel.calls += 1
        return super().data(index, role)  # type: ignore[arg-type]


def many(count: int) -> list[RecordSummary]:
    forms = ("case_audit", "reality_test", "observation", "debrief")
    return [summary((n * 7919) % count, f"REF-{n % 97:02d}", forms[n % 4], 1 + n % 3 // 2)
            for n in range(count)]  # fmt: skip


@pytest.mark.parametrize("column", list(Column))
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_model_sort_orders_rows_by_key_stably(column: Column, order: Qt.SortOrder) -> None:
    rows = many(300)
    model = RecordTableModel()
    tester = QAbstractItemModelTester(model, REPORTING)
    model.load(rows)
    model.sort(column, order)
    keys = [model.index(r, column).data(SORT_ROLE) for r in range(model.rowCount())]
    expected = sorted(rows, key=lambda s: model_key(s, column), reverse=order == DESC)
    assert keys == [model_key(s, column) for s in expected]
    assert [model.record_id(r) for r in range(300)] == [s.record_id for s in expected]
    assert tester is not None


DESC = Qt.SortOrder.DescendingOrder


def model_key(s: RecordSummary, column: Column) -> object:
    return (s.title.casefold(), s.form_id, s.status, s.head_count, s.updated_hlc)[column]


def test_sorting_moves_persistent_indexes_with_their_rows() -> None:
    model = RecordTableModel()
    model.load(SAMPLE)
    kept = QPersistentModelIndex(model.index(1, Column.FORM))  # RT-01
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    assert kept.row() == 3
    assert kept.column() == Column.FORM
    assert model.record_id(kept.row()) == SAMPLE[1].record_id


def test_a_reload_keeps_the_chosen_order() -> None:
    model = RecordTableModel()
    model.sort(Column.UPDATED, DESC)
    model.load(SAMPLE)
    assert [model.record_id(r) for r in range(4)] == [s.record_id for s in reversed(SAMPLE)]


def test_sort_and_filter_over_thousands_of_rows_never_call_data() -> None:
    model = CountingModel()
    proxy = RecordFilterProxy(model)
    model.load(many(5000))
    CountingModel.calls = 0
    proxy.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    proxy.sort(Column.UPDATED, DESC)
    proxy.set_filter_text("rt-")
    proxy.set_filter_text("reality")
    assert CountingModel.calls == 0
    assert proxy.rowCount() == 1250
    titles = [proxy.index(r, Column.UPDATED).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert titles == sorted(titles, reverse=True)


def test_the_navigator_sizes_columns_without_measuring_rows(qtbot: object) -> None:
    from PySide6.QtWidgets import QHeaderView  # noqa: PLC0415

    from ui.navigator import NavigatorPane  # noqa: PLC0415

    pane = NavigatorPane()
    header = pane.table.horizontalHeader()
    for column in (Column.FORM, Column.STATUS, Column.CONFLICT, Column.UPDATED):
        assert header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive
        assert header.sectionSize(column) > 40
    pane.show_records(SAMPLE)
    first = pane.proxy.index(0, Column.TITLE).data()
    assert first == "ca-10 Missing from home"  # newest first, as the view asks on creation
    pane.deleteLater()
