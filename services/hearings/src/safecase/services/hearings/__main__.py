"""Run the hearings service on its own."""

from __future__ import annotations


def main() -> None:
    raise SystemExit("safecase-hearings: use `safecase up` to run the stack")


if __name__ == "__main__":
    main()
