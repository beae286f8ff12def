"""What scripts/bench runs: python3 scripts/lib/bench/__main__.py [options] (or, with scripts/lib on
the path, python3 -m bench)."""

import sys
from pathlib import Path

sys.dont_write_bytecode = True
if not __package__:
    # Run as a file: scripts/lib, not this directory, is where its packages (bench, harness) are.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench.main import main  # noqa: E402

sys.exit(main())
