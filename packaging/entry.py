"""Entry point of the frozen executable: the same CLI as ``python -m starlane``.

It imports the installed ``starlane`` package (``packaging/build.sh`` installs it into
the build venv), never the source folders."""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()  # must run first in a frozen program that may spawn
    from starlane.game.cli import main

    raise SystemExit(main())
