"""Issue 10's benchmark figures run end to end on tiny inputs, so the probes cannot rot unseen.

Sizes are shrunk, not the path: the same build probe, the installed ``ncpi-field`` commands and
the same baseline processes run, so a changed CLI, bundle API or row layout fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from benchmarks import run_all, sync_figures
from benchmarks.common import Workspace


@pytest.fixture(scope="module")
def space() -> Iterator[Workspace]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sync_figures, "BUNDLES", 2)
        patch.setattr(sync_figures, "PER_BUNDLE", 3)
        patch.setattr(sync_figures, "EXPORT_VERSIONS", 3)
        patch.setattr(sync_figures, "BIG_MB", 1)
        workspace = Workspace()
        try:
            yield workspace
        finally:
            workspace.close()


def test_every_sync_figure_is_selectable_by_name() -> None:
    assert {"bundle-import", "bundle-export", "bundle-rss", "seal"} <= set(run_all.FIGURES)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["bundle-import", "bundle-export", "bundle-rss", "seal"])
def test_figure_measures_on_tiny_inputs(space: Workspace, name: str) -> None:
    figures = run_all.FIGURES[name](space, 1)
    assert figures
    for figure in figures:
        # Every subject line carries a measured number (a time or a size), never a blank.
        assert re.search(r"\d", figure.subject)
        assert isinstance(figure.met, bool)


@pytest.mark.slow
def test_the_tiny_build_made_the_bundles_it_was_asked_for(space: Workspace) -> None:
    root = sync_figures.inputs(space)
    assert len(list((root / "bundles").iterdir())) == 2
    assert (root / "export-vault").is_dir()
    assert (root / "rows.json").stat().st_size > 0


@pytest.mark.slow
def test_the_import_figure_imports_every_version(space: Workspace) -> None:
    root = sync_figures.inputs(space)
    files = sorted((root / "bundles").iterdir())
    done = sync_figures._import(space, root, files)
    assert done.stdout.count("3 new version(s)") == 2


@pytest.mark.slow
def test_the_local_save_baseline_saves_every_version(space: Workspace) -> None:
    root = sync_figures.inputs(space)
    assert sync_figures._local_save(space, root).json() == {"versions": 6}


@pytest.mark.slow
def test_the_import_figure_has_a_line_against_the_local_save(space: Workspace) -> None:
    plain, local = run_all.FIGURES["bundle-import"](space, 1)
    assert "plain SQLite" in plain.baseline
    assert "local save" in local.name
    assert "VaultService.add_records" in local.baseline
    assert re.fullmatch(r"\d+\.\d\dx", local.ratio)
