# Two entry points, both self-contained on a fresh machine:
#   make demo  - set up .venv and compare the four main placements on the default scenario (20 replicates)
#   make test  - set up .venv and run the whole test suite (fast tests, then slow ones, then the browser test)
#   make dashboard - set up .venv and start the educators' dashboard on http://127.0.0.1:8765
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.cxsim-installed

CHROMIUM := /usr/bin/chromium

.PHONY: demo test test-fast test-browser dashboard chromium lint bench bench-dashboard clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	# The dashboard's front-end files, kept locally so the page works offline (idempotent).
	$(BIN)/python -m sim.dashboard.assets
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/cxsim run scenarios/default.toml --placement marketing,service,operations,ceo_overlay --replicates 20 --seed 1

test: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not browser"
	$(BIN)/python -m pytest -q -m "slow"
	$(MAKE) test-browser

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not browser"

# The real-browser test drives Debian's chromium through playwright (no browser download).
test-browser: $(STAMP) chromium
	$(BIN)/python -m pytest -q -m "browser"

chromium:
	@test -x $(CHROMIUM) || { apt-get update && apt-get install -y chromium; }

dashboard: $(STAMP)
	$(BIN)/cxsim dashboard

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_model.py

# The dashboard in headless chromium: play speed, picker switches, memory after tabs close (about 3 minutes).
bench-dashboard: $(STAMP) chromium
	$(BIN)/python benchmarks/bench_dashboard.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
