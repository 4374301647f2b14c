"""Agreement analysis: a hand-computed case, and the laws kappa keeps."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from ncpi_field.reports.analysis import (
    GRADES,
    agreement,
    agreement_by_stage,
    cohens_kappa,
    confusion_matrix,
    overall_pairs,
)

GOOD, RI, INADEQUATE = GRADES


def hand_pairs() -> list[tuple[str, str]]:
    # 20 agree good, 15 agree inadequate; 5 we graded good the force inadequate; 10 the reverse.
    return (
        [(GOOD, GOOD)] * 20
        + [(INADEQUATE, INADEQUATE)] * 15
        + [(GOOD, INADEQUATE)] * 5
        + [(INADEQUATE, GOOD)] * 10
    )


def test_hand_computed_kappa_and_interval() -> None:
    # p_o = 35/50 = 0.7; rows 0.5/0.5, columns 0.6/0.4: p_e = 0.3 + 0.2 = 0.5; kappa = 0.4.
    # SE = sqrt(0.7 * 0.3 / (50 * 0.25)) = 0.129615; 1.96 SE = 0.254043.
    result = agreement("Overall", hand_pairs())
    assert result.pairs == 50
    assert result.agreeing == 35
    assert result.percent_agreeing == 70.0
    assert result.matrix == ((20, 0, 5), (0, 0, 0), (10, 0, 15))
    assert result.kappa.value is not None
    assert math.isclose(result.kappa.value, 0.4, abs_tol=1e-12)
    assert result.kappa.low is not None
    assert result.kappa.high is not None
    assert math.isclose(result.kappa.low, 0.145957, abs_tol=1e-5)
    assert math.isclose(result.kappa.high, 0.654043, abs_tol=1e-5)
    assert result.inspectors_lower == 10  # we said inadequate where the force said good
    assert result.inspectors_higher == 5


def test_no_pairs_and_one_category_leave_kappa_undefined() -> None:
    assert agreement("None", []).kappa.value is None
    assert agreement("None", []).percent_agreeing is None
    same = agreement("All good", [(GOOD, GOOD)] * 4)
    assert same.kappa.value is None
    assert same.percent_agreeing == 100.0


def test_overall_pairs_take_only_self_assessed_graded_audits() -> None:
    audits = [
        {"hmicfrs_grade": GOOD, "force_self_grade": RI},
        {"hmicfrs_grade": GOOD},
        {"hmicfrs_grade": INADEQUATE, "force_self_grade": ""},
        {"hmicfrs_grade": RI, "force_self_grade": RI},
    ]
    assert overall_pairs(audits) == [(GOOD, RI), (RI, RI)]


def test_stage_agreement_skips_not_applicable_and_empty_stages() -> None:
    audits = [
        {"investigation_stage_grade": GOOD, "investigation_force_stage_grade": GOOD},
        {"investigation_stage_grade": RI, "investigation_force_stage_grade": "not_applicable"},
        {"leadership_stage_grade": RI},
    ]
    found = agreement_by_stage(audits, [("investigation", "Investigation"), ("leadership", "L")])
    assert [a.label for a in found] == ["Investigation"]
    assert found[0].pairs == 1


grade = st.sampled_from(GRADES)
pairs_strategy = st.lists(st.tuples(grade, grade), min_size=1, max_size=60)


@given(st.lists(grade, min_size=1, max_size=60))
def test_identical_ratings_have_kappa_one(ratings: list[str]) -> None:
    result = agreement("same", [(r, r) for r in ratings])
    if len(set(ratings)) > 1:
        assert result.kappa.value is not None
        assert math.isclose(result.kappa.value, 1.0)
    else:
        assert result.kappa.value is None  # one category: chance agreement is certain
    assert result.percent_agreeing == 100.0


@given(pairs_strategy)
def test_kappa_is_symmetric_in_the_raters(pairs: list[tuple[str, str]]) -> None:
    one = cohens_kappa(confusion_matrix(pairs))
    other = cohens_kappa(confusion_matrix([(b, a) for a, b in pairs]))
    if one.value is None:
        assert other.value is None
    else:
        assert other.value is not None
        assert math.isclose(one.value, other.value, abs_tol=1e-12)


@given(pairs_strategy)
def test_kappa_and_its_interval_lie_within_minus_one_and_one(pairs: list[tuple[str, str]]) -> None:
    kappa = cohens_kappa(confusion_matrix(pairs))
    if kappa.value is not None:
        assert kappa.low is not None
        assert kappa.high is not None
        assert -1.0 <= kappa.low <= kappa.value <= kappa.high <= 1.0
    assert 0.0 <= kappa.observed <= 1.0
