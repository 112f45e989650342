"""Benchmark of load, due list and writes at three sample sizes; see `python -m bench --help`."""
