"""Sync between vaults: bundles, enrolment and merge. Imports the core; never Qt or the faces."""
