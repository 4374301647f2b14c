"""Team keys: key files bind the post-quantum key to the fingerprint; trust and revoke rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from team_helpers import Team

from sync import keys, team
from sync.errors import BadKeyFile, TeamError


def test_a_key_file_round_trips_and_shows_the_vault_fingerprint(team_vaults: Team) -> None:
    found = keys.read_key_file(team_vaults.key("alice").read_bytes())
    assert found.device_id == team_vaults.alice.identity.device_id
    assert found.fingerprint == team_vaults.alice.status().fingerprint
    assert len(found.kem_public) == 1184 + 32


def test_a_swapped_kem_key_breaks_the_self_signature(team_vaults: Team) -> None:
    alice = json.loads(team_vaults.key("alice").read_bytes())
    bob = json.loads(team_vaults.key("bob").read_bytes())
    forged = {**alice, "kem_public": bob["kem_public"]}
    text = json.dumps(forged, sort_keys=True, separators=(",", ":")).encode()
    with pytest.raises(BadKeyFile, match="self-signature"):
        keys.read_key_file(text)


def test_a_revoked_device_cannot_be_trusted_again(team_vaults: Team) -> None:
    team.revoke(team_vaults.lead, team_vaults.bob.identity.device_id)
    with pytest.raises(TeamError, match="revoked"):
        team.trust(team_vaults.lead, team_vaults.key("bob"))
    member = next(m for m in team.members(team_vaults.lead) if m.revoked)
    assert member.device_id == team_vaults.bob.identity.device_id


def test_trusting_again_is_reported_and_roles_follow_the_lead(
    team_vaults: Team, tmp_path: Path
) -> None:
    again = team.trust(team_vaults.lead, team_vaults.key("alice"))
    assert again.already
    roles = {m.role for m in team.members(team_vaults.lead)}
    assert roles == {team.INSPECTOR}
    assert {m.role for m in team.members(team_vaults.alice)} == {team.LEAD}
    first = team.become_lead(team_vaults.alice)
    assert first.newly
    assert not team.become_lead(team_vaults.alice).newly
    oversized = tmp_path / "big.key"
    oversized.write_bytes(b"x" * (keys.MAX_KEY_FILE_BYTES + 1))
    with pytest.raises(BadKeyFile):
        team.trust(team_vaults.lead, oversized)
