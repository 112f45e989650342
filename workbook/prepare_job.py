"""The process that prepares a workbook's large sheets for the first write: `python -m workbook.prepare_job WORKBOOK FOLDER`.

Started by the app (`workbook.prepared.start`) once a page is drawn, at a priority below the
app's: it reads the workbook as the writer reads it, deflates the sheets a click appends to with
flush points (`writing.prepare`) and keeps them in FOLDER (`prepared.store`). It writes nothing
else and never touches the workbook. A file the writer could not edit leaves nothing kept: the
write that follows says why.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from workbook import prepared, writing


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m workbook.prepare_job WORKBOOK FOLDER", file=sys.stderr)
        return 2
    path, folder = Path(args[0]), Path(args[1])
    try:
        version = prepared.version_of(path)
        prepared.store(folder, path, writing.prepare(path), version)
    except OSError:  # the workbook gone, the cache folder not writable: the first write does it all, as before
        return 1
    return 0


if __name__ == "__main__":
    if hasattr(os, "nice"):  # below the app (Windows: the app starts it below normal priority)
        os.nice(10)
    sys.exit(main())
