"""One audited case's story: who the child is and what happened, before any text is written.

Every piece of a case audit that speaks about the case (the age band, the number of children,
the summary, the bank answers on seeing the child, the PPN and the strategy discussion, the
stage evidence, the grade rationale and the immediate risk) is drawn from one ``CaseStory``, so
the record cannot say a strategy discussion was held and that there was none.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Final

BORN: Final = ("0-1", "2-4", "5-10", "11-15", "16-17")
TEENS: Final = ("11-15", "16-17")


@dataclass(frozen=True)
class Opening:
    """The first line of a summary, with the age bands and child count it implies."""

    text: str
    bands: tuple[str, ...]
    children: int = 0  # 0: the text does not say how many


OPENINGS: Final[dict[str, tuple[Opening, ...]]] = {
    "DA_CHILD_PRESENT": (
        Opening("Domestic abuse incident at the family home with two children present.",
                ("2-4", "5-10", "11-15"), 2),
        Opening("Repeat domestic abuse call; a toddler was in the house during the argument.",
                ("2-4",)),
        Opening("Neighbour reported shouting at the address; the mother disclosed ongoing abuse "
                "and an infant was asleep upstairs.", ("0-1",)),
        Opening("Pre-birth concern: a pregnant woman disclosed domestic abuse by her partner.",
                ("unborn",), 1),
    ),
    "MISSING": (
        Opening("Looked-after teenager reported missing from a residential placement overnight.",
                TEENS),
        Opening("Third missing episode in a month for a young person living at home.", TEENS),
        Opening("Young person absent after school; found the next morning in another town with "
                "older males.", TEENS),
    ),
    "CSE": (
        Opening("Concerns that a young person was being groomed by adults met online.", TEENS),
        Opening("School raised concerns about a pupil's gifts, new phone and late nights out.",
                TEENS),
        Opening("A teenager disclosed sexual activity with an adult at a party.", TEENS),
    ),
    "CCE": (
        Opening("Young person found in a flat with drugs and cash, far from home.", TEENS),
        Opening("Young person stopped on a train with a large sum of cash and two phones.",
                TEENS),
        Opening("Intelligence that a teenager was being used to carry drugs for a local group.",
                TEENS),
    ),
    "ONLINE_CSA": (
        Opening("Referral from a national agency about indecent images uploaded from an address "
                "where a child lives.", ("5-10", "11-15")),
        Opening("A teenager sent images to an adult who then threatened to share them.", TEENS),
        Opening("Online grooming reported by a parent after finding messages on a child's "
                "tablet.", ("5-10", "11-15")),
    ),
    "CHILD_ABUSE_NEGLECT": (
        Opening("Unexplained bruising on an infant seen by a health visitor.", ("0-1",)),
        Opening("School reported a pupil arriving hungry and unkempt for several weeks.",
                ("5-10", "11-15")),
        Opening("A school-age child disclosed being hit with a belt at home.", ("5-10", "11-15")),
    ),
    "REFERRAL_PPN": (
        Opening("Officers attended a concern-for-welfare call at a home with three young "
                "children.", ("2-4", "5-10"), 3),
        Opening("Non-crime concern about a parent's drug use with a baby in the home.", ("0-1",)),
        Opening("Officers found a home in a poor state during an unrelated call.",
                ("2-4", "5-10", "11-15")),
    ),
    "POLICE_PROTECTION": (
        Opening("Two young children taken into police protection after a parent was found "
                "intoxicated.", ("2-4", "5-10"), 2),
        Opening("Police protection used overnight when no safe carer could be found.",
                ("2-4", "5-10", "11-15")),
        Opening("Officers removed an infant under emergency powers after a serious assault at "
                "home.", ("0-1",), 1),
    ),
    "CUSTODY": (
        Opening("Fifteen-year-old arrested for robbery and held overnight after charge.",
                ("11-15",), 1),
        Opening("Young person detained for a public order offence.", TEENS, 1),
        Opening("Seventeen-year-old charged and refused bail.", ("16-17",), 1),
    ),
    "SUDI": (
        Opening("Sudden unexpected death of an infant at home; a sibling lives there too.",
                ("0-1",), 2),
        Opening("Unexpected death of a toddler; officers attended with paramedics.", ("2-4",)),
    ),
    "RSO_MANAGEMENT": (
        Opening("Registered sex offender living in a household with a child.", BORN),
        Opening("Offender under management formed a relationship with a mother of two children.",
                ("2-4", "5-10", "11-15"), 2),
    ),
    "OTHER": (
        Opening("Concern raised by a youth worker about a teenager sleeping in a car.", TEENS),
        Opening("A child witnessed a serious assault in the street and was left without support.",
                ("5-10", "11-15", "16-17")),
    ),
}  # fmt: skip
# Categories in which the police would expect a strategy discussion or a PPN.
NO_STRATEGY: Final = frozenset({"CUSTODY", "SUDI"})

# What happened, in summary words: fact -> value -> sentence.
SEEN: Final = {
    "yes": "Officers saw and spoke to the child and recorded their views.",
    "partly": "The child was seen, but their views are summarised in one line.",
    "no": "There is no record that anyone saw or spoke to the child.",
}
SEEN_YOUNG: Final = {  # babies and toddlers are seen, not interviewed
    "yes": "Officers saw the child and recorded their demeanour and care.",
    "partly": "The child was seen, but nothing about their demeanour was recorded.",
    "no": "There is no record that anyone saw the child.",
}
SEEN_UNBORN: Final = "The unborn child's needs were considered with the midwife."
PPN: Final = {
    "yes": "A PPN went to the MASH the same day and set out the risk clearly.",
    "late": "A PPN was submitted, but two days late and with little history.",
    "no": "No PPN was submitted.",
}
STRATEGY: Final = {
    "yes": "A strategy discussion was held promptly, with the police taking part.",
    "late": "A strategy discussion was held, but a week after the referral.",
    "no": "No strategy discussion took place despite indicators of significant harm.",
    "not_needed": "",
}
SUPERVISION: Final = {
    "yes": "A supervisor reviewed the case and set clear actions.",
    "partly": "Supervisory entries are present but set no actions or timescales.",
    "no": "There is no supervisory oversight on the record.",
}
ENDINGS: Final = {
    "good": (
        "Overall the child was well protected.",
        "Overall the response served the child well.",
    ),
    "requires_improvement": (
        "The child was safeguarded, but the response needs to improve.",
        "The outcome was safe, though more by luck than by design.",
    ),
    "inadequate": (
        "The child was left without the protection they needed.",
        "Overall the response failed to protect the child.",
    ),
}

# Rationale wording: the same facts, as reasons for a grade.
REASONS: Final[dict[str, dict[str, str]]] = {
    "seen": {
        "yes": "the child was seen and their views recorded",
        "partly": "the child's views are thin on the record",
        "no": "nobody saw or spoke to the child",
    },
    "ppn": {
        "yes": "the PPN was prompt and well researched",
        "late": "the PPN was late and lacked history",
        "no": "no PPN was made when one was needed",
    },
    "strategy": {
        "yes": "the strategy discussion was timely",
        "late": "the strategy discussion came a week late",
        "no": "there was no strategy discussion",
    },
    "supervision": {
        "yes": "supervision set clear direction",
        "partly": "supervision did not set actions",
        "no": "there was no supervisory oversight",
    },
}
LEADS: Final[dict[str, tuple[str, ...]]] = {
    "good": ("Good because", "A good response:", "Graded good:"),
    "requires_improvement": (
        "Requires improvement because",
        "Safeguarding was in place, but",
        "Not yet good:",
    ),
    "inadequate": ("Inadequate because", "The child was left at risk:", "Graded inadequate:"),
}
CATEGORY_WORDS: Final = {
    "DA_CHILD_PRESENT": "domestic abuse",
    "MISSING": "missing or absent",
    "CSE": "sexual exploitation",
    "CCE": "criminal exploitation",
    "ONLINE_CSA": "online abuse",
    "CHILD_ABUSE_NEGLECT": "abuse and neglect",
    "REFERRAL_PPN": "welfare referral",
    "POLICE_PROTECTION": "police protection",
    "CUSTODY": "custody",
    "SUDI": "sudden death",
    "RSO_MANAGEMENT": "offender management",
    "OTHER": "welfare",
}
RISKS: Final[dict[str, tuple[str, ...]]] = {
    "exploitation": (
        "Repeat missing or absent young person with strong exploitation indicators and no "
        "current risk review.",
        "The young person is still in contact with the adults exploiting them; no disruption "
        "plan is recorded.",
    ),
    "household": (
        "The child still lives with the suspect and no safeguarding plan is recorded.",
        "Open referral not actioned; the child remains in a household with ongoing violence.",
    ),
    "offender": (
        "Outstanding arrest of a suspect with continued access to the child.",
        "The offender still has contact with the child and no risk assessment has been done.",
    ),
    "custody": ("The child was released to an address where the risk has not been assessed.",),
    "sudi": ("A sibling remains in the home and no safeguarding assessment is recorded.",),
}
RISK_KIND: Final = {
    "MISSING": "exploitation",
    "CSE": "exploitation",
    "CCE": "exploitation",
    "ONLINE_CSA": "offender",
    "RSO_MANAGEMENT": "offender",
    "CUSTODY": "custody",
    "SUDI": "sudi",
}
# Bank questions the story answers (DOMAIN.md §5B): seen (Q5), PPN made (Q7), PPN quality
# (Q8), strategy discussion (Q10), supervision (Q6, Q15, Q24).
BANK_FROM_FACTS: Final = {5: "seen", 7: "ppn", 8: "ppn_quality", 10: "strategy", 6: "supervision",
                          15: "supervision", 24: "supervision"}  # fmt: skip
_ANSWER: Final = {"yes": "yes", "partly": "partly", "late": "partly", "no": "no",
                  "not_needed": "not_applicable", "n/a": "not_applicable"}  # fmt: skip


@dataclass(frozen=True)
class CaseStory:
    category: str
    grade: str
    opening: Opening
    age_band: str
    children: int
    seen: str  # yes / partly / no, or n/a for an unborn child
    ppn: str  # yes / late / no
    strategy: str  # yes / late / no / not_needed
    supervision: str  # yes / partly / no

    def facts(self) -> dict[str, str]:
        facts = {"seen": self.seen, "ppn": self.ppn, "supervision": self.supervision}
        if self.strategy != "not_needed":
            facts["strategy"] = self.strategy
        return {k: v for k, v in facts.items() if v != "n/a"}

    def summary(self, rng: random.Random) -> str:
        sentences = [self.opening.text, self._seen_sentence(), PPN[self.ppn]]
        sentences += [STRATEGY[self.strategy], SUPERVISION[self.supervision]]
        sentences.append(rng.choice(ENDINGS[self.grade]))
        return " ".join(s for s in sentences if s)

    def _seen_sentence(self) -> str:
        if self.seen == "n/a":
            return SEEN_UNBORN
        return (SEEN_YOUNG if self.age_band in ("0-1", "2-4") else SEEN)[self.seen]

    def rationales(self, rng: random.Random) -> tuple[str, ...]:
        """Candidates for the overall rationale: the facts that explain the grade, worst first."""
        good = self.grade == "good"
        # A good grade rests on what went well; a lower one on what did not.
        chosen = [(f, v) for f, v in self.facts().items() if (_badness(v) == 0) is good]
        ranked = sorted(chosen, key=lambda kv: (-_badness(kv[1]), rng.random()))
        reasons = [self._reason(fact, value) for fact, value in ranked[:3]]
        where = f"in this {CATEGORY_WORDS[self.category]} case"
        leads = rng.sample(LEADS[self.grade], len(LEADS[self.grade]))
        listed = f"{', '.join(reasons[:-1])} and {reasons[-1]}" if len(reasons) > 1 else reasons[0]
        return tuple(f"{lead} {where} {listed}.".replace(": in", ": In") for lead in leads)

    def _reason(self, fact: str, value: str) -> str:
        if fact == "seen" and self.age_band in ("0-1", "2-4"):
            return {"yes": "the child was seen and their care recorded",
                    "partly": "the child's demeanour was not recorded",
                    "no": "nobody saw the child"}[value]  # fmt: skip
        return REASONS[fact][value]

    def evidence(self, stage_grade: str) -> tuple[str, ...]:
        """Stage evidence notes: the story's facts that fit the stage grade."""
        good = stage_grade == "good"
        sentences = {"seen": self._seen_sentence(), "ppn": PPN[self.ppn],
                     "strategy": STRATEGY[self.strategy],
                     "supervision": SUPERVISION[self.supervision]}  # fmt: skip
        fits = [sentences[f] for f, v in self.facts().items() if (_badness(v) == 0) is good]
        return tuple(fits) or ("The log shows each action taken and who took it.",)

    def bank_answer(self, number: int) -> str | None:
        """The answer the story gives to a bank question, or None if the story is silent."""
        fact = BANK_FROM_FACTS.get(number)
        if fact is None:
            return None
        if fact == "ppn_quality":
            return {"yes": "yes", "late": "partly", "no": "not_applicable"}[self.ppn]
        if fact == "seen" and self.seen == "n/a":
            return "not_applicable"
        value: str = getattr(self, fact)
        return _ANSWER[value]

    def risk(self, rng: random.Random) -> tuple[str, ...]:
        bank = RISKS[RISK_KIND.get(self.category, "household")]
        return tuple(rng.sample(bank, len(bank)))


