# Tidings: `make demo` sets everything up and runs the seed example; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: install demo test soak bench kb gazetteer triggers train data lock

install: $(VENV)/.installed

# Everything pinned by version and hash in requirements.lock (pip-compile --generate-hashes).
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

demo: install
	$(BIN)/tidings ingest examples/seeds/articles --manifest examples/seeds/manifest.jsonl
	$(BIN)/tidings articles
	$(BIN)/tidings events

test: install
	$(BIN)/python -m pytest -q

# Long fuzz and kill campaigns (hostile inputs to every reader and stage; SIGKILL at random points
# of ingest, relink and export), bounded to ~10 minutes; prints the campaign counts.
soak: install
	TIDINGS_SOAK=1 timeout 900 $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/test_fuzz.py tests/test_kill.py --hypothesis-show-statistics

# Throughput against bare spaCy with the same worker count, peak memory and linking cost by size,
# on the ECB+ train documents and a synthetic corpus built from them: needs $(SHARED) (eval/ecbplus.py
# and data/ecbplus). Run it on a quiet machine; the last line is "ratio to bare spaCy: X".
WORKERS ?= 2
SYNTHETIC ?= 2000
LINK_SIZES ?= 5000 20000
bench: install
	$(BIN)/python bench/throughput.py --shared $(SHARED) --workers $(WORKERS) --synthetic $(SYNTHETIC) --link-sizes $(LINK_SIZES)

# Built data shipped in the package, made from ../shared/data (needed only to rebuild them).
kb: install
	$(BIN)/python scripts/build_kb.py $(SHARED)/data/actors src/tidings/data/kb

gazetteer: install
	$(BIN)/python scripts/build_gazetteer.py src/tidings/data/gazetteer.json.gz

triggers: install
	$(BIN)/python scripts/build_triggers.py $(SHARED)/data/lexicons src/tidings/data/triggers.json

# The event typer, learned on PLV news sentences (CPU, under a minute), and the event coreference
# scorer, learned on the ECB+ train topics and tuned on dev (CPU, a few minutes); scikit-learn is
# needed for training only, pinned in requirements-train.lock.
train: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-train.lock
	$(BIN)/python scripts/train_typer.py $(SHARED)/data/plover/PLV_train.tsv
	$(BIN)/python scripts/train_coref.py $(SHARED)/data/ecbplus/topics --eval $(SHARED)/eval/ecbplus.py

data: kb gazetteer triggers

# Re-pin dependencies after changing pyproject.toml.
lock:
	pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra test --extra cluster -o requirements.lock pyproject.toml
	pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra test --extra cluster --extra train -o requirements-train.lock pyproject.toml
