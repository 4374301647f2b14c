"""Bring a vault's schema to the current Alembic revision, and report which one it is at."""

from __future__ import annotations

from importlib import resources
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

HEAD_REVISION: Final = "0002_forms_and_case_refs"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("ncpi_field") / "migrations"))
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Run pending migrations in one transaction; a no-op when the vault is current."""
    if current_revision(engine) == HEAD_REVISION:
        return
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    return head or ""
