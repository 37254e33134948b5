"""Alembic environment of the hearing context; see :mod:`safecase.core.persistence.migrate`."""

from safecase.core.persistence.migrate import run_environment

run_environment("hearing")
