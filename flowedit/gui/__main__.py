"""`python -m flowedit.gui`: the desktop editor, the same as the `flowedit-gui` command."""

import sys

from flowedit.gui.app import main

sys.exit(main())
