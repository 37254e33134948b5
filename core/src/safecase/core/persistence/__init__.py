"""Persistence of the domain: SQLAlchemy 2 tables per bounded context, sealed documents,
the append-only audit log, the outbox, and Alembic migrations.

Two contexts own their own tables and migration histories (DESIGN.md "Data ownership"): the
*case* context (cases, people, data keys, audit log, outbox) and the *hearing* context (the
hearing file of each case: panels, hearings, decisions, appeals). Embedded in one process both
live in one database; as services each is owned by its service.
"""
