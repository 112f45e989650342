"""The browser benchmark runs whole at S: every timing is taken in Chromium against the real app, beside R.

How fast is judged by `python -m bench --browser`, never here.
"""

from __future__ import annotations

import hashlib

from bench import browser as bench_browser
from bench.browser_timing import ACTIONS, goals, verdicts
from bench.measure import raw_calamine
from tests.support.sample import SAMPLE_TODAY


def test_one_browser_round_at_s_times_every_action_and_leaves_the_sample_as_it_was(browser, sample_workbook):
    before = hashlib.sha256(sample_workbook.read_bytes()).hexdigest()
    said: list[str] = []
    timings, r_runs = bench_browser.measure_in(
        browser,
        "S",
        sample_workbook,
        1,
        SAMPLE_TODAY,
        lambda: raw_calamine(sample_workbook, SAMPLE_TODAY)["seconds"],
        said.append,
    )
    assert set(timings) == set(ACTIONS)
    for action, runs in timings.items():
        assert len(runs) == 1 and 0 < runs[0] < bench_browser.TIMEOUT_SECONDS, (action, runs)
    assert len(r_runs) == 1 and r_runs[0] > 0
    rows = verdicts("S", timings, r_runs, bench_browser.POLL_SECONDS)
    assert [r["action"] for r in rows] == list(ACTIONS)
    judged = {r["action"] for r in rows if r["holds"] is not None}
    assert judged == set(goals("S", bench_browser.POLL_SECONDS))  # the opens of the first sight and again: shown only
    assert said[-1] == "S browser round (run 1 of 1) ..."
    assert hashlib.sha256(sample_workbook.read_bytes()).hexdigest() == before  # the app worked on copies
