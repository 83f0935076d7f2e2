"""``python -m starlane``: the game's command line (``--help`` lists the ways to run it)."""

from starlane.game import stopping

stopping.catch()  # first: a Ctrl-C while the modules below load must not be a traceback

from starlane.game.cli import main  # noqa: E402

raise SystemExit(main())
