"""For tests/test_storage_errors.py: Ctrl-C (SIGINT) at the exact moment the module
named by GIGA_SIGINT_AT_IMPORT starts to import, as a user's early Ctrl-C would land."""

import os
import signal
import sys


class _InterruptAtImport:
    def find_spec(self, name, path=None, target=None):  # noqa: ANN001, ANN201
        if name == os.environ.get("GIGA_SIGINT_AT_IMPORT"):
            os.kill(os.getpid(), signal.SIGINT)
        return None


sys.meta_path.insert(0, _InterruptAtImport())
