"""Evidence links cite real records of the right kinds, and findings are triangulated."""

from __future__ import annotations

from collections import Counter

import pytest
from demo_helpers import SEEDS, evidence_answers, forms, inspection, of_form

KINDS = {
    "supporting_evidence": {"case_audit", "reality_test", "observation"},
    "linked_records": {"case_audit", "reality_test", "observation"},
    "linked_case_audits": {"case_audit"},
    "corroboration_links": {"observation", "case_audit"},
    "corroborating_records": {"case_audit", "reality_test"},
    "cases_returned": {"case_audit"},
}
NEEDS_EVIDENCE = ("area_for_improvement", "cause_of_concern", "accelerated_cause_of_concern")


@pytest.mark.parametrize("seed", SEEDS)
def test_links_point_to_records_of_the_right_kinds(seed: int) -> None:
    records = inspection(seed)
    kind_of = {r.record_id: r.form_id for r in records}
    cited = Counter[str]()
    for record in records:
        for name, ids in evidence_answers(forms()[record.form_id], record.answers):
            assert ids, f"{record.ref} {name} is empty"
            assert len(set(ids)) == len(ids), f"{record.ref} {name} repeats a record"
            assert {kind_of.get(i) for i in ids} <= KINDS[name], f"{record.ref} {name}"
            assert record.record_id not in ids, f"{record.ref} cites itself"
            cited[name] += 1
    assert set(cited) == set(KINDS)


@pytest.mark.parametrize("seed", SEEDS)
def test_findings_that_need_evidence_are_triangulated(seed: int) -> None:
    records = inspection(seed)
    kind_of = {r.record_id: r.form_id for r in records}
    for debrief in of_form(records, "debrief"):
        for item in debrief.answers["items"]:
            if item["item_type"] not in NEEDS_EVIDENCE:
                continue
            cited = item["supporting_evidence"]
            assert len(cited) >= 2, debrief.ref
            assert len({kind_of[i] for i in cited}) >= 2, debrief.ref


@pytest.mark.parametrize("seed", SEEDS)
def test_debriefs_cite_only_what_was_gathered_by_then(seed: int) -> None:
    records = inspection(seed)
    day_of = {r.record_id: r.fieldwork_day for r in records}
    for debrief in of_form(records, "debrief"):
        for item in debrief.answers["items"]:
            assert all(
                day_of[i] <= debrief.fieldwork_day for i in item.get("supporting_evidence", [])
            )


@pytest.mark.parametrize("seed", SEEDS)
def test_causes_of_concern_carry_a_recommendation_and_timescale(seed: int) -> None:
    items = [i for d in of_form(inspection(seed), "debrief") for i in d.answers["items"]]
    concerns = [i for i in items if i["item_type"] == "cause_of_concern"]
    assert concerns, "the hot debrief raises at least one cause of concern"
    for item in concerns:
        assert item["draft_recommendation"].startswith("The force should")
        assert item["rec_timescale"] in ("immediately", "within_3_months", "within_6_months")
        assert item["rec_id"].startswith("REC-")
        assert item["rec_how"].startswith("For example")
        assert item["supporting_evidence"]
    for item in items:
        if item["item_type"] != "cause_of_concern":
            assert "draft_recommendation" not in item


@pytest.mark.parametrize("seed", SEEDS)
def test_hot_debrief_covers_strengths_improvements_and_concerns(seed: int) -> None:
    hot = of_form(inspection(seed), "debrief")[-1].answers
    types = Counter(item["item_type"] for item in hot["items"])
    assert types["strength"] >= 2
    assert types["area_for_improvement"] >= 2
    assert types["cause_of_concern"] >= 1
    assert all(item["share_with_force"] == "yes" for item in hot["items"])
    if hot["framework_version"] == "ncpi_2024_five_topics":
        assert hot["provisional_investigation"] in {
            "outstanding", "good", "adequate", "requires_improvement", "inadequate"
        }  # fmt: skip


@pytest.mark.parametrize("seed", SEEDS)
def test_hot_debrief_lists_exactly_the_cases_returned_to_the_force(seed: int) -> None:
    records = inspection(seed)
    returned = {
        r.record_id for r in of_form(records, "case_audit") if r.answers["immediate_risk"] == "yes"
    }
    hot = of_form(records, "debrief")[-1].answers
    assert returned
    assert set(hot["cases_returned"]) == returned
