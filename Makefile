# One way to run everything. `make` targets create and use a project .venv.
#   make run                       the app on the demo workbook (or the one opened last)
#   make run WORKBOOK=path.xlsx    the app on your own workbook
#   make test-fast                 the quick loop: the unit level (tests/unit), no app, no browser
#   make test                      ruff + every level (unit, app, browser), as CI runs it
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501
WORKBOOK ?=
PYTEST_WORKERS ?= 2

.PHONY: venv run test test-fast lint fmt bench sample clean-venv

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

run: venv
	@echo "Opening on http://127.0.0.1:$(PORT)  (Ctrl+C to stop)"
	$(BIN)/python -m streamlit run app.py --server.port $(PORT) --server.headless true $(if $(WORKBOOK),-- --workbook "$(WORKBOOK)",)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# lint and tests both run; the target fails if either failed
test: venv
	@status=0; \
	$(MAKE) --no-print-directory lint || status=1; \
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile tests || status=1; \
	exit $$status

# rules and the workbook layer only (tests/unit): run it while you work, `make test` before you push
test-fast: venv
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile tests/unit

bench: venv
	$(BIN)/python -m bench

# The S sample in both languages, for reading and for tests (see sample_data/README.md).
sample: venv
	$(BIN)/python cli.py sample sample_data/sample_zh.xlsx --size S --lang zh --today 2026-11-20 --seed 1 --force
	$(BIN)/python cli.py sample sample_data/sample_en.xlsx --size S --lang en --today 2026-11-20 --seed 1 --force

clean-venv:
	rm -rf $(VENV)
