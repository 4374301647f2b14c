"""The on-disk form cache: exact round trips, strict checks on load, and formstore using it."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from ncpi_field import form_cache, formstore
from ncpi_field.xlsform.reader import read_form
from ncpi_field.xlsform.spec import FormSpec

FORMS = Path(__file__).resolve().parents[2] / "forms"
INSTRUMENTS = ("case_audit", "reality_test", "observation", "debrief", "inspection")


def workbook(name: str) -> tuple[Path, str]:
    path = FORMS / f"{name}.xlsx"
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", INSTRUMENTS)
def test_round_trip_is_exact(name: str, tmp_path: Path) -> None:
    path, sha = workbook(name)
    spec = read_form(path)
    form_cache.store(spec, path.stem, tmp_path)
    assert form_cache.load(sha, path.stem, tmp_path) == spec
    assert form_cache.from_json(json.loads(json.dumps(form_cache.to_json(spec)))) == spec


def test_cached_spec_parses_once(tmp_path: Path) -> None:
    path, sha = workbook("debrief")
    parses: list[FormSpec] = []

    def parse() -> FormSpec:
        parses.append(read_form(path))
        return parses[-1]

    first = form_cache.cached_spec(sha, path.stem, parse, tmp_path)
    second = form_cache.cached_spec(sha, path.stem, parse, tmp_path)
    assert first == second
    assert len(parses) == 1
    assert json.loads((tmp_path / f"{sha}.json").read_text())["format"] == form_cache.FORMAT


def _entry(tmp_path: Path) -> tuple[Path, str, dict[str, object]]:
    path, sha = workbook("observation")
    form_cache.store(read_form(path), path.stem, tmp_path)
    cached = tmp_path / f"{sha}.json"
    return cached, sha, json.loads(cached.read_text())


@pytest.mark.parametrize(
    "spoil",
    [
        lambda e: e.update(format=form_cache.FORMAT + 1),
        lambda e: e.update(reader="0" * 64),
        lambda e: e.update(stem="another_file"),
        lambda e: e["spec"].update(sha256="f" * 64),
        lambda e: e["spec"].update(children="not a list"),
        lambda e: e["spec"]["children"][0].update(row="7"),
        lambda e: e["spec"]["children"][0].update(node="widget"),
        lambda e: e["spec"]["choices"].update(yes_no=[]),
        lambda e: e["spec"].pop("languages"),
        lambda e: e["spec"].update(title_field=7),
        lambda e: e["spec"].update(pii_blocks_completion="yes"),
        lambda e: e["spec"].pop("pii_blocks_completion"),
    ],
    ids=[
        "format",
        "reader",
        "stem",
        "sha",
        "children",
        "row",
        "node",
        "choices",
        "missing",
        "title_field",
        "pii_flag",
        "missing_pii_flag",
    ],
)
def test_a_spoilt_entry_is_ignored(tmp_path: Path, spoil: object) -> None:
    cached, sha, entry = _entry(tmp_path)
    spoil(entry)  # type: ignore[operator]
    cached.write_text(json.dumps(entry))
    assert form_cache.load(sha, "observation", tmp_path) is None


def test_unknown_question_kinds_are_refused(tmp_path: Path) -> None:
    cached, sha, entry = _entry(tmp_path)
    questions = [n for n in entry["spec"]["children"][0]["children"] if n["node"] == "question"]  # type: ignore[index]
    questions[0]["kind"] = "geopoint"
    cached.write_text(json.dumps(entry))
    assert form_cache.load(sha, "observation", tmp_path) is None


@pytest.mark.parametrize("content", [b"", b"not json", b"[]", b"\xff\xfe", b'{"format": 1}'])
def test_garbage_is_ignored(tmp_path: Path, content: bytes) -> None:
    _path, sha = workbook("debrief")
    (tmp_path / f"{sha}.json").write_bytes(content)
    assert form_cache.load(sha, "debrief", tmp_path) is None


def test_a_spoilt_entry_is_replaced_by_a_fresh_parse(tmp_path: Path) -> None:
    path, sha = workbook("debrief")
    (tmp_path / f"{sha}.json").write_text("{}")
    spec = form_cache.cached_spec(sha, path.stem, lambda: read_form(path), tmp_path)
    assert form_cache.load(sha, path.stem, tmp_path) == spec


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    path, sha = workbook("debrief")
    spec = form_cache.cached_spec(sha, path.stem, lambda: read_form(path), blocker / "forms")
    assert spec.form_id == "debrief"


def test_the_cache_lives_in_the_user_cache_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert form_cache.cache_dir() == tmp_path / "ncpi-field" / "forms"


def test_formstore_reads_installed_forms_from_the_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    formstore.SPECS.clear()
    first = formstore.installed_forms()
    assert {f.form_id for f in first} == set(INSTRUMENTS)
    assert {p.stem for p in (tmp_path / "ncpi-field" / "forms").iterdir()} == {
        f.sha256 for f in first
    }

    def no_parse(*_args: object, **_kwargs: object) -> FormSpec:
        raise AssertionError("parsed although the cache holds the spec")

    formstore.SPECS.clear()
    monkeypatch.setattr(formstore, "read_form", no_parse)
    try:
        assert formstore.installed_forms() == first
    finally:
        formstore.SPECS.clear()


def test_the_cache_directory_is_private_whatever_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 7 item 4: a cache others can write lets them plant a form."""
    monkeypatch.setenv(form_cache.CACHE_ENV, str(tmp_path / "xdg"))
    path, sha = workbook("observation")
    old = os.umask(0)
    try:
        form_cache.store(read_form(path), path.stem)
    finally:
        os.umask(old)
    where = form_cache.cache_dir()
    for directory in (where, where.parent):
        assert directory.stat().st_mode & 0o777 == 0o700, directory
    assert (where / f"{sha}.json").stat().st_mode & 0o077 == 0
    assert form_cache.load(sha, path.stem) is not None


def test_a_cache_others_can_write_is_not_read_and_is_tightened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(form_cache.CACHE_ENV, str(tmp_path / "xdg"))
    path, sha = workbook("observation")
    spec = read_form(path)
    form_cache.store(spec, path.stem)
    form_cache.cache_dir().chmod(0o777)
    assert form_cache.load(sha, path.stem) is None
    form_cache.store(spec, path.stem)
    assert form_cache.cache_dir().stat().st_mode & 0o777 == 0o700
    assert form_cache.load(sha, path.stem) == spec
