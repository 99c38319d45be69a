#!/usr/bin/env bash
# Builds the tutorials as a static site, readable without running anything: every notebook executed and exported as
# one HTML page with its charts, plotly.js once in assets/, and index.html with each notebook's headline. The folder
# is ready to host as it is (GitHub Pages, say).
#
#   bash binder/site.sh [OUT]              # executes the notebooks (about 6 minutes on 2 cores); OUT is target/site
#   bash binder/site.sh OUT --from DIR     # exports notebooks already executed into DIR (the notebook tests do this)
#
# Needs what the start command installs (bash binder/install-kernel.sh): Gatelab built, its kernel and nbconvert.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${1:-target/site}"
if [ "${2:-}" = "--from" ]; then
  bash binder/export.sh "$out" "${3:?--from needs a folder of executed notebooks}"/*.ipynb
else
  bash binder/export.sh --execute "$out" notebooks/*.ipynb
fi
java -cp "target/kernel/lib/*:target/classes" dev.gatelab.notebook.SiteIndex "$out"
