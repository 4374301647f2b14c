"""Agreement between the force's self-assessment and the inspectors' grades (DOMAIN.md §5D).

Shared by the written debrief and the recommendations register: percentage agreeing, the
confusion matrix, Cohen's kappa with its large-sample 95% confidence interval, and the count of
pairs each rests on. Pure functions of (inspector grade, force grade) pairs; no vault access.

Kappa: ``(p_o - p_e) / (1 - p_e)`` over the categories either rater used. Its standard error is
the large-sample approximation of Fleiss, Cohen and Everitt (1969), the one most statistics
packages print: ``sqrt(p_o (1 - p_o) / (n (1 - p_e)^2))``, and the interval is ``kappa ± 1.96
SE`` clipped to [-1, 1]. When both raters put every pair in one category (``p_e = 1``) kappa is
undefined and reported as None, with the percentage agreeing still given.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

GRADES: Final[tuple[str, ...]] = ("good", "requires_improvement", "inadequate")
GRADE_LABELS: Final[Mapping[str, str]] = {
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
}
Z_95: Final = 1.959963984540054

Pair = tuple[str, str]  # (inspectors' grade, force's grade)


@dataclass(frozen=True)
class Kappa:
    """Cohen's kappa with its 95% confidence interval; None where it is undefined."""

    value: float | None
    low: float | None
    high: float | None
    observed: float  # p_o, the proportion agreeing
    expected: float  # p_e, the agreement expected by chance


@dataclass(frozen=True)
class Agreement:
    """The comparison of one set of pairs: what the debrief's agreement table prints."""

    label: str
    categories: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...]  # rows: inspectors' grade; columns: the force's
    pairs: int
    agreeing: int
    kappa: Kappa

    @property
    def percent_agreeing(self) -> float | None:
        return None if self.pairs == 0 else 100.0 * self.agreeing / self.pairs

    @property
    def inspectors_lower(self) -> int:
        """Pairs where the inspectors graded worse than the force (categories best first)."""
        size = len(self.categories)
        return sum(self.matrix[r][c] for r in range(size) for c in range(size) if r > c)

    @property
    def inspectors_higher(self) -> int:
        """Pairs where the inspectors graded better than the force did."""
        return self.pairs - self.agreeing - self.inspectors_lower


def confusion_matrix(
    pairs: Iterable[Pair], categories: Sequence[str] = GRADES
) -> tuple[tuple[int, ...], ...]:
    """Counts of (row: inspectors, column: force) over ``categories``; other values ignored."""
    index = {c: i for i, c in enumerate(categories)}
    cells = [[0] * len(categories) for _ in categories]
    for ours, theirs in pairs:
        if ours in index and theirs in index:
            cells[index[ours]][index[theirs]] += 1
    return tuple(tuple(row) for row in cells)


def cohens_kappa(matrix: Sequence[Sequence[int]]) -> Kappa:
    """Kappa of a square confusion matrix, with its 95% interval (module docstring)."""
    n = sum(sum(row) for row in matrix)
    size = len(matrix)
    if n == 0:
        return Kappa(None, None, None, 0.0, 0.0)
    p_o = sum(matrix[i][i] for i in range(size)) / n
    rows = [sum(matrix[i]) / n for i in range(size)]
    cols = [sum(matrix[r][i] for r in range(size)) / n for i in range(size)]
    p_e = sum(r * c for r, c in zip(rows, cols, strict=True))
    if math.isclose(p_e, 1.0, abs_tol=1e-12):
        return Kappa(None, None, None, p_o, p_e)
    kappa = (p_o - p_e) / (1.0 - p_e)
    se = math.sqrt(max(p_o * (1.0 - p_o), 0.0) / (n * (1.0 - p_e) ** 2))
    low = max(-1.0, kappa - Z_95 * se)
    high = min(1.0, kappa + Z_95 * se)
    return Kappa(_clip(kappa), low, high, p_o, p_e)


def _clip(value: float) -> float:
    return min(1.0, max(-1.0, value))


def agreement(label: str, pairs: Iterable[Pair], categories: Sequence[str] = GRADES) -> Agreement:
    """Compare the pairs over ``categories`` (pairs with a grade outside them are left out)."""
    matrix = confusion_matrix(pairs, categories)
    size = len(categories)
    total = sum(sum(row) for row in matrix)
    agreeing = sum(matrix[i][i] for i in range(size))
    return Agreement(label, tuple(categories), matrix, total, agreeing, cohens_kappa(matrix))


def overall_pairs(audits: Iterable[Mapping[str, Any]]) -> list[Pair]:
    """(hmicfrs_grade, force_self_grade) of every case audit the force graded itself."""
    return [
        (str(a["hmicfrs_grade"]), str(a["force_self_grade"]))
        for a in audits
        if a.get("hmicfrs_grade") in GRADES and a.get("force_self_grade") in GRADES
    ]


def stage_pairs(audits: Iterable[Mapping[str, Any]], stage: str) -> list[Pair]:
    """(inspectors', force's) grade for one stage, where both graded it (not 'not applicable')."""
    ours, theirs = f"{stage}_stage_grade", f"{stage}_force_stage_grade"
    return [
        (str(a[ours]), str(a[theirs]))
        for a in audits
        if a.get(ours) in GRADES and a.get(theirs) in GRADES
    ]


def agreement_by_stage(
    audits: Sequence[Mapping[str, Any]], stages: Sequence[tuple[str, str]]
) -> list[Agreement]:
    """One Agreement per (stage code, label) that has at least one pair graded by both."""
    found = []
    for code, label in stages:
        pairs = stage_pairs(audits, code)
        if pairs:
            found.append(agreement(label, pairs))
    return found
