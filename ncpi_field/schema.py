"""Bring a vault's schema to the current Alembic revision, and report which one it is at.

Opening a vault is on the path a person waits on, and a vault is nearly always current: the
stored revision is read with one plain SELECT and compared with ``HEAD_REVISION``. Alembic (a
tenth of a second to import) is loaded only when a migration is actually needed.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Final

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from ncpi_field.errors import VaultNewerThanApp

if TYPE_CHECKING:
    from alembic.config import Config

HEAD_REVISION: Final = "0007_listing_indexes"


def _config() -> Config:
    from alembic.config import Config  # noqa: PLC0415 - Alembic loads only to migrate

    config = Config()
    config.set_main_option("script_location", str(resources.files("ncpi_field") / "migrations"))
    return config


def current_revision(engine: Engine) -> str | None:
    """The revision stored in the vault (None for an empty database), by a plain SELECT."""
    with engine.connect() as connection:
        try:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        except OperationalError:  # no alembic_version table: nothing was ever migrated
            return None
    if len(rows) != 1:  # none, or branches Alembic would have to sort out
        return None
    return str(rows[0][0])


def known_revisions() -> frozenset[str]:
    """Every revision this version's migrations know (each script is named for its revision)."""
    scripts = resources.files("ncpi_field") / "migrations" / "versions"
    return frozenset(
        entry.name.removesuffix(".py")
        for entry in scripts.iterdir()
        if entry.name.endswith(".py") and entry.name[:4].isdigit()
    )


def upgrade(engine: Engine) -> None:
    """Run pending migrations in one transaction; a no-op when the vault is current.

    A vault a newer version of the app has upgraded is refused, untouched: this version cannot
    know what the newer layout holds, and Alembic would fail inside its migration run.
    """
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return
    if revision is not None and revision not in known_revisions():
        raise VaultNewerThanApp(
            "This vault was opened by a newer version of NCPI Field, which changed how its data"
            " is laid out. This version cannot open it; nothing was changed. Install the newer"
            " version (or a later one) to open it."
        )
    from alembic import command  # noqa: PLC0415 - Alembic loads only to migrate

    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def head_revision() -> str:
    """The head of the migration scripts (tests check it equals ``HEAD_REVISION``)."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - Alembic loads only here

    head = ScriptDirectory.from_config(_config()).get_current_head()
    return head or ""
