"""`python -m app`: the same as the `privacy-workbench` command."""

import sys

from app.cli import main

sys.exit(main())
