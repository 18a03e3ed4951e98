"""The ``finagent`` command (placeholder until the terminal chat lands)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from . import DISCLAIMER, __version__

    print(f"finagent {__version__} - {DISCLAIMER}\nThe chat is not built yet; see README.md.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
