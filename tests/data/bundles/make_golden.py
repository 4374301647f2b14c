"""Make the bundle v1 golden files (run once per released format; the output is committed).

    .venv/bin/python tests/data/bundles/make_golden.py tests/data/bundles/v1

Writes the recipient's vault (the lead, passphrase below), two bundles from an inspector to it
(suite 1, and the X25519 fallback suite 2), and expected.json: what importing them must give.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from ncpi_field.service import create_vault, unlock_vault
from sync import bundle_export, bundle_format, bundle_import, team

PASSPHRASE = "correct horse battery staple"


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        lead = create_vault(work / "lead", PASSPHRASE)[0]
        inspector = create_vault(work / "inspector", PASSPHRASE)[0]
        team.become_lead(lead, "golden-inspection")
        team.export_key(lead, work / "lead.key")
        team.export_key(inspector, work / "inspector.key")
        team.trust(lead, work / "inspector.key")
        team.trust(inspector, work / "lead.key")
        first = inspector.put_draft("observation", {"obs_ref": "GOLDEN-1", "participant_count": 3})
        inspector.put_draft(
            "observation", {"obs_ref": "GOLDEN-1b"}, record_id=first.version.record_id
        )
        inspector.put_draft("reality_test", {})
        inspector.delete(inspector.put_draft("observation", {}).version.record_id)
        out.mkdir(parents=True, exist_ok=False)
        bundle_export.export_bundle(inspector, out / "inspector-hybrid.bundle")
        bundle_export.export_bundle(
            inspector, out / "inspector-x25519.bundle", full=True, suite=bundle_format.SUITE_X25519
        )
        lead.lock()
        shutil.copytree(work / "lead", out / "lead-vault")
        lead = unlock_vault(work / "lead", PASSPHRASE)
        for name in ("inspector-hybrid.bundle", "inspector-x25519.bundle"):
            bundle_import.import_bundle(lead, out / name)
        status = lead.status()
        expected = {
            "versions": status.versions,
            "records": status.records,
            "state_digest": status.state_digest,
            "inspector_digest": inspector.status().state_digest,
        }
        (out / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")
        lead.lock()
        inspector.lock()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
