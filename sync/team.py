"""The team: which vault leads an inspection, which devices it trusts, and which are revoked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from ncpi_field import device, records
from ncpi_field.atomic import atomic_write
from ncpi_field.bounded_file import FileRefused, read_limited
from ncpi_field.models import Setting, TeamDevice
from ncpi_field.records import INSPECTION_FORM
from ncpi_field.service import VaultService
from sync import keys
from sync.errors import BadKeyFile, RevokedSender, TeamError, UnknownDevice, UnknownSender
from sync.keys import DeviceKeys

ROLE_KEY: Final = "team_role"
INSPECTION_KEY: Final = "inspection_id"
LEAD: Final = "team lead"
INSPECTOR: Final = "inspector"


@dataclass(frozen=True)
class TeamMember:
    device_id: str
    fingerprint: str
    role: str
    trusted_at: str
    revoked_at: str | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class Leadership:
    inspection_id: str
    fingerprint: str
    newly: bool


@dataclass(frozen=True)
class Trusted:
    device_id: str
    fingerprint: str
    role: str
    already: bool


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _setting(session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return row.value if row is not None else None


def inspection_id(session: Session) -> str | None:
    """The inspection record this vault leads or joined; a lead that set up its inspection
    after taking the lead's role leads the only one it holds."""
    chosen = _setting(session, INSPECTION_KEY)
    if chosen or not is_lead(session):
        return chosen or None
    held = [s.record_id for s in records.list_records(session) if s.form_id == INSPECTION_FORM]
    return held[0] if len(held) == 1 else None


def is_lead(session: Session) -> bool:
    return _setting(session, ROLE_KEY) == LEAD


def become_lead(service: VaultService, inspection: str | None = None) -> Leadership:
    """Make this vault the lead of an inspection record: the one named, or the only one held.

    With none held yet the vault still takes the lead's role; the inspection it then sets up
    is the one its bundles name (see ``inspection_id``). An empty id in the result says so.
    """
    wanted = _inspection_to_lead(service, inspection)
    with service.vault.write_session("the team lead setting") as session:
        keys.own_kem_row(session)
        if is_lead(session):
            current = inspection_id(session) or ""
            return Leadership(current, service.identity.fingerprint, newly=False)
        chosen = wanted or _setting(session, INSPECTION_KEY)
        session.merge(Setting(key=ROLE_KEY, value=LEAD))
        if chosen:
            session.merge(Setting(key=INSPECTION_KEY, value=chosen))
    return Leadership(chosen or "", service.identity.fingerprint, newly=True)


def _inspection_to_lead(service: VaultService, wanted: str | None) -> str | None:
    held = [view.record_id for view in service.inspections()]
    if wanted is not None:
        if wanted not in held:
            raise TeamError(
                "No inspection with that id is in this vault: set it up first "
                "(ncpi-field inspection new), or choose one from ncpi-field inspection list."
            )
        return wanted
    if len(held) > 1:
        raise TeamError(
            f"This vault holds {len(held)} inspections: name the one to lead with --inspection ID."
        )
    return held[0] if held else None


def export_key(service: VaultService, out: Path) -> str:
    """Write this vault's public keys to ``out`` (atomically); returns the fingerprint."""
    with service.vault.write_session("the device key") as session:
        data = keys.key_file(session)
    atomic_write(out, data, what="the device key file")
    return service.identity.fingerprint


def read_key(service: VaultService, key_path: Path) -> DeviceKeys:
    """Read and check another device's key file, installing nothing: the app shows its
    fingerprint to confirm, read aloud with its owner, before ``trust`` installs it."""
    try:
        data = read_limited(key_path, keys.MAX_KEY_FILE_BYTES, what=f"The key file {key_path}")
    except FileRefused as exc:
        raise BadKeyFile(str(exc)) from None
    found = keys.read_key_file(data)
    if found.device_id == service.identity.device_id:
        raise TeamError("That is this vault's own key; trust the other device's key file.")
    return found


def trust(service: VaultService, key_path: Path) -> Trusted:
    """Install another device's public keys from its key file."""
    found = read_key(service, key_path)
    with service.vault.write_session("the trusted device") as session:
        return _install(session, found)


