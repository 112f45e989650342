"""Fast tests of the rules (logic/), the workbook layer (workbook/), i18n and the ui helpers that need no running app."""
