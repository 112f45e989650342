"""The tests, by level: unit/ (rules and the workbook layer), app/ (the app and the command line run whole), browser/ (the real app in Chromium); helpers in support/."""
