"""The form walker: relevance, filtered choices, constraints and failing loudly."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from ncpi_field.demo.answering import LEAVE, Candidates, Catalogue, FormFiller, Wishes
from ncpi_field.demo.model import DemoGenerationError
from ncpi_field.xlsform.spec import (
    Bind,
    Choice,
    ChoiceList,
    FormSpec,
    Group,
    Node,
    Question,
    QuestionKind,
    Text,
)

NOW = dt.datetime(2026, 3, 6, 17)
SECRET = "a value that must never reach a message"


def q(
    name: str, kind: QuestionKind = "text", list_name: str | None = None, **bind: str
) -> Question:
    return Question(name, kind, Text({"en": name}), Text(), Bind(**bind), 1, list_name)


def spec(*children: Node) -> FormSpec:
    colours = ChoiceList(
        "colour",
        tuple(Choice(n, Text({"en": n}), {"warm": w}) for n, w in (("red", "y"), ("blue", "n"))),
    )
    return FormSpec(
        "t", "1", Text({"en": "t"}), "0" * 64, "en", ("en",), children, {"colour": colours}
    )


def filler(form: FormSpec, fallback: list[object] | None = None) -> FormFiller:
    catalogue = Catalogue({"r1": "case_audit", "r2": "observation", "r3": "debrief"})
    return FormFiller(form, NOW, catalogue, lambda _q: list(fallback or []))


def fill(form: FormSpec, wishes: Wishes, fallback: list[object] | None = None) -> dict[str, object]:
    return filler(form, fallback).fill(wishes, random.Random(0))


def test_wishes_are_kept_and_non_relevant_questions_skipped() -> None:
    form = spec(
        q("a", "select_one", "colour", required="true()"),
        q("b", relevant="${a}='blue'", required="true()"),
        q("c", relevant="${a}='red'"),
    )
    answers = fill(form, Wishes(fixed={"a": "red", "b": SECRET, "c": "shown"}))
    assert answers == {"a": "red", "c": "shown"}


def test_a_wish_outside_the_filtered_choices_is_replaced() -> None:
    form = spec(
        q("warm_only", "select_one", "colour", required="true()", choice_filter="warm='y'"),
    )
    assert fill(form, Wishes(fixed={"warm_only": "blue"})) == {"warm_only": "red"}


def test_candidates_are_tried_until_the_constraint_holds() -> None:
    form = spec(q("n", "integer", required="true()", constraint=". > 5"))
    assert fill(form, Wishes(fixed={"n": Candidates((1, 3, 7, 9))})) == {"n": 7}


def test_optional_questions_without_a_wish_stay_blank_and_leave_clears() -> None:
    form = spec(q("x"), q("y", required="true()"))
    answers = fill(form, Wishes(fixed={"x": LEAVE}), fallback=["from the fallback"])
    assert answers == {"y": "from the fallback"}


def test_repeats_get_one_instance_per_wish() -> None:
    form = spec(
        Group("people", Text({"en": "p"}), Bind(), 1, (q("role", required="true()"),), repeat=True)
    )
    wishes = Wishes(repeats={"people": [{"role": "detective sergeant"}, {"role": "call handler"}]})
    assert fill(form, wishes) == {
        "people": [{"role": "detective sergeant"}, {"role": "call handler"}]
    }


def test_evidence_keeps_only_records_the_filter_allows() -> None:
    form = spec(q("cites", "evidence", choice_filter="kind='case_audit' or kind='observation'"))
    answers = fill(form, Wishes(fixed={"cites": ["r1", "r3", "r2", "unknown"]}))
    assert answers == {"cites": ["r1", "r2"]}


def test_no_acceptable_answer_fails_loudly_without_the_value() -> None:
    form = spec(q("impossible", required="true()", constraint="string-length(.) > 1000"))
    with pytest.raises(DemoGenerationError, match="'impossible'") as caught:
        fill(form, Wishes(fixed={"impossible": SECRET}), fallback=[SECRET])
    assert SECRET not in str(caught.value)
