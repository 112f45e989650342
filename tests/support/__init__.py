"""Helpers shared by tests of every level: frame builders, hostile workbooks, the writer's checks, AppTest and browser helpers."""
