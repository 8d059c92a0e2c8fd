# Two commands on a fresh machine: `make run` and `make test` (see README.md).
# Everything is installed into .venv; Qt's Debian system libraries are installed with apt-get
# when missing and running as root (packaging/linux/ensure-system-libs.sh).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TS := $(wildcard resources/translations/*.ts)
QM := $(TS:.ts=.qm)
PYTEST_ARGS ?=
# One test process per core (pytest-xdist); a file's tests stay together so its module fixtures
# are built once. `make test PARALLEL=` runs in one process.
PARALLEL ?= -n auto --dist loadfile

.PHONY: run test bench faults agency system-libs translations clean help package package-folder package-test

help:
	@echo "make run    - set up (venv, packages, system libraries) and start the application"
	@echo "make test   - set up and run the whole test suite (offscreen)"
	@echo "make bench  - run the benchmarks in bench/ and write docs/performance.md"
	@echo "make faults - run the long fault-injection suite and write docs/reliability.md"
	@echo "make agency - the demo agency server on https://127.0.0.1:8443 (PostgreSQL in .agency-demo/), for make run to upload to"
	@echo "make package      - build dist/ltc-assess/ (PyInstaller), its .tar.gz, .deb and source archive (docs/packaging.md)"
	@echo "make package-test - build the folder (cached by input hash) and run the packaged self-tests"

system-libs:
	@PYTHON=$(PYTHON) bash packaging/linux/ensure-system-libs.sh

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-libs
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# opencv-python (the GUI build, with its own Qt 5) and the pinned opencv-python-headless write the
	@# same cv2 folder: a venv made before the switch drops both, then gets the headless one alone.
	@if $(PY) -m pip show opencv-python >/dev/null 2>&1; then $(PY) -m pip uninstall --quiet -y opencv-python opencv-python-headless; fi
	$(PY) -m pip install --quiet -e '.[test,agency]'
	@touch $@

resources/translations/%.qm: resources/translations/%.ts $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

run: $(STAMP) $(QM)
	$(VENV)/bin/ltc-assess-gui --demo

test: $(STAMP) $(QM)
	@PYTHON=$(PYTHON) bash packaging/linux/ensure-system-libs.sh --test-tools
	@LTC_PACKAGE_TEST=$${LTC_PACKAGE_TEST-1} QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PARALLEL) $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure here"; exit 1; fi; \
	exit $$status

BENCHMARKS := $(filter-out bench/results.py bench/write_performance.py,$(wildcard bench/*.py))

package: $(STAMP) $(QM)
	@PY=$(PY) bash packaging/linux/build-package.sh

package-folder: $(STAMP) $(QM)
	@PY=$(PY) bash packaging/linux/build-package.sh --folder

package-test: $(STAMP) $(QM)
	@LTC_PACKAGE_TEST=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/packaging -p no:cacheprovider $(PYTEST_ARGS)

bench: $(STAMP)
	@PYTHON=$(PYTHON) bash packaging/linux/ensure-system-libs.sh --test-tools
	@results=$$(mktemp); trap 'rm -f $$results' EXIT; \
	for benchmark in $(BENCHMARKS); do echo "== $$benchmark"; LTC_BENCH_RESULTS=$$results $(PY) $$benchmark || exit 1; done; \
	$(PY) bench/write_performance.py $$results docs/performance.md

# The long fault-injection run: many trials of every fault (the workstation's and the agency
# server's), then docs/reliability.md from what was measured.
faults: $(STAMP) $(QM)
	@PYTHON=$(PYTHON) bash packaging/linux/ensure-system-libs.sh --test-tools
	@rm -f tests/artifacts/faults.jsonl
	@QT_QPA_PLATFORM=offscreen LTC_FAULTS=long $(PY) -m pytest tests/faults tests/agency/test_faults.py -q
	@$(PY) tools/write_reliability.py

# The demo agency server in the foreground (README "The agency server"): a throwaway PostgreSQL
# cluster in .agency-demo/, the demo agency of `make run`'s laptop, https://127.0.0.1:8443, one
# worker. Ctrl-C stops everything; `rm -rf .agency-demo` starts afresh.
agency: $(STAMP)
	@PYTHON=$(PYTHON) bash packaging/linux/ensure-system-libs.sh --agency
	@$(PY) -m assessment_app.agency.demo_server --dir .agency-demo

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis $(QM)
