"""A Hypothesis state machine over a team: edits on several devices, bundles both ways, a lead
who resolves. However the steps interleave, a final round of bundles brings every vault to one
state digest, and no bundle is ever refused.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test
from team_helpers import Team

from ncpi_field.service import VaultService
from sync import bundle_export, bundle_import

INSPECTORS = ("alice", "bob", "carol")


def test_a_team_converges_whatever_the_order(team_vaults: Team, tmp_path: Path) -> None:
    counter = itertools.count()

    class TeamSync(RuleBasedStateMachine):
        """One example reuses the team's vaults: convergence must hold from any starting state."""

        def __init__(self) -> None:
            super().__init__()
            self.to_lead: list[Path] = []
            self.from_lead: dict[str, list[Path]] = {name: [] for name in INSPECTORS}

        def _vault(self, name: str) -> VaultService:
            service: VaultService = getattr(team_vaults, name)
            return service

        def _bundle(self, service: VaultService, *, full: bool = False) -> Path:
            path = tmp_path / f"{next(counter)}.bundle"
            bundle_export.export_bundle(service, path, full=full)
            return path

        @rule(name=st.sampled_from(INSPECTORS), pick=st.integers(0, 3), text=st.text(max_size=8))
        def edit(self, name: str, pick: int, text: str) -> None:
            service = self._vault(name)
            known = service.list_records()
            record = known[pick % len(known)].record_id if known and pick else None
            service.put_draft("observation", {"obs_ref": f"r{text}"}, record_id=record)

        @rule(name=st.sampled_from(INSPECTORS), full=st.booleans())
        def send_to_lead(self, name: str, full: bool) -> None:
            self.to_lead.append(self._bundle(self._vault(name), full=full))

        @rule()
        def lead_imports_and_resolves(self) -> None:
            _import_all(team_vaults.lead, self.to_lead)
            for record in team_vaults.lead.list_records():
                if record.in_conflict:
                    heads = [v.version_id for v in team_vaults.lead.record(record.record_id).heads]
                    team_vaults.lead.put_draft(
                        "observation",
                        {"obs_ref": "merged"},
                        record_id=record.record_id,
                        parents=heads,
                    )

        @rule()
        def lead_sends_back(self) -> None:
            bundle = self._bundle(team_vaults.lead)
            for name in INSPECTORS:
                self.from_lead[name].append(bundle)

        @rule(name=st.sampled_from(INSPECTORS))
        def inspector_imports(self, name: str) -> None:
            _import_all(self._vault(name), self.from_lead[name])

        def teardown(self) -> None:
            for name in INSPECTORS:
                self.send_to_lead(name, full=False)
            self.lead_imports_and_resolves()
            self.lead_sends_back()
            for name in INSPECTORS:
                self.inspector_imports(name)
            digests = {self._vault(n).status().state_digest for n in ("lead", *INSPECTORS)}
            assert len(digests) == 1

    run_state_machine_as_test(
        TeamSync, settings=settings(max_examples=6, stateful_step_count=8, deadline=None)
    )


def _import_all(service: VaultService, pending: list[Path]) -> None:
    results = bundle_import.import_bundles(service, pending)
    refused = [r for r in results if isinstance(r, bundle_import.Refused)]
    assert refused == []
    pending.clear()
