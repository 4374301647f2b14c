"""The golden bundle v1 files still import, to the same state, in every later version."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from team_helpers import PASSPHRASE

from ncpi_field.service import unlock_vault
from sync import bundle_format, bundle_import

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "bundles" / "v1"


def test_golden_v1_bundles_import_to_the_recorded_state(tmp_path: Path) -> None:
    expected = json.loads((GOLDEN / "expected.json").read_text())
    shutil.copytree(GOLDEN / "lead-vault", tmp_path / "vault")
    lead = unlock_vault(tmp_path / "vault", PASSPHRASE)
    try:
        hybrid = bundle_import.import_bundle(lead, GOLDEN / "inspector-hybrid.bundle")
        fallback = bundle_import.import_bundle(lead, GOLDEN / "inspector-x25519.bundle")
        again = bundle_import.import_bundle(lead, GOLDEN / "inspector-hybrid.bundle")
        status = lead.status()
    finally:
        lead.lock()
    assert hybrid.new_versions == expected["versions"]
    assert (fallback.new_versions, fallback.already_present) == (0, expected["versions"])
    assert again.already_imported
    assert (status.versions, status.records) == (expected["versions"], expected["records"])
    assert status.state_digest == expected["state_digest"] == expected["inspector_digest"]


def test_golden_v1_headers_read_without_a_key() -> None:
    hybrid, _ = bundle_import.inspect_bundle(GOLDEN / "inspector-hybrid.bundle")
    fallback, _ = bundle_import.inspect_bundle(GOLDEN / "inspector-x25519.bundle")
    assert (hybrid.suite, fallback.suite) == (
        bundle_format.SUITE_HYBRID,
        bundle_format.SUITE_X25519,
    )
    assert hybrid.header.sender == fallback.header.sender
    assert [r.sequence for r in hybrid.header.recipients] == [1]
    assert [r.sequence for r in fallback.header.recipients] == [2]
    assert hybrid.header.versions == 5
