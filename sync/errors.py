"""Why a bundle or a team change was refused, in words a person can act on (never a value)."""

from __future__ import annotations

from ncpi_field.errors import UserError


class SyncError(UserError):
    """Base of every refusal the sync layer makes on purpose."""


class BundleError(SyncError):
    """A bundle was refused. The subclass names the cause; the store was left as it was."""

    cause = "refused"


class NotABundle(BundleError):
    cause = "not a bundle"


class UnsupportedBundleVersion(BundleError):
    cause = "unsupported version"


class MalformedHeader(BundleError):
    cause = "malformed header"


class UnknownSender(BundleError):
    cause = "unknown sender"


class RevokedSender(BundleError):
    cause = "revoked sender"


class BadSignature(BundleError):
    cause = "bad signature"


class NotForThisVault(BundleError):
    cause = "not for this vault"


class CorruptBundle(BundleError):
    cause = "corrupt or truncated"


class BundleSchemaError(BundleError):
    cause = "schema error"


class Equivocation(BundleError):
    cause = "equivocation"


class TeamError(SyncError):
    """A team change (trust, revoke, lead) that cannot be made as asked."""


class BadKeyFile(TeamError):
    """A public-key file that is not one, or whose self-signature does not hold."""


class UnknownDevice(TeamError):
    """No trusted device has that id."""