def _install(session: Session, found: DeviceKeys) -> Trusted:
    row = session.get(TeamDevice, found.device_id)
    if row is not None:
        if row.revoked_at is not None:
            raise TeamError("That device was revoked; a revoked device cannot be trusted again.")
        if (row.signing_public, row.kem_public) != (found.signing_public, found.kem_public):
            raise TeamError("A different key is already trusted under that device id.")
        return Trusted(found.device_id, found.fingerprint, row.role, already=True)
    role = INSPECTOR if is_lead(session) else LEAD
    session.add(
        TeamDevice(
            device_id=found.device_id,
            signing_public=found.signing_public,
            agreement_public=found.agreement_public,
            kem_public=found.kem_public,
            role=role,
            trusted_at=_now(),
            revoked_at=None,
        )
    )
    return Trusted(found.device_id, found.fingerprint, role, already=False)


def revoke(service: VaultService, device_id: str) -> TeamMember:
    """Revoke a trusted device: its later bundles are refused; what it sent stays."""
    with service.vault.write_session("the revocation") as session:
        row = _find(session, device_id)
        if row.revoked_at is None:
            row.revoked_at = _now()
        return _member(row)


def members(service: VaultService) -> list[TeamMember]:
    with service.vault.session() as session:
        rows = session.scalars(select(TeamDevice).order_by(TeamDevice.trusted_at)).all()
        return [_member(row) for row in rows]


def _find(session: Session, device_id: str) -> TeamDevice:
    """A trusted device by its id, or by an unambiguous start of it (ids are long)."""
    wanted = device_id.strip().lower()
    rows = session.scalars(select(TeamDevice)).all()
    matches = [r for r in rows if r.device_id == wanted] or [
        r for r in rows if len(wanted) >= 6 and r.device_id.startswith(wanted)
    ]
    if len(matches) != 1:
        raise UnknownDevice("No trusted device has that id (see: ncpi-field team list).")
    return matches[0]


def _member(row: TeamDevice) -> TeamMember:
    public = device.DevicePublic(row.device_id, row.signing_public, row.agreement_public)
    return TeamMember(row.device_id, public.fingerprint, row.role, row.trusted_at, row.revoked_at)


def device_keys(row: TeamDevice) -> DeviceKeys:
    return DeviceKeys(row.device_id, row.signing_public, row.agreement_public, row.kem_public)


def enrolled_sender(session: Session, device_id: str) -> DeviceKeys:
    """The keys of a sender whose bundles this vault accepts; refuses unknown and revoked ones."""
    row = session.get(TeamDevice, device_id)
    if row is None:
        raise UnknownSender(
            "This bundle comes from a device this vault does not trust. "
            "Trust its key first (ncpi-field team trust --key FILE)."
        )
    if row.revoked_at is not None:
        raise RevokedSender("This bundle comes from a device that was revoked; it is refused.")
    return device_keys(row)


def recipients(session: Session, wanted: list[str] | None) -> list[DeviceKeys]:
    """The devices a bundle goes to: those named, or every trusted device not revoked."""
    if wanted:
        rows = [_find(session, w) for w in wanted]
    else:
        rows = list(session.scalars(select(TeamDevice).order_by(TeamDevice.device_id)))
    live = [r for r in rows if r.revoked_at is None]
    if wanted and len(live) != len(rows):
        raise TeamError("A revoked device cannot be sent a bundle.")
    if not live:
        raise TeamError(
            "This vault trusts no device to send a bundle to. "
            "Trust the team lead's key first (ncpi-field team trust --key FILE)."
        )
    unique = {r.device_id: r for r in live}
    return [device_keys(unique[d]) for d in sorted(unique)]


@dataclass(frozen=True)
class Standing:
    """This vault's place in the team: its fingerprint, and whether it leads an inspection."""

    fingerprint: str
    is_lead: bool
    inspection_id: str | None


def standing(service: VaultService) -> Standing:
    with service.vault.session() as session:
        return Standing(service.identity.fingerprint, is_lead(session), inspection_id(session))
