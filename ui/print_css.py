"""The print stylesheet: A4 landscape, no sidebar, header or toolbar on paper; the on-screen print view.

Its own module so that `ui.session.page_setup` injects it without importing `ui.print`
(which imports the session).
"""

from __future__ import annotations

PRINT_CSS = """
<style>
@page { size: A4 landscape; margin: 10mm; }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stStatusWidget"], [data-testid="stSidebarCollapsedControl"],
  .no-print, .st-key-ui_print_controls { display: none !important; }
  [data-testid="stMainBlockContainer"], .block-container { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stAppViewContainer"] { overflow: visible !important; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; font-size: 11pt; }
  [data-testid="stVerticalBlock"] { gap: 0.4rem !important; }
  .print-break { break-before: page; }
}
.print-only { display: none; }
@media print { .print-only { display: block; } }
</style>
"""

SCREEN_PRINT_VIEW_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none !important; }
.print-only { display: block; }
[data-testid="stMainBlockContainer"], .block-container { max-width: 297mm !important; }
</style>
"""