def _badness(value: str) -> int:
    return {"yes": 0, "not_needed": 0, "partly": 1, "late": 1, "no": 2}.get(value, 0)


def tell(rng: random.Random, category: str, grade: str, bands: tuple[str, ...]) -> CaseStory:
    """A story for a case of ``category`` graded ``grade``: the facts lean the way the grade does.

    ``bands``: the age bands the category allows; the opening chosen narrows them.
    """
    openings = [o for o in OPENINGS[category] if set(o.bands) & set(bands)] or list(
        OPENINGS[category]
    )
    opening = rng.choice(openings)
    age_band = rng.choice([b for b in opening.bands if b in bands] or list(opening.bands))
    children = opening.children or rng.choices((1, 2, 3), (6, 3, 1))[0]
    # Only what can happen in this case can go wrong: an unborn child is not seen, and a
    # custody or sudden-death case needs no strategy discussion.
    names = ["seen", "ppn", "supervision"]
    if age_band == "unborn":
        names.remove("seen")
    if category not in NO_STRATEGY:
        names.append("strategy")
    facts = _facts(rng, grade, names, ppn_made=category == "REFERRAL_PPN")
    seen = "n/a" if age_band == "unborn" else facts["seen"]
    strategy = facts["strategy"] if "strategy" in names else "not_needed"
    return CaseStory(category, grade, opening, age_band, children, seen, facts["ppn"],
                     strategy, facts["supervision"])  # fmt: skip


def _facts(rng: random.Random, grade: str, names: list[str], ppn_made: bool) -> dict[str, str]:
    good = {"seen": "yes", "ppn": "yes", "strategy": "yes", "supervision": "yes"}
    weak = {"seen": "partly", "ppn": "late", "strategy": "late", "supervision": "partly"}
    bad = {"seen": "no", "ppn": "no", "strategy": "no", "supervision": "no"}
    facts = dict(good)
    if grade != "good":
        # Requires improvement: one to three weak facts. Inadequate: at least one failure.
        for name in rng.sample(names, rng.randint(1, min(3, len(names)))):
            facts[name] = weak[name]
        if grade == "inadequate":
            failed = [n for n in names if not (ppn_made and n == "ppn")]
            for name in rng.sample(failed, rng.randint(1, 2)):
                facts[name] = bad[name]
    return facts
