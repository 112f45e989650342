# One way to run everything. `make` targets create and use a project .venv.
#   make run                       the app on the demo workbook (or the one opened last)
#   make run WORKBOOK=path.xlsx    the app on your own workbook
#   make run LAN=1                 also reachable from phones on the showroom network
#   make test-fast                 the quick loop: the unit level (tests/unit), no app, no browser
#   make test                      ruff + every level (unit, app, browser), as CI runs it
# run, test and venv call start.py (what `python start.py` does on a laptop without make).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501
WORKBOOK ?=
LAN ?=
PYTEST_WORKERS ?= 2

.PHONY: venv run test test-fast lint fmt bench sample clean-venv

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) start.py setup

run: venv
	$(PYTHON) start.py --no-browser --port $(PORT) $(if $(WORKBOOK),--workbook "$(WORKBOOK)",) $(if $(LAN),--lan,)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# lint and tests all run; the target fails if any failed
test: venv
	$(PYTHON) start.py test --workers $(PYTEST_WORKERS)

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
