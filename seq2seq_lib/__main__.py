"""``python -m seq2seq_lib``: the command line of :mod:`seq2seq_lib.cli`."""

import os
import signal


def _interrupted(signum, frame):  # Ctrl-C before the command line has set its own handler
    try:
        os.write(2, b"\ninterrupted: nothing was done\n")
    finally:
        os._exit(130)


signal.signal(signal.SIGINT, _interrupted)

from .cli import run  # noqa: E402  (after the handler: importing takes a moment)

run(prog="python -m seq2seq_lib")
