"""`python -m roadmap_desktop` and the `roadmap-desktop` entry point."""

import sys

from roadmap_desktop import startup_clock  # noqa: F401 - starts the clock first
from roadmap_desktop.cli import main as _cli_main


def main() -> int:
    """Run the command line (the window when no command is given)."""
    return _cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
