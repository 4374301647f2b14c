"""SECURITY.md tests 1-4: tampered, forged, replayed and non-canonical bundles are all refused.

Every refusal is a BundleError subclass naming the cause, and the store's state digest and
import ledger are exactly as they were.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from bundle_surgery import Parts, regions, signer_of, take_apart
from sync_helpers import complete_audit, draft, export, import_one
from team_helpers import PASSPHRASE, Team

from ncpi_field.service import unlock_vault
from sync import bundle_format, team
from sync.errors import (
    BadSignature,
    BundleError,
    BundleSchemaError,
    CorruptBundle,
    Equivocation,
    MalformedHeader,
    NotABundle,
    RevokedSender,
    UnknownSender,
    UnsupportedBundleVersion,
)

# What a change in each part of the file may be refused as: the cause a person is told.
CAUSES: dict[str, tuple[type[BundleError], ...]] = {
    "magic": (NotABundle,),
    "major": (UnsupportedBundleVersion,),
    "minor": (BadSignature,),
    "suite": (UnsupportedBundleVersion,),
    "header length": (MalformedHeader, CorruptBundle),
    "header": (MalformedHeader, UnknownSender, BadSignature),
    "stanzas": (MalformedHeader, CorruptBundle, BadSignature),
    "payload": (BadSignature,),
    "payload length": (CorruptBundle,),
    "signature": (BadSignature,),
}


@pytest.fixture
def bundle(team_vaults: Team, tmp_path: Path) -> Path:
    """Alice's bundle to the lead: several versions, a payload of several Cobblestone chunks."""
    complete_audit(team_vaults.alice)
    for i in range(40):
        draft(team_vaults.alice, f"OBS-{i}" * 50)
    return export(team_vaults.alice, tmp_path / "alice.bundle")


def _refused(team_vaults: Team, data: bytes, path: Path) -> BundleError:
    path.write_bytes(data)
    with pytest.raises(BundleError) as caught:
        import_one(team_vaults.lead, path)
    return caught.value


def _cause_region(data: bytes, offset: int) -> str:
    return next(name for name, span in regions(data).items() if offset in span)


def test_tamper_sweep_every_change_is_refused_with_its_cause(
    team_vaults: Team, bundle: Path, tmp_path: Path
) -> None:
    before = team_vaults.lead.status().state_digest
    good = bundle.read_bytes()
    spans = regions(good)
    rng = random.Random(20261130)
    target = tmp_path / "tampered.bundle"
    offsets = [rng.randrange(len(good)) for _ in range(2000)]
    offsets += [o for span in spans.values() for o in (span.start, span.stop - 1)]
    for offset in offsets:
        bad = bytearray(good)
        bad[offset] ^= 1 << rng.randrange(8)
        error = _refused(team_vaults, bytes(bad), target)
        region = _cause_region(good, offset)
        assert isinstance(error, CAUSES[region]), (region, type(error).__name__)
    assert team_vaults.lead.status().state_digest == before
    # Nothing decrypted was written anywhere: only the two bundle files are here.
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "alice.bundle",
        "tampered.bundle",
    ]


