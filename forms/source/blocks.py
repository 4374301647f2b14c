"""Row builders and blocks more than one instrument uses (groups, references, evidence, §5E)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from forms.source.model import Row
from forms.source.scales import FRAMEWORK_FILTER

# The only itemset file an evidence link may name: the engine fills it with the vault's records.
EVIDENCE_FILE: Final = "ncpi_records.csv"
NO_NAMES_HINT: Final = "Role only: no names, dates of birth, addresses or reference numbers."


def any_of(field: str, *values: str) -> str:
    """An expression true when select_one ``field`` holds one of ``values``."""
    return " or ".join(f"${{{field}}}='{value}'" for value in values)


def group(
    name: str,
    label: str,
    rows: Iterable[Row],
    *,
    label_cy: str = "",
    relevant: str = "",
    repeat: bool = False,
    hint: str = "",
) -> tuple[Row, ...]:
    kind = "repeat" if repeat else "group"
    opening = Row(f"begin_{kind}", name, label, label_cy, hint=hint, relevant=relevant)
    return (opening, *rows, Row(f"end_{kind}", name))


def framework_version() -> Row:
    return Row(
        "select_one framework_version",
        "framework_version",
        "Framework version",
        "Fersiwn y fframwaith",
        hint="Filled in from the inspection; it sets which stages or topics are offered.",
        required="yes",
        required_message="Choose the framework version the inspection uses.",
    )


def belongs_to_inspection() -> Row:
    """The record id of the inspection this record belongs to: set by the app, never typed."""
    return Row("hidden", "inspection", "Inspection")


def inspection_stage() -> Row:
    """Full inspection or revisit: filled in from the inspection, like the framework version."""
    return Row(
        "select_one inspection_stage",
        "inspection_stage",
        "Stage of the inspection",
        hint="Filled in from the inspection: a full inspection, or a revisit / post-inspection "
        "review of an earlier one's recommendations.",
        required="yes",
        required_message="Choose whether this is a full inspection or a revisit.",
    )


def context_considered(prefix: str, *, relevant: str = "") -> tuple[Row, ...]:
    """The force and partner context a finding or draft recommendation was weighed against."""
    return (
        Row(
            "text",
            f"{prefix}_context_force",
            "Force context considered",
            hint="The force's resources, demand and circumstances you took into account.",
            required="yes",
            required_message="Record the force's context: findings are weighed against it.",
            relevant=relevant,
            appearance="multiline",
        ),
        Row(
            "text",
            f"{prefix}_context_partners",
            "Partner agencies' part",
            hint="What partner agencies contributed to, or constrained, what you found. "
            + NO_NAMES_HINT,
            required="yes",
            required_message="Record the partner agencies' part, or that they had none.",
            relevant=relevant,
            appearance="multiline",
        ),
    )


def framework_areas(name: str, label: str, *, multiple: bool = True, required: str = "yes") -> Row:
    kind = "select_multiple" if multiple else "select_one"
    return Row(
        f"{kind} framework_area",
        name,
        label,
        required=required,
        required_message="Choose at least one area of the framework.",
        choice_filter=FRAMEWORK_FILTER,
    )


def reference(name: str, prefix: str, label: str, label_cy: str = "") -> Row:
    """The record's pseudonymous working reference, e.g. CA-001: the only identifier shown."""
    return Row(
        "text",
        name,
        label,
        label_cy,
        hint=f"For example {prefix}-001. Assigned by the app in order within the inspection.",
        hint_cy=f"Er enghraifft {prefix}-001.",
        required="yes",
        required_message=f"Every record needs its {prefix}-### reference.",
        constraint=f"regex(., '^{prefix}-[0-9]{{3}}$')",
        constraint_message=f"Use the form {prefix}- and three digits, for example {prefix}-007.",
        constraint_message_cy=f"Defnyddiwch y ffurf {prefix}-### (er enghraifft {prefix}-007).",
    )


def evidence(
    name: str,
    label: str,
    kinds: Iterable[str],
    *,
    hint: str = "",
    required: str = "",
    required_message: str = "",
    relevant: str = "",
) -> Row:
    """An evidence link: a multi-select over the vault's own records of the given kinds."""
    return Row(
        f"select_multiple_from_file {EVIDENCE_FILE}",
        name,
        label,
        hint=hint,
        required=required,
        required_message=required_message,
        relevant=relevant,
        choice_filter=" or ".join(f"kind='{kind}'" for kind in kinds),
    )


def count(name: str, label: str, *, minimum: int = 0, relevant: str = "", hint: str = "") -> Row:
    return Row(
        "integer",
        name,
        label,
        hint=hint,
        relevant=relevant,
        constraint=f". >= {minimum}",
        constraint_message=f"Enter a whole number of {minimum} or more.",
    )


def immediate_risk(*, prompt: Iterable[Row] = ()) -> tuple[Row, ...]:
    """§5E: the immediate-risk decision and, only when there is a risk, the return to the force."""
    is_risk = "${immediate_risk}='yes'"
    details = (
        Row(
            "text",
            "risk_description",
            "What is the immediate risk?",
            hint="Describe the risk without names, addresses or dates. " + NO_NAMES_HINT,
            required="yes",
            required_message="Describe the risk so the force and the lead inspector can act.",
            appearance="multiline",
        ),
        Row(
            "dateTime",
            "returned_to_force_at",
            "When was it passed to the force?",
            required="yes",
            required_message="Record when the risk was passed to the force.",
        ),
        Row(
            "select_one force_recipient_role",
            "force_recipient_role",
            "Who in the force received it?",
            hint="Role only.",
            required="yes",
            required_message="Record the role of the person in the force who received it.",
        ),
        Row(
            "select_one yes_no",
            "lead_inspector_informed",
            "Has the lead inspector been informed?",
            required="yes",
            required_message="Say whether the lead inspector has been informed.",
            constraint=".='yes'",
            constraint_message=(
                "Inform the lead inspector before completing this record: "
                "an immediate risk cannot be closed without them."
            ),
        ),
        Row(
            "select_one force_action_status",
            "force_action_status",
            "What has the force done so far?",
            required="yes",
            required_message="Record the force's response, even if it is still awaited.",
        ),
        Row(
            "text",
            "force_action_note",
            "Note on the force's action",
            hint="What was done, or the force's rationale for taking no action.",
            required="yes",
            required_message="Record what the force did, or its rationale for no action.",
            relevant="${force_action_status}!='' and ${force_action_status}!='awaiting_response'",
            appearance="multiline",
        ),
    )
    return group(
        "immediate_risk_block",
        "Immediate risk and return to force",
        (
            *prompt,
            Row(
                "select_one yes_no",
                "immediate_risk",
                "Is there an immediate risk to a child that the force must act on now?",
                required="yes",
                required_message=(
                    "Answer the immediate-risk question: an inspector must make sure "
                    "a live concern is passed on and recorded."
                ),
            ),
            *group(
                "return_to_force",
                "Return to force",
                details,
                label_cy="Dychwelyd i'r heddlu",
                relevant=is_risk,
            ),
        ),
        label_cy="Risg uniongyrchol a dychwelyd i'r heddlu",
    )
