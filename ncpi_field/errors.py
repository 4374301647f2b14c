"""The error hierarchy: user and environment errors carry a message fit to show a person."""

from __future__ import annotations


class NcpiError(Exception):
    """Base of every error the core raises on purpose.

    The message is written for the person using the app. It never holds a field value.
    """


class UserError(NcpiError):
    """Something the user or their environment can put right (wrong passphrase, full disk...)."""


class VaultNotFound(UserError):
    """The directory holds no vault."""


class VaultExists(UserError):
    """A vault is already there; creating one would overwrite it."""


class VaultBusy(UserError):
    """Another process holds the vault's lock (creating it, or changing its passphrase)."""


class ConcurrentChange(UserError):
    """The key slots changed in another process while this change was being made."""


class UnsafeVaultDirectory(UserError):
    """The vault directory is open to other users and could not be made private."""


class WrongPassphrase(UserError):
    """The passphrase or recovery code did not open any key slot."""


class UnlockBackoff(UserError):
    """Too many wrong attempts: the next one must wait."""

    def __init__(self, message: str, seconds_left: float) -> None:
        super().__init__(message)
        self.seconds_left = seconds_left


class KeySlotError(UserError):
    """keyslots.json is unreadable, of an unknown version, or below the security floor."""


class KeySlotsMissing(KeySlotError):
    """The vault's database is there but its key-slot file is not."""


class WeakKdfParameters(KeySlotError):
    """A key slot's Argon2id parameters are below the floor; unlocking is refused."""


class ExcessiveKdfParameters(KeySlotError):
    """A key slot's Argon2id parameters are above the ceiling: deriving would hang or fail."""


class VaultCorrupt(UserError):
    """The database does not open with the unwrapped key or fails its checks."""


class VaultNewerThanApp(UserError):
    """The vault's data layout comes from a newer version of NCPI Field than this one."""


class VaultLocked(UserError):
    """An operation needed an unlocked vault."""


class StorageError(UserError):
    """The disk refused a write (full, read-only, I/O error). Nothing was changed."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason  # "the disk is full" and the like, for callers that reword


class RecordNotFound(UserError):
    """No record or version with that id."""


class InvalidRecord(UserError):
    """The answers or the save request are malformed."""


class PassphraseRejected(UserError):
    """A new passphrase does not meet the minimum rules."""


class FormNotFound(UserError):
    """The vault holds no definition of the form asked for."""


class DebriefNotFound(UserError):
    """No debrief record of the kind (and date) asked for."""


class DocumentRefused(UserError):
    """A document would carry a force reference or personal data; ``fields`` says where."""

    def __init__(self, message: str, fields: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.fields = fields


class NotAnInspection(UserError):
    """A record id given where an inspection's id was wanted."""


class InspectionNeeded(UserError):
    """A record cannot be filed: the vault holds no inspection, or several and none was named."""


class RecommendationNotFound(UserError):
    """No recommendation in the register has that identifier (in that inspection)."""


class RecommendationAmbiguous(UserError):
    """The identifier is used in more than one inspection: the inspection must be named."""


class StatusChangeRefused(UserError):
    """A recommendation's status cannot move from where it is to the status asked for."""


class ExportRefused(UserError):
    """An export cannot be written where asked (a directory, a missing folder, a bad name)."""
