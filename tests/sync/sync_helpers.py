"""Small steps the sync tests share: save, export, import, and read a bundle's payload."""

from __future__ import annotations

import datetime as dt
import functools
import io
from pathlib import Path
from typing import Any

from cryptography.cobblestone import Cobblestone256Decryptor

from ncpi_field.demo import generate_inspection
from ncpi_field.formstore import installed_spec
from ncpi_field.records import VersionId
from ncpi_field.service import VaultService
from sync import bundle_crypto, bundle_export, bundle_format, bundle_import, keys

NOW = dt.datetime(2026, 3, 6, 17, 0)


def draft(service: VaultService, ref: str = "OBS-1", record_id: str | None = None) -> VersionId:
    saved = service.put_draft("observation", {"obs_ref": ref}, record_id=record_id)
    return saved.version.version_id


@functools.cache
def _audit() -> dict[str, Any]:
    forms = {f: installed_spec(f) for f in ("case_audit", "reality_test", "observation", "debrief")}
    made = generate_inspection(1, forms=forms, now=NOW, namespace="sync-tests")
    audit = next(r for r in made if r.form_id == "case_audit" and r.status == "complete")
    return dict(audit.answers)


def complete_audit(service: VaultService) -> VersionId:
    return service.complete("case_audit", _audit(), now=NOW).version.version_id


def export(service: VaultService, path: Path, **options: Any) -> Path:
    bundle_export.export_bundle(service, path, **options)
    return path


def import_one(service: VaultService, path: Path) -> bundle_import.Imported:
    return bundle_import.import_bundle(service, path)


def version_ids(service: VaultService) -> set[str]:
    with service.vault.session() as session:
        rows = session.connection().exec_driver_sql("SELECT version_id FROM versions")
        return {row[0] for row in rows}


def payload_plaintext(recipient: VaultService, path: Path) -> bytes:
    """Decrypt a bundle's payload as its recipient would: for no-plaintext checks."""
    data = path.read_bytes()
    prefix = bundle_format.read_prefix(io.BytesIO(data))
    me = recipient.identity.device_id
    index = [r.device_id for r in prefix.header.recipients].index(me)
    with recipient.vault.session() as session:
        from ncpi_field import device  # noqa: PLC0415

        key = bundle_crypto.unwrap(
            prefix.suite,
            prefix.stanzas[index],
            keys.own_hybrid_private(session),
            device.agreement_key(session),
            prefix.header_hash,
        )
    body = data[len(prefix.raw) : -bundle_format.TRAILER_SIZE]
    decryptor = Cobblestone256Decryptor(key, prefix.payload_context)
    return decryptor.update(body) + decryptor.finalize()
