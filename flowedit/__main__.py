"""`python -m flowedit`: the command line (see flowedit.cli)."""

import sys

from flowedit.cli import main

sys.exit(main())
