"""``python -m confirma_async``: the ``confirma`` command line."""

import sys

from .cli import main

sys.exit(main())
