"""Run the advisory service on its own."""

from __future__ import annotations


def main() -> None:
    raise SystemExit("safecase-advisory: not configured")


if __name__ == "__main__":
    main()
