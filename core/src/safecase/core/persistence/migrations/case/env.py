"""Alembic environment of the case context; see :mod:`safecase.core.persistence.migrate`."""

from safecase.core.persistence.migrate import run_environment

run_environment("case")
