"""Export and import report their progress to a callback (the app's progress bars)."""

from __future__ import annotations

from pathlib import Path

from sync_helpers import draft
from team_helpers import Team

from sync import bundle_export, bundle_import


def test_export_reports_versions_written_up_to_the_total(team_vaults: Team, tmp_path: Path) -> None:
    for n in range(3):
        draft(team_vaults.alice, f"OBS-{n}")
    seen: list[tuple[int, int]] = []
    done = bundle_export.export_bundle(
        team_vaults.alice, tmp_path / "a.bundle", progress=lambda *step: seen.append(step)
    )
    assert seen[-1] == (3, 3) == (done.header.versions, done.header.versions)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_import_reports_each_file_even_a_refused_one(team_vaults: Team, tmp_path: Path) -> None:
    draft(team_vaults.alice)
    good = tmp_path / "a.bundle"
    bundle_export.export_bundle(team_vaults.alice, good)
    junk = tmp_path / "junk.bundle"
    junk.write_bytes(b"junk")
    seen: list[tuple[int, int]] = []
    results = bundle_import.import_bundles(
        team_vaults.lead, [junk, good], progress=lambda *step: seen.append(step)
    )
    assert seen == [(1, 2), (2, 2)]
    assert isinstance(results[0], bundle_import.Refused)
    assert isinstance(results[1], bundle_import.Imported)
