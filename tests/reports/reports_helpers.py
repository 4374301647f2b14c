"""A demo inspection in a vault, and the documents read back as text (pypdf, python-docx)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pypdf

from ncpi_field.demo import fill_vault
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault

PASSPHRASE = "correct horse battery staple"
NOW = dt.datetime(2026, 3, 6, 17, 0)


def demo_service(template: Path, directory: Path, seed: int = 1) -> VaultService:
    shutil.copytree(template, directory)
    service = VaultService(Vault.unlock(directory, PASSPHRASE))
    fill_vault(service, seed=seed, now=NOW)
    return service


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, whitespace runs made single spaces (pypdf gives tabs between words)."""
    return [
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages
    ]


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [c.text for row in table.rows for c in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def docx_tables(data: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def heads(service: VaultService, form_id: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(title, answers) of every complete, live, unconflicted record of a form."""
    for summary in service.list_records():
        if summary.form_id == form_id and summary.status == "complete" and not summary.in_conflict:
            yield summary.title, dict(service.record(summary.record_id).heads[0].answers)


def record_id_of(service: VaultService, title: str) -> str:
    return next(s.record_id for s in service.list_records() if s.title == title)
