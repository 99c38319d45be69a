#!/usr/bin/env bash
# The README's second command: installs what is missing and runs every test. The unit and PyTorch-parity tests run in
# Maven's test phase; the notebook tests (every notebook executed in Jupyter, an export drawn in Chromium, Binder's
# postBuild as a new user) in its integration-test phase.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash binder/prerequisites.sh --tests
mvn -B verify
