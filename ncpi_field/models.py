"""The vault's schema as SQLAlchemy 2 typed models. Alembic migrations must match it."""

from __future__ import annotations

from typing import Annotated

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Id = Annotated[str, mapped_column(String(36))]
IdKey = Annotated[str, mapped_column(String(36), primary_key=True)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Setting(Base):
    """Small facts about the vault (vault id, the clock's last stamp)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DeviceIdentity(Base):
    """This vault's device keys. Private halves never leave the encrypted database."""

    __tablename__ = "device_identity"
    device_id: Mapped[IdKey]
    signing_private: Mapped[bytes] = mapped_column(LargeBinary)
    signing_public: Mapped[bytes] = mapped_column(LargeBinary)
    agreement_private: Mapped[bytes] = mapped_column(LargeBinary)
    agreement_public: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[str] = mapped_column(String(40))


class RecordRow(Base):
    """One filled instrument. A cache of its heads for fast listing; versions are the truth."""

    __tablename__ = "records"
    record_id: Mapped[IdKey]
    form_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    deleted: Mapped[bool]
    head_count: Mapped[int]
    created_hlc: Mapped[str] = mapped_column(String(64))
    updated_hlc: Mapped[str] = mapped_column(String(64))
    # Derived from the heads like the title: the inspection the record belongs to.
    inspection_id: Mapped[str | None] = mapped_column(String(36), index=True)
    # Indexed: the record list reads in creation order without sorting every row (0007).
    __table_args__ = (Index("ix_records_created_hlc_record_id", "created_hlc", "record_id"),)


class VersionRow(Base):
    """An immutable saved state of a record."""

    __tablename__ = "versions"
    version_id: Mapped[IdKey]
    record_id: Mapped[Id] = mapped_column(ForeignKey("records.record_id"), index=True)
    form_id: Mapped[str] = mapped_column(String(100))
    form_version: Mapped[str] = mapped_column(String(64))
    author_device: Mapped[str] = mapped_column(String(64))
    # Indexed: unlock reads max(hlc) so a reopened clock never issues a stamp below it.
    hlc: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16))
    tombstone: Mapped[bool]
    answers: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[str] = mapped_column(String(40))
    # Indexed: a bundle lists the forms in use without reading every version (0007).
    __table_args__ = (Index("ix_versions_form_id_form_version", "form_id", "form_version"),)


class VersionParent(Base):
    """Edges of the version graph: ``version_id`` was edited from ``parent_id``."""

    __tablename__ = "version_parents"
    version_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("versions.version_id"), primary_key=True
    )
    parent_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    __table_args__ = (Index("ix_version_parents_parent_id", "parent_id"),)


class Head(Base):
    """Versions no other version names as a parent; two or more for one record is a conflict."""

    __tablename__ = "heads"
    version_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("versions.version_id"), primary_key=True
    )
    record_id: Mapped[Id] = mapped_column(index=True)


class FormDefinition(Base):
    """A form workbook exactly as records were stored against it, so old records stay readable."""

    __tablename__ = "form_definitions"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    form_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(64))
    workbook: Mapped[bytes] = mapped_column(LargeBinary)
    file_name: Mapped[str] = mapped_column(String(255))
    stored_at: Mapped[str] = mapped_column(String(40))
    __table_args__ = (Index("ix_form_definitions_form_id", "form_id", "version"),)


class CaseReference(Base):
    """The force's own case reference for a record, held apart and sealed under its own key."""

    __tablename__ = "case_references"
    record_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("records.record_id"), primary_key=True
    )
    inspection_id: Mapped[str] = mapped_column(String(36), index=True)
    # AES-GCM sealed under a sub-key of the vault's case-reference key; see case_references.py.
    force_reference: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[str] = mapped_column(String(40))


class CaseReferencePurge(Base):
    """One purge of an inspection's case references: when, and how many (never which)."""

    __tablename__ = "case_reference_purges"
    purge_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    inspection_id: Mapped[str] = mapped_column(String(36))
    purged_count: Mapped[int]
    purged_at: Mapped[str] = mapped_column(String(40))


class DeviceKemKey(Base):
    """This vault's post-quantum hybrid key (ML-KEM-768 seed and X25519), for bundle stanzas."""

    __tablename__ = "device_kem_keys"
    device_id: Mapped[IdKey]
    # ML-KEM-768 seed (64 bytes) then the X25519 private key (32 bytes); never leaves the vault.
    kem_private: Mapped[bytes] = mapped_column(LargeBinary)
    kem_public: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[str] = mapped_column(String(40))


class TeamDevice(Base):
    """Another device this vault trusts: its public keys, its role, and when it was revoked."""

    __tablename__ = "team_devices"
    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    signing_public: Mapped[bytes] = mapped_column(LargeBinary)
    agreement_public: Mapped[bytes] = mapped_column(LargeBinary)
    kem_public: Mapped[bytes] = mapped_column(LargeBinary)
    role: Mapped[str] = mapped_column(String(16))
    trusted_at: Mapped[str] = mapped_column(String(40))
    revoked_at: Mapped[str | None] = mapped_column(String(40))


class ImportedBundle(Base):
    """The import ledger: one row per (sender, sequence) ever imported, with its file hash."""

    __tablename__ = "imported_bundles"
    sender: Mapped[str] = mapped_column(String(64), primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    bundle_id: Mapped[str] = mapped_column(String(36))
    new_versions: Mapped[int]
    imported_at: Mapped[str] = mapped_column(String(40))


class SentBundle(Base):
    """Bundles this vault exported: the per-(sender, recipient) sequence numbers come from here."""

    __tablename__ = "sent_bundles"
    recipient: Mapped[str] = mapped_column(String(64), primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    bundle_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[str] = mapped_column(String(40))


class SentVersion(Base):
    """Which versions each recipient has had from this vault: incremental export skips them."""

    __tablename__ = "sent_versions"
    recipient: Mapped[str] = mapped_column(String(64), primary_key=True)
    version_id: Mapped[str] = mapped_column(String(36), primary_key=True)


class IssuedDocument(Base):
    """One issue of a written debrief or return-to-force note: the exact bytes the force has.

    Never updated or deleted (triggers refuse it): re-issuing adds a row with the next number.
    """

    __tablename__ = "issued_documents"
    issue_id: Mapped[IdKey]
    document: Mapped[str] = mapped_column(String(32))  # hot_debrief, daily_debrief, return_note
    audience: Mapped[str] = mapped_column(String(16))  # force or internal
    subject_record_id: Mapped[str] = mapped_column(String(36), index=True)
    subject_version_id: Mapped[str] = mapped_column(String(36))
    number: Mapped[int]  # 1, 2... within (document, subject, audience)
    title: Mapped[str] = mapped_column(Text)
    security_marking: Mapped[str] = mapped_column(String(40))
    issued_at: Mapped[str] = mapped_column(String(40))
    issued_by: Mapped[str] = mapped_column(String(64))
    html: Mapped[bytes] = mapped_column(LargeBinary)
    html_sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    docx: Mapped[bytes] = mapped_column(LargeBinary)
    docx_sha256: Mapped[str] = mapped_column(String(64))
