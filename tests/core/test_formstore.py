"""Form definitions in the vault: kept by hash, loaded by version or hash; shipped forms listed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ncpi_field import formstore
from ncpi_field.errors import FormNotFound
from ncpi_field.models import FormDefinition
from ncpi_field.vault import Vault
from ncpi_field.xlsform.attachments import definition_bytes
from ncpi_field.xlsform.problems import FormRejected

FORM_V1 = b"""| survey |
| | type | name | label |
| | text | audit_ref | Audit reference |
| settings |
| | form_id | version |
| | case_audit | 1 |
"""
FORM_V2 = FORM_V1.replace(b"| case_audit | 1 |", b"| case_audit | 2 |").replace(
    b"Audit reference", b"Audit ref"
)


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    formstore.SPECS.clear()


def definitions(vault: Vault) -> int:
    with vault.session() as session:
        return session.scalar(select(func.count()).select_from(FormDefinition)) or 0


def test_storing_is_idempotent_by_hash(vault: Vault) -> None:
    with vault.session() as session:
        first = formstore.store_definition(session, FORM_V1, "case_audit.md")
    with vault.session() as session:
        again = formstore.store_definition(session, FORM_V1, "renamed.md")
    assert first == again
    assert definitions(vault) == 1


def test_revisions_are_kept_side_by_side(vault: Vault) -> None:
    with vault.session() as session:
        one = formstore.store_definition(session, FORM_V1, "case_audit.md")
        two = formstore.store_definition(session, FORM_V2, "case_audit.md")
    with vault.session() as session:
        assert formstore.load_definition(session, "case_audit", "1") == one
        assert formstore.load_definition(session, "case_audit", two.sha256) == two
        assert formstore.stored_definitions(session) == [
            ("case_audit", "1", one.sha256),
            ("case_audit", "2", two.sha256),
        ]
    assert one.node("audit_ref").label.get() == "Audit reference"


def test_a_bad_workbook_is_refused_and_nothing_is_stored(vault: Vault) -> None:
    bad = FORM_V1.replace(b"| text |", b"| geopoint |")
    with vault.session() as session, pytest.raises(FormRejected) as caught:
        formstore.store_definition(session, bad, "case_audit.md")
    assert caught.value.problems[0].row == 2
    assert definitions(vault) == 0


def test_loading_an_unknown_form_is_a_clear_error(vault: Vault) -> None:
    with vault.session() as session, pytest.raises(FormNotFound):
        formstore.load_definition(session, "case_audit", "9")
    with vault.session() as session:
        stored = formstore.store_definition(session, FORM_V1, "case_audit.md")
    with vault.session() as session, pytest.raises(FormNotFound):
        formstore.load_definition(session, "observation", stored.sha256)


def test_loading_reparses_once_then_uses_the_cache(vault: Vault) -> None:
    with vault.session() as session:
        formstore.store_definition(session, FORM_V1, "case_audit.md")
    formstore.SPECS.clear()
    with vault.session() as session:
        first = formstore.load_definition(session, "case_audit", "1")
        second = formstore.load_definition(session, "case_audit", "1")
    assert first is second


def test_a_definition_survives_lock_and_unlock(vault_dir: Path, passphrase: str) -> None:
    opened, _code = Vault.create(vault_dir, passphrase)
    with opened.session() as session:
        stored = formstore.store_definition(session, FORM_V1, "case_audit.md")
    opened.lock()
    formstore.SPECS.clear()
    reopened = Vault.unlock(vault_dir, passphrase)
    with reopened.session() as session:
        assert formstore.load_definition(session, "case_audit", stored.sha256) == stored
    reopened.lock()


@pytest.fixture
def shipped_dir(tmp_path: Path, data_dir: Path) -> Path:
    shipped = tmp_path / "forms"
    shipped.mkdir()
    (shipped / "__init__.py").write_text('"""Test instruments."""\n')
    (shipped / "README.md").write_text("# Not a form\n")
    corpus = data_dir / "xlsform-corpus"
    for name in ("yes_or_no_question.xlsx", "specify_other.md", "loop.xlsx"):
        shutil.copy(corpus / name, shipped / name)
    return shipped


def test_installed_forms_lists_the_shipped_workbooks_that_check(shipped_dir: Path) -> None:
    forms = formstore.installed_forms(shipped_dir)
    assert [(f.form_id, f.version, f.path.name) for f in forms] == [
        ("specify_other", "", "specify_other.md"),
        ("yes_or_no_question", "", "yes_or_no_question.xlsx"),
    ]
    assert all(len(f.sha256) == 64 for f in forms)
    problems = formstore.installed_form_problems(shipped_dir)
    assert list(problems) == ["loop.xlsx"]


def test_installed_forms_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert formstore.installed_forms(tmp_path / "no_such_forms_folder") == []


def test_a_form_with_a_choice_file_is_kept_whole_in_the_vault(
    vault_dir: Path, passphrase: str, tmp_path: Path, data_dir: Path
) -> None:
    folder = tmp_path / "visit"
    folder.mkdir()
    features = data_dir / "xlsform-features"
    for name in ("school_visit_from_file.md", "schools.csv", "districts.xml", "facilities.csv"):
        shutil.copy(features / name, folder / name)
    workbook = folder / "school_visit_from_file.md"
    spec = formstore.read_form_file(workbook)
    definition = definition_bytes(workbook, workbook.read_bytes())
    opened, _code = Vault.create(vault_dir, passphrase)
    with opened.session() as session:
        stored = formstore.store_definition(session, definition, workbook.name)
    opened.lock()
    shutil.rmtree(folder)  # the attachments travel inside the definition, not beside it
    formstore.SPECS.clear()
    reopened = Vault.unlock(vault_dir, passphrase)
    with reopened.session() as session:
        loaded = formstore.load_definition(session, "school_visit", stored.sha256)
    reopened.lock()
    assert stored == spec == loaded
    assert (
        loaded.choices["schools.csv#school_code/school_name"].label_of("S101")
        == "Riverside Primary"
    )


def test_a_shipped_form_with_a_choice_file_is_installed_with_it(
    shipped_dir: Path, data_dir: Path
) -> None:
    features = data_dir / "xlsform-features"
    for name in ("school_visit_from_file.md", "schools.csv", "districts.xml", "facilities.csv"):
        shutil.copy(features / name, shipped_dir / name)
    forms = {f.form_id: f for f in formstore.installed_forms(shipped_dir)}
    assert "school_visit" in forms
    assert "school_visit_from_file.md" not in formstore.installed_form_problems(shipped_dir)