def test_truncations_and_appended_tails_are_refused(
    team_vaults: Team, bundle: Path, tmp_path: Path
) -> None:
    before = team_vaults.lead.status().state_digest
    good = bundle.read_bytes()
    payload = regions(good)["payload"]
    chunk = 64 * 1024
    boundaries = range(payload.start, payload.stop, chunk // 4)
    cuts = {c + d for c in boundaries for d in (-17, -16, -1, 0, 1, 16)}
    cuts |= {0, 5, 8, 12, 20, payload.start, len(good) - 1, len(good) - 64, len(good) - 72}
    target = tmp_path / "cut.bundle"
    for cut in sorted(c for c in cuts if 0 <= c < len(good)):
        error = _refused(team_vaults, good[:cut], target)
        assert isinstance(error, NotABundle | CorruptBundle | MalformedHeader), cut
    for tail in (b"\x00", b"x" * 72, good[-72:]):
        assert isinstance(_refused(team_vaults, good + tail, target), CorruptBundle)
    assert team_vaults.lead.status().state_digest == before


def test_each_header_field_replaced_is_refused(
    team_vaults: Team, bundle: Path, tmp_path: Path
) -> None:
    before = team_vaults.lead.status().state_digest
    good = bundle.read_bytes()
    parts = take_apart(good)
    header = json.loads(parts.header)
    replacements = {
        "bundle_id": "00000000-0000-0000-0000-000000000000",
        "created": "2020-01-01T00:00:00+00:00",
        "inspection": "another",
        "versions": header["versions"] + 1,
        "forms": 0,
        "sender": team_vaults.bob.identity.device_id,
        "recipients": [{"device": team_vaults.lead.identity.device_id, "sequence": 9}],
    }
    target = tmp_path / "field.bundle"
    for key, value in replacements.items():
        changed = json.dumps({**header, key: value}, sort_keys=True, separators=(",", ":"))
        forged = parts.but(header=changed.encode())
        # Signed by Alice's own key: the header is still bound into the decryption.
        error = _refused(team_vaults, forged.assemble(signer_of(team_vaults.alice)), target)
        assert isinstance(error, BadSignature | CorruptBundle | BundleSchemaError), key
    assert team_vaults.lead.status().state_digest == before


def test_chunk_and_stanza_swaps_are_refused_even_re_signed(
    team_vaults: Team, tmp_path: Path
) -> None:
    for i in range(30):
        draft(team_vaults.lead, f"L-{i}" * 200)
    data = export(team_vaults.lead, tmp_path / "lead.bundle").read_bytes()
    parts = take_apart(data)
    lead_key = signer_of(team_vaults.lead)
    swapped = parts.but(stanzas=parts.stanzas[::-1])
    payload = parts.payload
    half = len(payload) // 2
    reordered = parts.but(payload=payload[half:] + payload[:half])
    path = tmp_path / "swapped.bundle"
    before = team_vaults.alice.status().state_digest
    for forged in (swapped, reordered):
        path.write_bytes(forged.assemble(lead_key))
        with pytest.raises(CorruptBundle):
            import_one(team_vaults.alice, path)
    assert team_vaults.alice.status().state_digest == before


def test_re_signing_with_another_enrolled_key_fails(
    team_vaults: Team, bundle: Path, tmp_path: Path
) -> None:
    parts = take_apart(bundle.read_bytes())
    error = _refused(team_vaults, parts.assemble(signer_of(team_vaults.bob)), tmp_path / "b")
    assert isinstance(error, BadSignature)
    assert "signature" in str(error)


def test_unknown_and_revoked_senders_are_refused(
    team_vaults: Team, bundle: Path, tmp_path: Path
) -> None:
    with pytest.raises(UnknownSender):
        import_one(team_vaults.bob, bundle)  # Bob never trusted Alice
    draft(team_vaults.alice, "before revocation")
    import_one(team_vaults.lead, bundle)
    kept = team_vaults.lead.status()
    team.revoke(team_vaults.lead, team_vaults.alice.identity.device_id[:8])
    draft(team_vaults.alice, "after revocation")
    later = export(team_vaults.alice, tmp_path / "later.bundle")
    with pytest.raises(RevokedSender):
        import_one(team_vaults.lead, later)
    after = team_vaults.lead.status()
    assert after.state_digest == kept.state_digest  # what it sent before stays
    assert after.versions == kept.versions > 0


def test_same_sequence_with_other_content_is_equivocation(
    team_vaults: Team, tmp_path: Path
) -> None:
    team_vaults.alice.lock()
    clone = tmp_path / "alice-clone"
    shutil.copytree(team_vaults.root / "alice", clone)
    alice = team_vaults.reopen("alice")
    twin = unlock_vault(clone, PASSPHRASE)
    try:
        draft(alice, "original")
        draft(twin, "cloned")
        first = export(alice, tmp_path / "one.bundle")
        second = export(twin, tmp_path / "two.bundle")
    finally:
        twin.lock()
    import_one(team_vaults.lead, first)
    before = team_vaults.lead.status().state_digest
    with pytest.raises(Equivocation):
        import_one(team_vaults.lead, second)
    assert team_vaults.lead.status().state_digest == before
    assert import_one(team_vaults.lead, first).already_imported


def _header_variant(parts: Parts, text: bytes) -> Parts:
    return parts.but(header=text)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda h: h.replace(b'{"bundle_id"', b'{"bundle_id":"x","bundle_id"', 1), MalformedHeader),
        (lambda h: b'{"versions":1,' + h[1:].replace(b',"versions":1', b""), MalformedHeader),
        (lambda h: h.replace(b'"forms":', b'"forms":1.0,"x":', 1), MalformedHeader),
        (lambda h: h.replace(b",", b", ", 1), MalformedHeader),
        (lambda h: h[:-1] + b',"zzz":1}', MalformedHeader),
    ],
    ids=["duplicate key", "unsorted keys", "float", "whitespace", "unknown field"],
)
def test_a_non_canonical_header_is_refused(
    team_vaults: Team, tmp_path: Path, change: object, expected: type[BundleError]
) -> None:
    draft(team_vaults.alice)
    parts = take_apart(export(team_vaults.alice, tmp_path / "a.bundle").read_bytes())
    assert b'"versions":1' in parts.header
    forged = _header_variant(parts, change(parts.header))  # type: ignore[operator]
    error = _refused(team_vaults, forged.assemble(signer_of(team_vaults.alice)), tmp_path / "h")
    assert isinstance(error, expected)


@pytest.mark.parametrize(("major", "suite"), [(2, 1), (0, 1), (1, 0), (1, 3), (255, 255)])
def test_an_unknown_major_version_or_suite_is_refused(
    team_vaults: Team, bundle: Path, tmp_path: Path, major: int, suite: int
) -> None:
    parts = take_apart(bundle.read_bytes()).but(major=major, suite=suite)
    error = _refused(team_vaults, parts.assemble(signer_of(team_vaults.alice)), tmp_path / "v")
    assert isinstance(error, UnsupportedBundleVersion)
    assert bundle_format.MAJOR == 1
