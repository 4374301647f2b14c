"""The inspection itself (DESIGN §5, DOMAIN §4): force, framework, type, fieldwork dates, team.

A record like the four instruments, so it is versioned, merged and carried in bundles by the same
machinery; every other record names it in its hidden ``inspection`` field.
"""

from __future__ import annotations

from typing import Final

from forms.source.blocks import framework_version, group, inspection_stage
from forms.source.forces import FORCE, WELSH_CODES
from forms.source.model import Instrument, Row, options
from forms.source.scales import SHARED_LISTS

INSPECTION_TYPE = options(
    "inspection_type",
    ("full_inspection", "Full inspection"),
    ("post_inspection_review", "Post-inspection review"),
    ("re_inspection", "Re-inspection"),
    ("jtai", "Joint targeted area inspection (JTAI)"),
)
MEMBER_ROLE = options(
    "member_role",
    ("lead", "Lead inspector"),
    ("inspector", "Inspector"),
    ("analyst", "Analyst"),
)
IS_WALES: Final = " or ".join(f"${{force}}='{code}'" for code in WELSH_CODES)
IS_REVISIT: Final = "${inspection_stage}='revisit'"
DEFAULT_MARKING: Final = "OFFICIAL-SENSITIVE"

DETAILS: Final = group(
    "inspection_details",
    "Inspection",
    (
        Row(
            "select_one force",
            "force",
            "Force inspected",
            "Yr heddlu a arolygir",
            required="yes",
            required_message="Choose the force being inspected.",
        ),
        Row(
            "calculate",
            "nation",
            calculation=f"if({IS_WALES}, 'wales', if(${{force}}='', '', 'england'))",
        ),
        framework_version(),
        inspection_stage(),
        Row(
            "select_one inspection_type",
            "inspection_type",
            "Type of inspection",
            required="yes",
            required_message="Choose the type of inspection.",
        ),
        Row("hidden", "follows", "The inspection this revisit follows", relevant=IS_REVISIT),
        Row(
            "date",
            "fieldwork_start",
            "First day of fieldwork",
            required="yes",
            required_message="Give the first day on site.",
        ),
        Row(
            "date",
            "fieldwork_end",
            "Last day of fieldwork",
            required="yes",
            required_message="Give the last day on site.",
            constraint=". >= ${fieldwork_start}",
            constraint_message="The last day of fieldwork cannot be before the first.",
        ),
        Row(
            "text",
            "security_marking",
            "Security marking",
            hint="The Government Security Classification the inspection's material carries.",
            required="yes",
            required_message="Give the security marking.",
            default=DEFAULT_MARKING,
        ),
        Row(
            "calculate",
            "inspection_title",
            calculation="concat(jr:choice-name(${force}, '${force}'), ' ', ${fieldwork_start},"
            " ' to ', ${fieldwork_end})",
        ),
    ),
    label_cy="Arolygiad",
)

TEAM: Final = group(
    "team",
    "Team",
    (
        Row(
            "text",
            "member_name",
            "Name as it should appear",
            hint="The inspector's own choice of name for the debrief and the team list.",
            required="yes",
            required_message="Give the name this team member wants to appear under.",
        ),
        Row(
            "select_one member_role",
            "member_role",
            "Role",
            required="yes",
            required_message="Choose the team member's role.",
        ),
    ),
    label_cy="Tîm",
    repeat=True,
    hint="One entry for each member of the inspection team.",
)

INSPECTION: Final = Instrument(
    form_id="inspection",
    version="2026113001",
    title="NCPI inspection",
    title_field="inspection_title",
    survey=(*DETAILS, *TEAM),
    choices=(*SHARED_LISTS, FORCE, INSPECTION_TYPE, MEMBER_ROLE),
    # The team's own names are asked for here, by design: they are not case data.
    pii_blocks_completion=False,
)
