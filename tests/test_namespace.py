"""The ``safecase`` namespace is shared by every distribution (PEP 420)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def namespace_dirs() -> list[Path]:
    dirs = [ROOT / "core/src/safecase"]
    for plugin in (ROOT / "plugins").iterdir():
        if (plugin / "src").is_dir():
            dirs += [plugin / "src/safecase", plugin / "src/safecase/plugins"]
    return dirs


def test_no_distribution_claims_the_shared_namespace_with_an_init_file() -> None:
    offenders = [str(d.relative_to(ROOT)) for d in namespace_dirs() if (d / "__init__.py").exists()]
    assert offenders == []


def test_every_plugin_imports_under_the_shared_namespace() -> None:
    import importlib

    for plugin in sorted(p.name for p in (ROOT / "plugins").iterdir() if (p / "src").is_dir()):
        module = importlib.import_module(f"safecase.plugins.{plugin}.hooks")
        assert module.RULE_SET.id
