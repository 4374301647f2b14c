"""What changed between versions: labels, values as shown, repeats by entry, merges per parent."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ncpi_field.form_labels import FormLabels, installed_labels
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from ncpi_field.version_diff import field_changes

LABELS = FormLabels(
    questions={"grade": "Grade", "flags": "Flags", "actions": "Actions", "owner": "Owner",
               "note": "Note", "rank": "Rank"},
    choices={"grade": {"good": "Good", "bad": "Inadequate"},
             "flags": {"a": "Alpha", "b": "Beta"}},
    computed=frozenset({"rank"}),
    repeats=frozenset({"actions"}),
)  # fmt: skip
flat = st.dictionaries(
    st.sampled_from(["note", "grade", "other"]), st.text(min_size=1, max_size=5), max_size=3
)


def test_choices_are_shown_by_label_and_lists_joined() -> None:
    changes = field_changes(
        {"grade": "good", "flags": ["a"]}, {"grade": "bad", "flags": ["a", "b"]}, LABELS
    )
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("Grade", "Good", "Inadequate"),
        ("Flags", "Alpha", "Alpha, Beta"),
    ]


def test_repeats_are_compared_entry_by_entry() -> None:
    before = {"actions": [{"owner": "DS", "note": "x"}]}
    after = {"actions": [{"note": "x", "owner": "DI"}, {"owner": "PC"}]}
    changes = field_changes(before, after, LABELS)
    assert [(c.field, c.label, c.before, c.after) for c in changes] == [
        ("actions[0].owner", "Actions, entry 1: Owner", "DS", "DI"),
        ("actions[1].owner", "Actions, entry 2: Owner", "", "PC"),
    ]


def test_calculated_fields_and_empty_forms_of_unanswered_are_no_change() -> None:
    assert field_changes({"rank": "1", "note": ""}, {"rank": "2", "flags": []}, LABELS) == []


@given(before=flat, after=flat)
def test_the_changed_fields_are_exactly_those_that_differ(
    before: dict[str, str], after: dict[str, str]
) -> None:
    changes = field_changes(before, after, LABELS)
    assert {c.field for c in changes} == {
        k for k in {*before, *after} if before.get(k) != after.get(k)
    }
    back = field_changes(after, before, LABELS)
    assert [(c.field, c.before, c.after) for c in back] == [
        (c.field, c.after, c.before) for c in changes
    ]
    assert field_changes(after, after, LABELS) == []


def test_history_compares_each_version_with_each_parent(vault: Vault) -> None:
    service = VaultService(vault)
    first = service.put_draft("case_audit", {"audit_ref": "CA-1", "primary_category": "CSE"})
    record, base = first.version.record_id, first.version.version_id
    left = service.put_draft(
        "case_audit", {"audit_ref": "CA-1", "primary_category": "MISSING"},
        record_id=record, parents=[base],
    )  # fmt: skip
    right = service.put_draft(
        "case_audit", {"audit_ref": "CA-2", "primary_category": "CSE"},
        record_id=record, parents=[base],
    )  # fmt: skip
    heads = [left.version.version_id, right.version.version_id]
    service.put_draft(
        "case_audit", {"audit_ref": "CA-2", "primary_category": "MISSING"},
        record_id=record, parents=heads,
    )  # fmt: skip
    entries = service.history_changes(record)
    assert [e.compared_with for e in entries[:3]] == [None, base, base]
    labels = installed_labels("case_audit")
    category = labels.label("primary_category")
    missing = labels.shown("primary_category", "MISSING")
    assert ("Status", "", "Draft") in [(c.label, c.before, c.after) for c in entries[0].changes]
    assert [(c.label, c.after) for c in entries[1].changes] == [(category, missing)]
    merge = entries[3:]
    assert sorted(e.compared_with or "" for e in merge) == sorted(heads)
    assert all(len(e.changes) == 1 for e in merge)  # each parent differs by one answer
    me = service.identity.device_id
    assert {e.author for e in entries} == {f"device {me[:8]}"}
    service.delete(record)
    last = service.history_changes(record)[-1]
    assert [(c.label, c.before, c.after) for c in last.changes] == [("Deleted", "no", "yes")]
