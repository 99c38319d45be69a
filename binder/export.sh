#!/usr/bin/env bash
# Exports notebooks to standalone HTML pages whose charts draw anywhere: the pages go to OUTPUT_DIR and plotly.js to
# OUTPUT_DIR/assets/, where every chart looks for it. Keep the two together when you move or host the pages.
#
#   bash binder/export.sh OUTPUT_DIR notebooks/02-vanishing-gradients.ipynb ...            # as saved
#   bash binder/export.sh --execute OUTPUT_DIR notebooks/*.ipynb                           # run them first
#
# Needs Jupyter's nbconvert and a built Gatelab (bash binder/install-kernel.sh builds and installs both).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
execute=()
if [ "${1:-}" = "--execute" ]; then
  execute=(--execute --ExecutePreprocessor.kernel_name=gatelab --ExecutePreprocessor.timeout=600)
  shift
fi
if [ $# -lt 2 ]; then
  echo "usage: bash binder/export.sh [--execute] OUTPUT_DIR NOTEBOOK.ipynb..." >&2
  exit 2
fi
mkdir -p "$1"
out="$(cd "$1" && pwd)"
shift
[ -d target/kernel/lib ] || mvn -B -q -DskipTests package
java -cp "target/kernel/lib/*:target/classes" dev.gatelab.plot.PlotlyAsset "$out/assets" > /dev/null
for nb in "$@"; do
  # Executed from the notebook's own folder, so its relative paths (data/…) resolve as in Jupyter.
  (cd "$(dirname "$nb")" && jupyter nbconvert --to html "${execute[@]}" --output-dir "$out" "$(basename "$nb")")
done
echo "wrote $# page(s) and assets/$(ls "$out/assets") to $out"
