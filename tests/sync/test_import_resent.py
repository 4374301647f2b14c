"""A version the vault already holds with the same content is not checked against its form
again (it was checked when it was stored); one with the same id and other content is refused."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from sync_helpers import complete_audit, draft, export, import_one
from team_helpers import Team

from ncpi_field.completion_check import CompletionCheck
from ncpi_field.xlsform.spec import FormSpec
from sync.errors import BundleSchemaError


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The form id of every completion check the import runs, in order."""
    seen: list[str] = []
    passes = CompletionCheck.passes

    def counted(self: CompletionCheck, spec: FormSpec, answers: Mapping[str, Any]) -> bool:
        seen.append(spec.form_id)
        return passes(self, spec, answers)

    monkeypatch.setattr(CompletionCheck, "passes", counted)
    return seen


def test_versions_sent_back_are_not_checked_again(
    team_vaults: Team, tmp_path: Path, checks: list[str]
) -> None:
    """Alice's two audits go to the lead and come back in the lead's bundle beside the lead's
    own: only the lead's is checked when Alice imports it."""
    complete_audit(team_vaults.alice)
    complete_audit(team_vaults.alice)
    first = import_one(team_vaults.lead, export(team_vaults.alice, tmp_path / "a.bundle"))
    assert (first.new_versions, len(checks)) == (2, 2)
    complete_audit(team_vaults.lead)
    checks.clear()
    back = import_one(team_vaults.alice, export(team_vaults.lead, tmp_path / "lead.bundle"))
    assert (back.new_versions, back.already_present) == (1, 2)
    assert checks == ["case_audit"]
    assert team_vaults.alice.status().state_digest == team_vaults.lead.status().state_digest


def test_a_resent_complete_version_with_other_answers_is_refused(
    team_vaults: Team, tmp_path: Path, checks: list[str]
) -> None:
    version_id = complete_audit(team_vaults.alice)
    import_one(team_vaults.lead, export(team_vaults.alice, tmp_path / "a.bundle"))
    before = team_vaults.lead.status().state_digest
    with team_vaults.alice.vault.write_transaction("a forgery") as cursor:
        cursor.execute(
            "UPDATE versions SET answers = json_set(answers, '$.audit_ref', 'CA-999')"
            " WHERE version_id = ?",
            (version_id,),
        )
    rewritten = export(team_vaults.alice, tmp_path / "b.bundle", full=True)
    with pytest.raises(BundleSchemaError, match="differs"):
        import_one(team_vaults.lead, rewritten)
    assert team_vaults.lead.status().state_digest == before


@pytest.mark.parametrize("change", ["drop", "add"])
def test_a_resent_version_with_other_parents_is_refused(
    team_vaults: Team, tmp_path: Path, change: str
) -> None:
    first = draft(team_vaults.alice, "OBS-1")
    record = team_vaults.alice.list_records()[0].record_id
    second = draft(team_vaults.alice, "OBS-2", record_id=record)
    other = draft(team_vaults.alice, "OBS-3")
    import_one(team_vaults.lead, export(team_vaults.alice, tmp_path / "a.bundle"))
    before = team_vaults.lead.status().state_digest
    with team_vaults.alice.vault.write_transaction("a forgery") as cursor:
        if change == "drop":
            cursor.execute("DELETE FROM version_parents WHERE version_id = ?", (second,))
        else:  # the same parent and one more: a list compared whole, not a prefix
            cursor.execute(
                "INSERT INTO version_parents (version_id, parent_id) VALUES (?, ?)",
                (second, other),
            )
    assert first != second
    rewritten = export(team_vaults.alice, tmp_path / "b.bundle", full=True)
    with pytest.raises(BundleSchemaError, match="differs"):
        import_one(team_vaults.lead, rewritten)
    assert team_vaults.lead.status().state_digest == before


def test_a_resent_bundle_stores_nothing_and_checks_nothing(
    team_vaults: Team, tmp_path: Path, checks: list[str]
) -> None:
    """A full re-export of versions the lead holds: all present, none checked, no change."""
    complete_audit(team_vaults.alice)
    draft(team_vaults.alice, "OBS-1")
    import_one(team_vaults.lead, export(team_vaults.alice, tmp_path / "a.bundle"))
    before = team_vaults.lead.status().state_digest
    checks.clear()
    resent = export(team_vaults.alice, tmp_path / "b.bundle", full=True)
    again = import_one(team_vaults.lead, resent)
    assert (again.new_versions, again.already_present, again.already_imported) == (0, 2, False)
    assert checks == []
    assert team_vaults.lead.status().state_digest == before
