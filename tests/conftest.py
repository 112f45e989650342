"""Fixtures every level of tests may use: a blank template and the S sample for a fixed date.

The date (`SAMPLE_TODAY`) and the writing of a sample (`make_sample`) are in tests/support/sample.py.

- `blank_workbook`: Path of a fresh Chinese template in the test's tmp_path.
- `blank_workbook_en`: the same in English.
- `sample_workbook`: Path of a private copy of the S sample (zh, seed 1, SAMPLE_TODAY); the
  sample is generated once per session and copied per test, so a test may modify its copy.
- `sample_workbook_en`: the same in English.
- `book`: Path of the writer's small customers workbook (`writer_support.customers_workbook`),
  "店.xlsx" in the test's tmp_path.
- `sample_rows`: the S sample's rows by sheet key (`workbook.sample.generate`), once per
  session; read-only, shared by every test that asks for it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.sample import SAMPLE_SEED, SAMPLE_TODAY, make_sample
from tests.support.writer_support import customers_workbook
from workbook.sample import generate
from workbook.template import write_workbook


@pytest.fixture(scope="session", autouse=True)
def _private_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The app's cache (snapshots of reads, ui.loading.cache_dir) goes to the session's own folder, never the user's."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    saved = {k: os.environ.get(k) for k in ("XDG_CACHE_HOME", "LOCALAPPDATA")}
    os.environ["XDG_CACHE_HOME"] = os.environ["LOCALAPPDATA"] = str(folder)
    yield
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture
def blank_workbook(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "blank.xlsx", lang="zh")


@pytest.fixture
def blank_workbook_en(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "blank_en.xlsx", lang="en")


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return customers_workbook(tmp_path / "店.xlsx")


def _master(tmp_path_factory: pytest.TempPathFactory, lang: str) -> Path:
    folder = tmp_path_factory.mktemp(f"sample_{lang}")
    return make_sample(folder / f"sample_{lang}.xlsx", lang)


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
    return generate("S", "zh", SAMPLE_TODAY, SAMPLE_SEED)
