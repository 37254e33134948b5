"""Two writers at the same moment — a gRPC call and a hand-over consumer of the embedded stack —
each add to the audit chain; neither is refused and the chain stays intact (G31)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from safecase.core.states import Role
from safecase.core.testing import Scenario
from safecase.core.testing.instances import migrated_instance


def test_concurrent_audited_reads_keep_one_intact_chain(database_url: str, tmp_path: Path) -> None:
    instance = migrated_instance(database_url, tmp_path)
    try:
        s = Scenario("scotland", instance=instance)
        case = s.reported()
        dsl = s.actor(Role.DSL)

        def reads(_: int) -> int:
            for _ in range(15):
                instance.read_case(case.id, dsl)
            return 15

        with ThreadPoolExecutor(max_workers=4) as pool:
            done = sum(pool.map(reads, range(4)))
        entries, broken = instance.verify_audit()
        assert done == 60
        assert broken is None
        assert entries >= 60
    finally:
        instance.engine.dispose()
