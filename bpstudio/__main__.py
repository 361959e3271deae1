"""`python -m bpstudio`."""

from bpstudio.cli import main

raise SystemExit(main())
