"""The app server's peak memory on opening a workbook and logging a follow-up: `python -m bench.memory L`.

Runs, in this fresh process, what the app does from its start to the first log's confirmation: the
read with the snapshot kept (a first open), the problems the pages show, the due list, the contacts
sheet deflated ahead of the first write (by the low-priority process the app starts once the page
is drawn, `workbook.prepared`; its own peak is reported apart as `prepare_process_peak_mb`), one follow-up
logged through the writer (with the read's fingerprint and highest IDs, as `ui/session.write` calls it) and the
written operation applied to the frames (`ui/loading.after_write`). Prints one JSON line: the peak
resident memory (`ru_maxrss`) and each step's seconds. Works on a copy of the cached sample
(BENCH_CACHE, else bench/.cache); the sample itself is never written.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 20)  # the day the bench samples were made for


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def sample(size: str) -> Path:
    """The cached bench sample of this size (made by `python -m bench`, never here)."""
    cache = Path(os.environ.get("BENCH_CACHE") or Path(__file__).resolve().parent / ".cache")
    path = cache / f"sample_{size}_{TODAY.isoformat()}_seed1.xlsx"
    if not path.is_file():
        raise SystemExit(f"{path} is missing: run `python -m bench --sizes {size}` once to make it")
    return path


# The preparing process as the app starts it (`python -m workbook.prepare_job`), reporting its own
# peak: its VmHWM (an exec'd child's ru_maxrss carries the parent's peak from before the exec)
_PREPARE_APART = """
import re, sys
from workbook import prepare_job
code = prepare_job.main(sys.argv[1:])
status = open("/proc/self/status").read()
print(int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1)) / 1024)
sys.exit(code)
"""


def _prepare_apart(path: Path, folder: Path) -> float:
    """Prepare the workbook in a process of its own, as the app does; its peak resident memory in MB."""
    done = subprocess.run(
        [sys.executable, "-c", _PREPARE_APART, str(path), str(folder)],
        cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout.strip().splitlines()[-1])


def open_and_log(path: Path, folder: Path) -> dict[str, float]:
    """The app's steps from a first open to a logged follow-up, timed one by one, and the peak
    resident memory once each is done (`<step>_peak_mb`: the step that raised the peak shows)."""
    from logic.followups import due_followups
    from logic.references import workbook_problems
    from workbook import operations, overlay, snapshot
    from workbook.reading import read_workbook
    from workbook.writing import apply

    steps: dict[str, float] = {}
    t = time.perf_counter()
    wb = read_workbook(path, today=TODAY)
    steps["read"] = time.perf_counter() - t
    steps["read_peak_mb"] = _peak_mb()
    t = time.perf_counter()
    snapshot.save(wb, folder / "snapshots", TODAY)
    steps["snapshot"] = time.perf_counter() - t
    steps["snapshot_peak_mb"] = _peak_mb()
    t = time.perf_counter()
    workbook_problems(wb, wb.lang)
    due = due_followups(wb.frames, wb.settings, TODAY, lang=wb.lang)
    steps["due_list"] = time.perf_counter() - t
    steps["due_list_peak_mb"] = _peak_mb()
    item = due[due["customer_id"].notna()].iloc[0]
    op = operations.log_contact(
        str(item["customer_id"]), "call", TODAY, result="bench: memory", consultant=str(item["consultant"]),
        followup_kind=str(item["kind"]), time="10:00", recorded_by="bench",
    )  # fmt: skip
    t = time.perf_counter()
    steps["prepare_process_peak_mb"] = _prepare_apart(path, folder / "prepared")
    steps["prepare"] = time.perf_counter() - t
    t = time.perf_counter()
    result = apply(
        path, [op], actor="bench", expected=wb.fingerprint, known_ids=wb.highest_ids, prepared_in=folder / "prepared"
    )
    steps["write"] = time.perf_counter() - t
    steps["write_peak_mb"] = _peak_mb()
    if result.status != "written":
        raise SystemExit(f"the follow-up was not written: {result.status}")
    t = time.perf_counter()
    overlay.overlay(wb.frames, [op], ids=result.ids, lang=wb.lang)
    steps["overlay"] = time.perf_counter() - t
    steps["overlay_peak_mb"] = _peak_mb()
    return steps


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=["S", "M", "L"])
    args = parser.parse_args(argv)
    source = sample(args.size)
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        folder = Path(tmp)
        path = Path(shutil.copyfile(source, folder / source.name))
        steps = open_and_log(path, folder)
    out = {
        "size": args.size,
        "peak_rss_mb": round(_peak_mb(), 1),
        **{k: round(v, 1 if k.endswith("_mb") else 3) for k, v in steps.items()},
    }
    print(json.dumps(out))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
