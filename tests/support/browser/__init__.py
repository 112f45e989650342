"""Helpers for the browser journeys: the app server, Chromium, grid clicks."""
