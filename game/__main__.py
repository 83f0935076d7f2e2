from game import stopping

stopping.catch()  # first: a Ctrl-C while the modules below load must not be a traceback

from game.cli import main  # noqa: E402

raise SystemExit(main())
