"""Generate the Python code of the .proto sources in ``protos/`` (``make protos``).

Runs the protoc bundled in grpcio-tools -- the same as ``python -m grpc_tools.protoc -I protos
--python_out=... --pyi_out=... --grpc_python_out=...`` over every ``.proto`` -- and writes into
``protos/python/src`` (the distribution safecase-protos), or into ``--out``. Each versioned
package (``safecase/<api>/v1/``) gets an empty ``__init__.py`` and ``py.typed``; the namespace
folders above it (``safecase/``, ``safecase/<api>/``) never get an ``__init__.py`` (PEP 420).
Files generated earlier are removed first, so a deleted ``.proto`` leaves nothing behind.

``--check`` generates into a temporary folder and exits 1 when the result differs from what is
in ``protos/python/src`` (the contract tests do the same).
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from importlib import resources
from pathlib import Path

from grpc_tools import protoc

ROOT = Path(__file__).resolve().parents[1]
PROTO_ROOT = ROOT / "protos"
DEFAULT_OUT = PROTO_ROOT / "python" / "src"
GENERATED_SUFFIXES = ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py")
# Written into each versioned package only: it is a regular package (uv_build wants an
# __init__.py there) with typed stubs (.pyi + py.typed), below the PEP 420 namespace folders.
PACKAGE_MARKERS = ("__init__.py", "py.typed")


def proto_files() -> list[Path]:
    """Every ``.proto`` source, in a stable order."""
    return sorted(PROTO_ROOT.glob("safecase/**/*.proto"))


def generated_files(out: Path) -> list[Path]:
    """Every file the generator owns under ``out``, relative to it, in a stable order."""
    package_root = out / "safecase"
    if not package_root.is_dir():
        return []
    return sorted(
        path.relative_to(out)
        for path in package_root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def _clean(out: Path) -> None:
    for relative in generated_files(out):
        if relative.name.endswith(GENERATED_SUFFIXES) or relative.name in PACKAGE_MARKERS:
            (out / relative).unlink()


def generate(out: Path) -> list[Path]:
    """Generate the code of every ``.proto`` into ``out``; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    _clean(out)
    well_known = resources.files("grpc_tools") / "_proto"
    args = [
        "grpc_tools.protoc",
        f"-I{PROTO_ROOT}",
        f"-I{well_known}",
        f"--python_out={out}",
        f"--pyi_out={out}",
        f"--grpc_python_out={out}",
        *(str(path) for path in proto_files()),
    ]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    for source in proto_files():
        package = out / source.parent.relative_to(PROTO_ROOT)
        for marker in PACKAGE_MARKERS:
            (package / marker).write_text("")
    return generated_files(out)


def differences(expected: Path, actual: Path) -> list[str]:
    """Paths that differ between two generated trees (missing, extra or changed)."""
    left, right = set(generated_files(expected)), set(generated_files(actual))
    changed = [
        str(path)
        for path in sorted(left & right)
        if not filecmp.cmp(expected / path, actual / path, shallow=False)
    ]
    return (
        [f"missing: {p}" for p in sorted(left - right)]
        + [f"extra: {p}" for p in sorted(right - left)]
        + [f"changed: {p}" for p in changed]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument(
        "--check", action="store_true", help="fail if --out is not what the sources generate"
    )
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            generate(Path(tmp))
            drift = differences(Path(tmp), args.out)
        for line in drift:
            print(line, file=sys.stderr)
        if drift:
            print("generated code is stale: run `make protos`", file=sys.stderr)
        return 1 if drift else 0
    for path in generate(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
