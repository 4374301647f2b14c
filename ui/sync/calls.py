"""The app's calls into sync: each one line into the functions the command line calls.

Imported when a sync screen opens (the vault is unlocked by then, so the core is loaded).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ncpi_field.service import Saved, VaultService
from sync import bundle_export, bundle_import, team
from sync.conflicts import Conflict
from sync.keys import DeviceKeys
from sync.resolution import ConflictResolution, ConflictSummary

Exported = bundle_export.Exported
ImportResult = bundle_import.Imported | bundle_import.Refused
LEAD = team.LEAD


def standing(service: VaultService) -> team.Standing:
    return team.standing(service)


def members(service: VaultService) -> list[team.TeamMember]:
    return team.members(service)


def become_lead(service: VaultService) -> team.Leadership:
    return team.become_lead(service)


def export_key(service: VaultService, out: Path) -> str:
    return team.export_key(service, out)


def read_key(service: VaultService, path: Path) -> DeviceKeys:
    return team.read_key(service, path)


def trust(service: VaultService, path: Path) -> team.Trusted:
    return team.trust(service, path)


def revoke(service: VaultService, device_id: str) -> team.TeamMember:
    return team.revoke(service, device_id)


def export_bundle(
    service: VaultService,
    out: Path,
    *,
    full: bool,
    to: Sequence[str],
    progress: Callable[[int, int], None],
) -> bundle_export.Exported:
    return bundle_export.export_bundle(service, out, full=full, to=to, progress=progress)


def import_bundles(
    service: VaultService, paths: Sequence[Path], progress: Callable[[int, int], None]
) -> list[ImportResult]:
    return bundle_import.import_bundles(service, paths, progress=progress)


def conflicts(service: VaultService) -> list[ConflictSummary]:
    return ConflictResolution(service).list_conflicts()


def conflict(service: VaultService, record_id: str) -> Conflict:
    return ConflictResolution(service).show(record_id)


def take(service: VaultService, record_id: str, version_id: str) -> Saved:
    return ConflictResolution(service).take(record_id, version_id)


def resolve_with_answers(
    service: VaultService, record_id: str, answers: dict[str, object], *, draft: bool
) -> Saved:
    return ConflictResolution(service).resolve_with_answers(record_id, answers, draft=draft)
