"""SECURITY.md 12 for bundles: a full disk during export is a clear error and changes nothing."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from sync_helpers import draft, import_one
from team_helpers import Team

from ncpi_field.errors import StorageError
from sync import bundle_export, team
from sync.errors import TeamError


def test_a_full_disk_during_export_leaves_nothing_and_uses_no_sequence(
    team_vaults: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft(team_vaults.alice)
    out = tmp_path / "out"
    out.mkdir()

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", full)
        with pytest.raises(StorageError, match="the disk is full"):
            bundle_export.export_bundle(team_vaults.alice, out / "a.bundle")
    assert list(out.iterdir()) == []
    done = bundle_export.export_bundle(team_vaults.alice, out / "a.bundle")
    assert done.header.recipients[0].sequence == 1
    assert done.header.versions == 1
    assert import_one(team_vaults.lead, done.path).new_versions == 1


def test_exporting_with_no_one_to_send_to_says_so(team_vaults: Team, tmp_path: Path) -> None:
    team.revoke(team_vaults.alice, team_vaults.lead.identity.device_id)
    with pytest.raises(TeamError, match="trusts no device"):
        bundle_export.export_bundle(team_vaults.alice, tmp_path / "a.bundle")
    assert list(tmp_path.iterdir()) == [tmp_path / "team"]
