"""The one place the reader's limits live: what the guard refuses before calamine sees a file.

Chosen to pass the L sample (100k customers, 900k contacts; measured: its contacts sheet
inflates to 717 MB of XML, 868 MB in all, 101 MB on disk) with room to spare, and to refuse
what no dealership produces.
calamine allocates every sheet densely (rows x columns of the used range, ~32 bytes a
cell) and aborts the whole process when that fails, so the sheet's area is the real guard.
"""

from __future__ import annotations

MB = 1 << 20

MAX_FILE_BYTES = 400 * MB  # the .xlsx itself, compressed
MAX_ENTRIES = 10_000  # zip members (a workbook has tens; hundreds with many pictures)
MAX_ENTRY_INFLATED = 1024 * MB  # one XML part, actually inflated (not as declared)
MAX_TOTAL_INFLATED = 1536 * MB  # every XML part together, actually inflated
MAX_RATIO = 300  # compression ratio of an XML part above which it is a bomb (real sheets: 5-50)
RATIO_FLOOR = 32 * MB  # ... but only once a part inflates past this (tiny parts compress well)

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLS = 16_384  # column XFD
MAX_ROW = EXCEL_MAX_ROWS - 1  # a cell on Excel's last row is a stray, never data
MAX_COL = EXCEL_MAX_COLS - 1  # likewise a cell in column XFD
MAX_SHEET_CELLS = 40_000_000  # rows x columns from A1 (L contacts: 900,001 x 16 = 14.4M)
MAX_TAG_BYTES = 4 * MB  # one XML tag longer than this is not a spreadsheet

CHUNK_BYTES = 256 * 1024  # inflate in chunks of this size (cache-sized: measured fastest)
