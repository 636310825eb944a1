"""``mlm-migrate`` / ``python -m mlm_migrate``: the command line of the Rust binary, run in
this process by the extension (same arguments, output and exit codes)."""

from __future__ import annotations

import sys
from typing import List, Optional

from . import _native


def main(argv: Optional[List[str]] = None) -> int:
    """Runs ``mlm-migrate`` with ``argv`` (default ``sys.argv[1:]``); returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    sys.stdout.flush()
    sys.stderr.flush()
    return int(_native.run_cli(["mlm-migrate", *args]))


if __name__ == "__main__":
    sys.exit(main())
