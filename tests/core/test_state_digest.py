"""Issue 7, item 14: the state digest covers every version's full content and the heads.

Before the fix it hashed the version ids alone, so none of these changes moved it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from ncpi_field import records
from ncpi_field.records import Draft, Version, VersionId
from ncpi_field.vault import Vault


def save(vault: Vault, draft: Draft) -> Version:
    """One save through a write transaction (what the use-case API does)."""
    with vault.write_transaction("the record") as cursor:
        return records.save(cursor, draft, vault.identity.device_id, vault.clock)


ANSWERS = {"audit_ref": "CA-007", "grade": "good", "notes": "seen ✓", "count": 3, "tags": ["a"]}


@pytest.fixture
def filled(vault: Vault) -> tuple[Vault, Version]:
    first = save(vault, Draft(form_id="case_audit", answers=ANSWERS, status="draft"))
    second = save(
        vault,
        Draft(
            form_id="case_audit",
            answers={**ANSWERS, "grade": "inadequate"},
            record_id=first.record_id,
            status="draft",
        ),
    )
    save(vault, Draft(form_id="observation", answers={"title": "MASH visit"}, status="draft"))
    return vault, second


def digest(vault: Vault) -> str:
    with vault.session() as session:
        return records.state_digest(session)


def execute(vault: Vault, sql: str, **params: object) -> None:
    with vault.session() as session:
        session.execute(text(sql), params)


def _one_byte_changes(value: object) -> Iterator[object]:
    """Every answer value with one character (or digit, or flag) altered."""
    if isinstance(value, str):
        for i in range(len(value)):
            yield value[:i] + chr(ord(value[i]) ^ 1) + value[i + 1 :]
    elif isinstance(value, bool):
        yield not value
    elif isinstance(value, int):
        yield value ^ 1
    elif isinstance(value, list):
        for i, item in enumerate(value):
            for changed in _one_byte_changes(item):
                yield [*value[:i], changed, *value[i + 1 :]]


def test_a_one_byte_change_in_any_answer_changes_the_digest(
    filled: tuple[Vault, Version],
) -> None:
    vault, version = filled
    before = digest(vault)
    seen = {before}
    for field, value in ANSWERS.items():
        for changed in _one_byte_changes(value):
            answers = {**version.answers, field: changed}
            execute(
                vault,
                "UPDATE versions SET answers = :a WHERE version_id = :v",
                a=records.canonical_answers(answers),
                v=version.version_id,
            )
            now = digest(vault)
            assert now not in seen, (field, changed)
            seen.add(now)
    execute(
        vault,
        "UPDATE versions SET answers = :a WHERE version_id = :v",
        a=records.canonical_answers(version.answers),
        v=version.version_id,
    )
    assert digest(vault) == before


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("status", "withdrawn"),
        ("tombstone", 1),
        ("form_version", "2"),
        ("form_id", "other_form"),
        ("author_device", "another-device"),
        ("hlc", "0000000000000-0000-zzzz"),
        ("saved_at", "2020-01-01T00:00:00.000+00:00"),
    ],
)
def test_any_other_field_of_a_version_changes_the_digest(
    filled: tuple[Vault, Version], column: str, value: object
) -> None:
    vault, version = filled
    before = digest(vault)
    execute(
        vault,
        f"UPDATE versions SET {column} = :x WHERE version_id = :v",  # noqa: S608 - fixed names
        x=value,
        v=version.version_id,
    )
    assert digest(vault) != before


def test_parents_and_heads_are_covered(filled: tuple[Vault, Version]) -> None:
    vault, version = filled
    before = digest(vault)
    execute(vault, "DELETE FROM version_parents WHERE version_id = :v", v=version.version_id)
    without_parent = digest(vault)
    assert without_parent != before
    execute(vault, "DELETE FROM heads WHERE version_id = :v", v=version.version_id)
    assert digest(vault) not in (before, without_parent)


def test_a_status_change_and_a_deletion_through_saves_change_it(
    filled: tuple[Vault, Version],
) -> None:
    vault, version = filled
    seen = {digest(vault)}
    save(
        vault, Draft("case_audit", version.answers, record_id=version.record_id, status="withdrawn")
    )
    seen.add(digest(vault))
    save(vault, Draft("case_audit", {}, record_id=version.record_id, tombstone=True))
    seen.add(digest(vault))
    assert len(seen) == 3


def _versions(count: int) -> list[Version]:
    rng = random.Random(14)
    made: list[Version] = []
    for i in range(count):
        parent = rng.choice(made) if made and rng.random() < 0.5 else None
        made.append(
            Version(
                version_id=VersionId(f"{rng.getrandbits(64):016x}-{i}"),
                record_id=parent.record_id if parent else records.RecordId(f"record-{i}"),
                parents=(parent.version_id,) if parent else (),
                form_id=parent.form_id if parent else "observation",
                form_version="1",
                author_device=f"device-{i % 3}",
                hlc=f"{1_700_000_000_000 + i:013d}-0000-device-{i % 3}",
                status="complete",
                tombstone=i % 7 == 0,
                answers={"title": f"visit {i}", "n": i, "nested": {"b": [i, None], "a": True}},
                saved_at=f"2026-11-{1 + i % 28:02d}T10:00:00.000+00:00",
            )
        )
    return made


def test_the_same_versions_in_any_order_give_the_same_digest(
    tmp_path: Path, passphrase: str
) -> None:
    versions = _versions(40)
    digests = []
    for n, order in enumerate([versions, versions[::-1], random.Random(7).sample(versions, 40)]):
        vault, _ = Vault.create(tmp_path / f"v{n}", passphrase)
        try:
            with vault.write_transaction("the versions") as cursor:
                for version in order:
                    # Key order in storage must not matter either.
                    body = json.dumps(dict(reversed(list(version.answers.items()))))
                    records.add(cursor, version, body if n else None)
            digests.append(digest(vault))
        finally:
            vault.lock()
    assert len(set(digests)) == 1


def test_the_digest_is_the_same_in_a_fresh_session(filled: tuple[Vault, Version]) -> None:
    vault, _ = filled
    assert digest(vault) == digest(vault) == vault.status().state_digest
