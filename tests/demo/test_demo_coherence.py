"""The demo inspection reads true: its generated text never contradicts its coded answers.

Each test reads what a record says in words against what it records in codes (age band, bank
answers, category, participants), so a generator change that makes a record contradict itself
fails here. Failure messages name the record reference and the field, never the text.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

import pytest
from demo_helpers import SEEDS, inspection, of_form
from hypothesis import given
from hypothesis import strategies as st

from ncpi_field.demo.case_story import BORN, OPENINGS, tell
from ncpi_field.demo.fieldwork import PEER_RANKS, seniority_of
from ncpi_field.demo.phrases_fieldwork import SINGLE_POSTS

# Words that fix the child's age, and the bands they allow.
AGE_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    (r"\b(unborn|pre-birth|pregnant)\b", frozenset({"unborn"})),
    (r"\b(infant|baby)\b", frozenset({"0-1"})),
    (r"\btoddler\b", frozenset({"2-4"})),
    (r"\bfifteen-year-old\b", frozenset({"11-15"})),
    (r"\b(sixteen|seventeen)-year-old\b", frozenset({"16-17"})),
    (r"\b(teenager|young person)\b", frozenset({"11-15", "16-17"})),
    (r"\b(school-age|pupil)\b", frozenset({"5-10", "11-15", "16-17"})),
    (r"\bhit with a belt\b", frozenset({"2-4", "5-10", "11-15", "16-17"})),
    (r"\b(young children|three young)\b", frozenset({"0-1", "2-4", "5-10"})),
)
NUMBER_WORDS = {"two": 2, "three": 3}
EXPLOITATION = {"MISSING", "CSE", "CCE"}


def audits(seed: int) -> list[tuple[str, Mapping[str, Any]]]:
    return [(r.ref, r.answers) for r in of_form(inspection(seed), "case_audit")]


def bank(answers: Mapping[str, Any], number: int) -> list[str]:
    """Every answer given to bank question ``number``, in whichever block asked it."""
    pattern = re.compile(rf"^\w+_q{number:02d}$")
    return [v for k, v in answers.items() if pattern.match(k)]


def categories(answers: Mapping[str, Any]) -> set[str]:
    return {answers["primary_category"], *answers.get("secondary_categories", [])}


@pytest.mark.parametrize("seed", SEEDS)
def test_age_words_in_the_summary_fit_the_age_band(seed: int) -> None:
    for ref, answers in audits(seed):
        summary = answers["case_summary"].lower()
        band = answers["child_age_band"]
        for pattern, bands in AGE_WORDS:
            if re.search(pattern, summary):
                assert band in bands, f"{ref}: child_age_band against the summary's age words"
        if band == "unborn":
            assert re.search(AGE_WORDS[0][0], summary), f"{ref}: an unborn child's summary"


@pytest.mark.parametrize("seed", SEEDS)
def test_children_counted_in_the_summary_match_children_in_case(seed: int) -> None:
    for ref, answers in audits(seed):
        found = re.search(r"\b(two|three) (young )?children\b", answers["case_summary"].lower())
        if found:
            assert answers["children_in_case"] >= NUMBER_WORDS[found[1]], f"{ref}"


@pytest.mark.parametrize("seed", SEEDS)
def test_ppn_answers_agree_with_each_other_and_the_text(seed: int) -> None:
    for ref, answers in audits(seed):
        made, quality = bank(answers, 7), bank(answers, 8)
        text = f"{answers['case_summary']} {answers['grade_rationale']}".lower()
        if "no ppn was" in text:
            assert "yes" not in made, f"{ref}: q07 says a PPN was made; the text says none"
            assert not set(quality) - {"not_applicable"}, f"{ref}: q08 graded with no PPN"
        if "a ppn went" in text or "a ppn was submitted" in text:
            assert "no" not in made, f"{ref}: q07 says no PPN; the text says one was made"
        if "no" in made:
            assert not set(quality) - {"not_applicable"}, f"{ref}: PPN quality after no PPN"


@pytest.mark.parametrize("seed", SEEDS)
def test_strategy_discussion_held_or_not_never_both(seed: int) -> None:
    for ref, answers in audits(seed):
        text = f"{answers['case_summary']} {answers['grade_rationale']}".lower()
        held = "strategy discussion was held" in text or "discussion was timely" in text
        missing = "no strategy discussion" in text
        assert not (held and missing), f"{ref}: case_summary on the strategy discussion"
        asked = bank(answers, 10)
        if missing:
            assert "yes" not in asked, f"{ref}: q10 against the text"
        if held:
            assert "no" not in asked, f"{ref}: q10 against the text"


@pytest.mark.parametrize("seed", SEEDS)
def test_child_seen_answer_agrees_with_the_text(seed: int) -> None:
    for ref, answers in audits(seed):
        text = answers["case_summary"].lower()
        seen = bank(answers, 5)
        if "no record that anyone saw" in text:
            assert "yes" not in seen, f"{ref}: q05 against the summary"
        if "saw and spoke to the child" in text or "officers saw the child" in text:
            assert "no" not in seen, f"{ref}: q05 against the summary"


@pytest.mark.parametrize("seed", SEEDS)
def test_immediate_risk_text_fits_the_category(seed: int) -> None:
    risky = [(ref, a) for ref, a in audits(seed) if a["immediate_risk"] == "yes"]
    assert risky
    for ref, answers in risky:
        text = answers["risk_description"].lower()
        if "missing" in text or "exploit" in text:
            assert categories(answers) & EXPLOITATION, f"{ref}: risk_description vs category"
        if "offender" in text:
            assert categories(answers) & {"ONLINE_CSA", "RSO_MANAGEMENT"}, f"{ref}"
        if "sibling" in text:
            assert answers["primary_category"] == "SUDI", f"{ref}"


@pytest.mark.parametrize("seed", SEEDS)
def test_grade_rationales_vary_with_the_case(seed: int) -> None:
    rationales = [a["grade_rationale"] for _ref, a in audits(seed)]
    assert len(set(rationales)) >= len(rationales) // 2
    assert max(Counter(rationales).values()) <= 3


@pytest.mark.parametrize("seed", SEEDS)
def test_rationale_leans_the_way_the_grade_does(seed: int) -> None:
    failings = ("no ppn", "no strategy", "nobody saw", "no supervisory", "late", "thin")
    for ref, answers in audits(seed):
        text = answers["grade_rationale"].lower()
        if answers["hmicfrs_grade"] == "good":
            assert not any(word in text for word in failings), f"{ref}: grade_rationale"
        else:
            assert any(word in text for word in (*failings, "did not", "not recorded")), ref


@pytest.mark.parametrize("seed", SEEDS)
def test_participants_fit_the_kind_of_observation(seed: int) -> None:
    for record in of_form(inspection(seed), "observation"):
        answers, ref = record.answers, record.ref
        people = answers.get("participants", [])
        for person in people:
            if person["participant_role"] in SINGLE_POSTS:
                assert person["participant_count"] == 1, f"{ref}: one person holds the post"
        if answers["obs_type"] == "interview_1to1":
            assert len(people) == 1, f"{ref}: a one-to-one interview has one participant"
            assert people[0]["participant_count"] == 1, f"{ref}"
        if answers["obs_type"] == "focus_group":
            assert all(p["participant_rank_or_grade"] in PEER_RANKS for p in people), ref
            assert answers["interview_mode"] != "telephone", f"{ref}: focus group by telephone"
        if people:
            levels = {
                seniority_of(p["participant_role"], p["participant_rank_or_grade"]) for p in people
            }
            assert answers["seniority_level"] in levels, f"{ref}: seniority_level vs roles"


@pytest.mark.parametrize("seed", SEEDS)
def test_a_debrief_never_praises_a_topic_it_criticises(seed: int) -> None:
    negative = {"area_for_improvement", "cause_of_concern", "accelerated_cause_of_concern"}
    positive = {"strength", "area_of_notable_practice"}
    for debrief in of_form(inspection(seed), "debrief"):
        items = debrief.answers["items"]
        praised = {i["item_area"] for i in items if i["item_type"] in positive}
        criticised = {i["item_area"] for i in items if i["item_type"] in negative}
        assert not praised & criticised, f"{debrief.ref}: items praise and criticise one area"
        headlines = [i["headline"] for i in items]
        assert len(set(headlines)) == len(headlines), f"{debrief.ref}: a headline repeats"


@pytest.mark.parametrize("seed", SEEDS)
def test_debrief_items_cite_evidence_that_leans_their_way(seed: int) -> None:
    records = inspection(seed)
    leaning = {r.record_id: _leaning(r.answers) for r in records}
    for debrief in of_form(records, "debrief"):
        for item in debrief.answers["items"]:
            cited = item.get("supporting_evidence", [])
            if item["item_type"] in ("strength", "area_of_notable_practice"):
                assert "negative" not in {leaning[i] for i in cited}, f"{debrief.ref}: praise"
            if item["item_type"] in ("area_for_improvement", "cause_of_concern"):
                assert "positive" not in {leaning[i] for i in cited}, f"{debrief.ref}: concern"


def _leaning(answers: Mapping[str, Any]) -> str:
    negative = {"area_for_improvement", "cause_of_concern", "partly_working", "not_working",
                "requires_improvement", "inadequate"}  # fmt: skip
    positive = {"strength", "area_of_notable_practice", "working_as_described", "good"}
    for key in ("hmicfrs_grade", "result", "finding_type"):
        value = answers.get(key)
        if value in negative:
            return "negative"
        if value in positive:
            return "positive"
    return "neutral"


@pytest.mark.parametrize("seed", SEEDS)
def test_a_looked_after_child_is_flagged_looked_after(seed: int) -> None:
    for ref, answers in audits(seed):
        if "looked-after" in answers["case_summary"].lower():
            assert "looked_after" in answers["context_flags"], f"{ref}: context_flags"


@given(
    st.integers(0, 1_000_000),
    st.sampled_from(sorted(OPENINGS)),
    st.sampled_from(("good", "requires_improvement", "inadequate")),
)
def test_every_story_explains_its_grade(seed: int, category: str, grade: str) -> None:
    rng = random.Random(seed)
    story = tell(rng, category, grade, ("unborn", *BORN))
    facts = set(story.facts().values())
    if grade == "good":
        assert facts <= {"yes"}
    else:
        assert facts - {"yes"}, "a lower grade rests on something that went wrong"
    if grade == "inadequate":
        assert "no" in facts
    rationales = story.rationales(rng)
    assert rationales
    assert min(map(len, rationales)) >= 50
    assert len(story.summary(rng)) <= 600
    assert story.age_band in story.opening.bands


@pytest.mark.parametrize("seed", SEEDS)
def test_hot_debrief_partners_are_those_met_in_fieldwork(seed: int) -> None:
    records = inspection(seed)
    met = {
        p["participant_organisation"]
        for r in of_form(records, "observation")
        for p in r.answers.get("participants", [])
        if p["participant_organisation"] != "force"
    }
    hot = of_form(records, "debrief")[-1].answers
    assert hot["partner_agencies_present"]
    assert set(hot["partner_agencies_present"]) <= met
