"""``ncpi-field debrief`` and ``return-note``: files written, issues frozen, refusals in words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.cli_helpers import run
from ui.cli import EXIT_OK, EXIT_USER


@pytest.mark.usefixtures("env")
def test_write_issue_list_and_fetch_again(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], tmp_path: Path, qapp: Any
) -> None:
    vault = str(created_vault[0])
    assert run(capsys, "demo", "--vault", vault)[0] == EXIT_OK
    files = {fmt: tmp_path / f"hot.{fmt}" for fmt in ("pdf", "docx", "html")}
    code, out, _ = run(
        capsys, "debrief", "--vault", vault, "--kind", "hot",
        *(arg for fmt, path in files.items() for arg in (f"--{fmt}", str(path))),
    )  # fmt: skip
    assert code == EXIT_OK
    assert "written, not issued" in out
    assert files["pdf"].read_bytes().startswith(b"%PDF")
    assert files["docx"].read_bytes().startswith(b"PK")
    assert b"Hot debrief: written summary" in files["html"].read_bytes()
    code, out, _ = run(capsys, "debrief", "issued", "--vault", vault)
    assert (code, out.strip()) == (EXIT_OK, "Nothing has been issued from this vault.")

    issued_pdf = tmp_path / "issued.pdf"
    code, out, _ = run(
        capsys, "debrief", "issue", "--vault", vault, "--kind", "hot", "--pdf", str(issued_pdf)
    )
    assert code == EXIT_OK
    assert "version 1" in out
    code, out, _ = run(capsys, "debrief", "issued", "--vault", vault, "--json")
    rows = json.loads(out)
    assert [(r["document"], r["audience"], r["number"]) for r in rows] == [
        ("hot_debrief", "force", 1)
    ]
    again = tmp_path / "again.pdf"
    code, _, _ = run(
        capsys, "debrief", "issued", "--vault", vault, "--get", rows[0]["issue_id"],
        "--pdf", str(again),
    )  # fmt: skip
    assert code == EXIT_OK
    assert again.read_bytes() == issued_pdf.read_bytes()


@pytest.mark.usefixtures("env")
def test_refusals_are_one_line_with_exit_3(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    vault = str(created_vault[0])
    out_file = str(tmp_path / "x.pdf")
    code, _, err = run(capsys, "debrief", "--vault", vault, "--kind", "hot", "--pdf", out_file)
    assert (code, err.strip()) == (EXIT_USER, "ncpi-field: No hot debrief is in this vault.")
    code, _, err = run(capsys, "debrief", "--vault", vault, "--kind", "hot")
    assert code == EXIT_USER
    assert "--pdf" in err
    assert not Path(out_file).exists()


@pytest.mark.usefixtures("env")
def test_return_note_with_the_force_reference_warns_and_prints_it_on_the_copy(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], tmp_path: Path, qapp: Any
) -> None:
    vault = str(created_vault[0])
    assert run(capsys, "demo", "--vault", vault)[0] == EXIT_OK
    code, out, _ = run(capsys, "returned", "list", "--vault", vault, "--json")
    record_id = json.loads(out)[0]["record_id"]
    code, reference, _ = run(capsys, "caseref", "show", "--vault", vault, record_id)
    docx_file = tmp_path / "note.docx"
    code, out, err = run(
        capsys, "return-note", record_id, "--vault", vault, "--docx", str(docx_file),
        "--with-force-reference",
    )  # fmt: skip
    assert code == EXIT_OK
    assert "Warning: this note carries the force's own case reference" in err
    assert "the vault keeps the note without it" in out
    from tests.reports.reports_helpers import docx_text  # noqa: PLC0415

    printed = reference.strip() in docx_text(docx_file.read_bytes())
    assert printed
    code, out, _ = run(capsys, "debrief", "issued", "--vault", vault, "--json")
    assert [r["document"] for r in json.loads(out)] == ["return_note"]
