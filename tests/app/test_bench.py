"""A quick S-size smoke of the benchmark: every measurement runs and reports its numbers.

Speed itself is judged by `python -m bench`, never here.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QUICK_KINDS = (
    "raw_calamine,guard,typed_load,due_list,write_followup_done,write_tick,write_append_contact,write_append_contact_next,"
    "floor_followup_done,floor_tick,floor_append_contact"
)


@pytest.mark.slow
def test_benchmark_runs_every_measurement_at_size_s(tmp_path):
    out = tmp_path / "bench.json"
    env = {**os.environ, "BENCH_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "S", "--runs", "1", "--kinds", QUICK_KINDS, "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    report = json.loads(out.read_text())
    results = report["sizes"]["S"]["results"]
    assert set(results) == set(QUICK_KINDS.split(","))
    for kind, r in results.items():
        assert "error" not in r, (kind, r)
        assert r["seconds"] > 0 and r["peak_rss_mb"] > 0, (kind, r)
    assert results["typed_load"]["extra"]["rows"]["customers"] > 1000
    assert results["write_tick"]["extra"]["status"] == "written"
    measured = {r["ratio"] for r in report["ratios"] if r["value"] is not None}
    assert "typed load (guard apart) / raw calamine" in measured and "due list / typed load" in measured
    assert 0 < results["typed_load"]["guard_seconds"] < results["typed_load"]["seconds"]
    assert all(r["step_mb"] >= 0 for r in results.values())
    assert "holds" in proc.stdout
