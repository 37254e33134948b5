"""A persisted organisation instance for tests: a new key, a migrated database, a test clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from safecase.core.crypto import OrganisationKey, generate_organisation_key
from safecase.core.instance import Instance
from safecase.core.persistence.database import open_engine
from safecase.core.persistence.migrate import upgrade
from safecase.core.settings import Settings
from safecase.core.testing.clock import Clock

__all__ = ["migrated_instance"]


def migrated_instance(
    database_url: str,
    directory: Path,
    *,
    organisation_id: str = "org-a",
    plugin: str = "scotland",
    clock: Clock | None = None,
    key: OrganisationKey | None = None,
    rule_set_overrides: dict[str, Any] | None = None,
) -> Instance:
    """An instance on ``database_url`` (migrated), keyed under ``directory/keys``.

    Give ``key`` for a second instance of the same organisation (another service's database).
    The caller disposes of ``instance.engine``.
    """
    key_file = directory / "keys" / "organisation.key"
    if key is None:
        key = generate_organisation_key(key_file)
    settings = Settings(
        data_dir=directory,
        organisation_id=organisation_id,
        organisation_name="Example Swimming",
        plugin=plugin,
        database_url=database_url,
        key_file=key_file,
        rule_set_overrides=rule_set_overrides or {},
    )
    engine = open_engine(database_url)
    upgrade(engine)
    return Instance(settings, clock=clock or Clock(), engine=engine, organisation_key=key)
