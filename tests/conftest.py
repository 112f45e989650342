"""Fixtures every test module may use: a blank template and the S sample for a fixed date.

- `SAMPLE_TODAY`: the date the shared sample is generated for (as `sample_data/`).
- `blank_workbook`: Path of a fresh Chinese template in the test's tmp_path.
- `blank_workbook_en`: the same in English.
- `sample_workbook`: Path of a private copy of the S sample (zh, seed 1, SAMPLE_TODAY); the
  sample is generated once per session and copied per test, so a test may modify its copy.
- `sample_workbook_en`: the same in English.
- `sample_rows`: the S sample's rows by sheet key (`workbook.sample.generate`), once per
  session; read-only, shared by every test that asks for it.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLE_TODAY = date(2026, 11, 20)
SAMPLE_SEED = 1


@pytest.fixture
def blank_workbook(tmp_path: Path) -> Path:
    from workbook.template import write_workbook

    return write_workbook(tmp_path / "blank.xlsx", lang="zh")


@pytest.fixture
def blank_workbook_en(tmp_path: Path) -> Path:
    from workbook.template import write_workbook

    return write_workbook(tmp_path / "blank_en.xlsx", lang="en")


def _master(tmp_path_factory: pytest.TempPathFactory, lang: str) -> Path:
    from workbook.sample import write_sample

    folder = tmp_path_factory.mktemp(f"sample_{lang}")
    return write_sample(folder / f"sample_{lang}.xlsx", "S", lang, SAMPLE_TODAY, SAMPLE_SEED)


@pytest.fixture(scope="session")
def _sample_master_zh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _master(tmp_path_factory, "zh")


@pytest.fixture(scope="session")
def _sample_master_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _master(tmp_path_factory, "en")


@pytest.fixture
def sample_workbook(_sample_master_zh: Path, tmp_path: Path) -> Path:
    return Path(shutil.copyfile(_sample_master_zh, tmp_path / "sample.xlsx"))


@pytest.fixture
def sample_workbook_en(_sample_master_en: Path, tmp_path: Path) -> Path:
    return Path(shutil.copyfile(_sample_master_en, tmp_path / "sample_en.xlsx"))


@pytest.fixture(scope="session")
def sample_rows() -> dict[str, list[dict[str, Any]]]:
    from workbook.sample import generate

    return generate("S", "zh", SAMPLE_TODAY, SAMPLE_SEED)
