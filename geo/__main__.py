"""``python -m geo``: run the command line, turning Ctrl-C and a closed pipe into quiet exits."""

import os
import sys

try:
    from .cli import main  # Ctrl-C while the libraries load is an interruption too, not a traceback

    code = main()
    sys.stdout.flush()
except KeyboardInterrupt:
    print("interrupted", file=sys.stderr)
    code = 130
except BrokenPipeError:
    # The reader (e.g. `| head`) closed the pipe: stop quietly, as Unix tools do.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 0
raise SystemExit(code)
