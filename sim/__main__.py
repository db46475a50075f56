"""``python -m sim`` runs the ``cxsim`` command line."""

import sys

from sim.cli.main import main

sys.exit(main())
