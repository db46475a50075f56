"""The ``cxsim`` command line, one module per command group, each a thin shell over library functions.

It is the top layer: it may import every other subpackage, and nothing imports it
(except ``python -m sim``).
"""

from sim.cli.main import main

__all__ = ["main"]
