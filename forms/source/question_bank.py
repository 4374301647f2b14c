"""DOMAIN.md §5B: the case-audit question bank and which stage or topic block asks each item.

Each item is asked in exactly one block per framework version. The 2020 journey stages follow the
bank's own headings. The 2024 topics have no decision-making, trusted-adult, risk-persons or
detention block, so those items are asked under the nearest 2024 topic (see forms/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from forms.source.scales import BOTH_FRAMEWORKS, FRAMEWORK_2020, FRAMEWORK_2024


@dataclass(frozen=True)
class BankItem:
    number: int
    text: str
    # Shown only when the primary or a secondary category is one of these (empty: always).
    categories: tuple[str, ...] = ()
    # Asked only when the case involved police detention of the child (``child_detained``).
    detention: bool = False


@dataclass(frozen=True)
class Stage:
    code: str  # a framework_area choice name
    framework: str
    label: str
    label_cy: str
    items: tuple[int, ...]
    # Items asked in this block only under the 2024 framework (the shared investigation block).
    items_2024: tuple[int, ...] = ()


BANK: Final[dict[int, BankItem]] = {
    item.number: item
    for item in (
        BankItem(1, "Was risk to the child identified at first contact (call handling / control "
                    "room research)?"),
        BankItem(2, "Was the incident graded and deployed in line with the risk (no inappropriate "
                    "delay, no diary appointment where children were present)?",
                 ("DA_CHILD_PRESENT", "MISSING")),
        BankItem(3, "Was the missing or absent episode risk-graded correctly and reviewed as risk "
                    "changed?",
                 ("MISSING",)),
        BankItem(4, "Were links to exploitation (CSE/CCE) recognised?", ("MISSING", "CSE", "CCE")),
        BankItem(5, "Was the child seen and spoken to, and were the child's views, behaviour and "
                    "demeanour recorded?"),
        BankItem(6, "Was any QA or supervisory review of the initial response evident?"),
        BankItem(7, "Was a PPN/referral submitted when required?"),
        BankItem(8, "Was the PPN/referral of sufficient quality (risk articulated, voice of child, "
                    "history)?"),
        BankItem(9, "Was information shared with safeguarding partners promptly, and was the "
                    "reason for sharing clear?"),
        BankItem(10, "Was a strategy discussion held promptly when required, with police "
                     "participation?"),
        BankItem(11, "Were the child's needs (not only the incident) considered, including other "
                     "children in the household?"),
        BankItem(12, "Was the investigation timely and proportionate, with appropriate specialist "
                     "allocation?"),
        BankItem(13, "Were lines of enquiry pursued, including digital/online evidence?",
                 ("ONLINE_CSA",)),
        BankItem(14, "Was the child's account obtained appropriately (e.g. ABE interview "
                     "considered)?"),
        BankItem(15, "Was there effective supervision and direction of the investigation?"),
        BankItem(16, "Were suspects or those posing risk dealt with (arrest, bail conditions, "
                     "orders)?"),
        BankItem(17, "Were decisions, including NFA and outcomes, recorded with a rationale and in "
                     "the child's best interests?"),
        BankItem(18, "Were emergency powers (police protection) used appropriately and recorded?",
                 ("POLICE_PROTECTION",)),
        BankItem(19, "Did the child have a consistent point of contact or trusted adult, and were "
                     "they kept informed?"),
        BankItem(20, "Were risks from known offenders or RSOs assessed and managed, with "
                     "information shared with frontline staff and partners?",
                 ("RSO_MANAGEMENT",)),
        BankItem(21, "Was detention necessary and as short as possible, with the child's welfare "
                     "considered on arrest?", detention=True),
        BankItem(22, "Was an appropriate adult secured promptly?", detention=True),
        BankItem(23, "If charged and refused bail, was a PACE s38(6) transfer to local authority "
                     "accommodation requested, and was the outcome recorded?", ("CUSTODY",),
                 detention=True),
        BankItem(24, "Is oversight by daily management meetings or supervisors visible on the "
                     "record?"),
    )
}  # fmt: skip

STAGES: Final[tuple[Stage, ...]] = (
    # 2014–2023: the child's journey.
    Stage("initial_contact", FRAMEWORK_2020, "Initial contact", "Cyswllt cychwynnol",
          (1, 2, 3, 4, 5, 6)),
    Stage("assessment_and_help", FRAMEWORK_2020, "Assessment and help", "Asesu a chymorth",
          (7, 8, 9, 10, 11)),
    Stage("decision_making", FRAMEWORK_2020, "Decision-making", "Gwneud penderfyniadau",
          (17, 18)),
    Stage("trusted_adult", FRAMEWORK_2020, "Trusted adult", "Oedolyn dibynadwy", (19,)),
    Stage("managing_risk_persons", FRAMEWORK_2020, "Managing those who pose a risk to children",
          "Rheoli'r rhai sy'n peri risg i blant", (20,)),
    Stage("police_detention", FRAMEWORK_2020, "Police detention", "Dalfa'r heddlu",
          (21, 22, 23)),
    Stage("leadership_mgmt_governance", FRAMEWORK_2020, "Leadership, management and governance",
          "Arweinyddiaeth, rheolaeth a llywodraethu", (24,)),
    # 2024 onward: five topics.
    Stage("leadership", FRAMEWORK_2024, "Leadership", "Arweinyddiaeth", (24,)),
    Stage("partnership_working", FRAMEWORK_2024, "Partnership working",
          "Gweithio mewn partneriaeth", (9, 10)),
    Stage("initial_response", FRAMEWORK_2024, "Initial response", "Ymateb cychwynnol",
          (1, 2, 3, 4, 5, 6, 18)),
    Stage("risk_assessment_referral", FRAMEWORK_2024, "Risk assessment and referral",
          "Asesu risg ac atgyfeirio", (7, 8, 11, 20)),
    # Both versions.
    Stage("investigation", BOTH_FRAMEWORKS, "Investigation", "Ymchwilio",
          (12, 13, 14, 15, 16), items_2024=(17, 19, 21, 22, 23)),
    Stage("other", BOTH_FRAMEWORKS, "Other area", "Maes arall", ()),
)  # fmt: skip
