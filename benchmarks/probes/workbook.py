"""The workbook figure's processes: ``build CELLS N``, ``ours CELLS OUT``, ``raw CELLS OUT``.

``build`` lays out N records (the demo inspection's 141 records, repeated with new ids) into
the workbook's sheets exactly as ``ncpi-field export xlsx`` does (``reports.export.build_sheets``)
and keeps every sheet's title, header and cells as JSON. ``ours`` writes those cells with the
export's writer (formula-looking text neutralised, cleaned, spooled beside the output, fsync,
atomic rename); ``raw`` writes the same cells with plain openpyxl in write-only mode. Each
prints its cell count as JSON; the figure times the whole processes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
from pathlib import Path
from typing import Any

from openpyxl import Workbook


def build(cells: Path, count: int) -> None:
    from ncpi_field.demo.inspection import generate_inspection  # noqa: PLC0415
    from ncpi_field.demo.model import FORM_IDS  # noqa: PLC0415
    from ncpi_field.formstore import installed_spec  # noqa: PLC0415
    from ncpi_field.live_heads import Head  # noqa: PLC0415
    from ncpi_field.recommendations import build_register  # noqa: PLC0415
    from ncpi_field.records import RecordId  # noqa: PLC0415
    from ncpi_field.reports.export import ExportData, build_sheets  # noqa: PLC0415
    from ncpi_field.reports.workbook import sheet_titles  # noqa: PLC0415

    specs = {form_id: installed_spec(form_id) for form_id in FORM_IDS}
    now = dt.datetime(2026, 3, 9, 17, tzinfo=dt.UTC)
    demo = generate_inspection(1, forms=specs, now=now)
    heads = [
        Head(
            record_id=RecordId(f"{number:08d}-0000-4000-8000-000000000000"),
            form_id=record.form_id,
            record_status=record.status,
            in_conflict=False,
            hlc=f"{number:012d}",
            saved_at=now.isoformat(),
            answers=record.answers,
            form_version=record.form_version,
        )
        for number, record in zip(range(count), itertools.cycle(demo), strict=False)
    ]
    sheets = build_sheets(ExportData(heads, specs, [], build_register(heads)))
    titles = sheet_titles([s.title for s in sheets])
    kept = [
        [t, list(s.header), [list(r) for r in s.rows]] for t, s in zip(titles, sheets, strict=True)
    ]
    cells.write_text(json.dumps(kept))
    print(json.dumps({"records": count, "cells": _count(kept)}))


def ours(cells: Path, out: Path) -> None:
    from ncpi_field.reports.workbook import Sheet, write_workbook  # noqa: PLC0415

    kept = json.loads(cells.read_text())
    write_workbook(out, [Sheet(title, header, rows, len(rows)) for title, header, rows in kept])
    print(json.dumps({"cells": _count(kept)}))


def raw(cells: Path, out: Path) -> None:
    kept = json.loads(cells.read_text())
    book = Workbook(write_only=True)
    for title, header, rows in kept:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    book.save(str(out))
    print(json.dumps({"cells": _count(kept)}))


def _count(kept: list[Any]) -> int:
    return sum(len(header) * (1 + len(rows)) for _title, header, rows in kept)


if __name__ == "__main__":
    mode, cells_path, target = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    if mode == "build":
        build(cells_path, int(target))
    elif mode == "ours":
        ours(cells_path, Path(target))
    else:
        raw(cells_path, Path(target))
