#!/usr/bin/env python3
"""tiendo's command line. `python build.py` builds the example sites; `python build.py --help`."""
import sys

from tiendo.cli import main

if __name__ == "__main__":
    sys.exit(main())
