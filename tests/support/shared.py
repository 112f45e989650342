"""What some tests take from ../shared beside the repository, skipped with one line where it is not there.

CI has ../shared: real workbooks saved by Excel and other programs (corpus/) and the offline OOXML
validator, a stand-in for "Excel opens this without a repair prompt" (ooxml/validate.py). A fresh
clone has neither; there the checks that need them are skipped, never failed.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus"
VALIDATOR = SHARED / "ooxml" / "validate.py"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")


@functools.cache
def _validator() -> tuple[Any, tuple[Any, ...]]:
    # the validator is a script of ../shared, not a package: it is loaded from its file
    spec = importlib.util.spec_from_file_location("ooxml_validate", VALIDATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, module.load_schema()


def validation_problems(path: Path) -> list[tuple[str, str]]:
    """What ../shared/ooxml/validate.py finds wrong with the workbook (empty when it passes); skips without it."""
    if not VALIDATOR.is_file():
        pytest.skip("../shared/ooxml/validate.py is not beside the repository")
    module, schema = _validator()
    return module.validate_xlsx(str(path), *schema)
