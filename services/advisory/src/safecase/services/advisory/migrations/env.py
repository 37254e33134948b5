"""Alembic environment of the advisory context; see :mod:`safecase.services.advisory.migrate`."""

from safecase.services.advisory.migrate import run_environment

run_environment()
