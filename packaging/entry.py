"""Entry point of the frozen executable: the same CLI as ``python -m game``."""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()  # must run first in a frozen program that may spawn
    from game.cli import main

    raise SystemExit(main())
