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


def upgrade(engine: Engine) -> None:
    """Run pending migrations in one transaction; a no-op when the vault is current."""
    if current_revision(engine) == HEAD_REVISION:
        return
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
