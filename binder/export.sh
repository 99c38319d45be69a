#!/usr/bin/env bash
# Exports notebooks to standalone HTML pages whose charts draw anywhere: the pages go to OUTPUT_DIR and plotly.js to
# OUTPUT_DIR/assets/, where every chart looks for it. Keep the two together when you move or host the pages.
#
#   bash binder/export.sh OUTPUT_DIR notebooks/02-vanishing-gradients.ipynb ...            # as saved
#   bash binder/export.sh --execute OUTPUT_DIR notebooks/*.ipynb                           # run them first
#
# Paths are read from the folder you run it in. Needs Jupyter's nbconvert and a built Gatelab
# (bash binder/install-kernel.sh builds and installs both).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
execute=()
if [ "${1:-}" = "--execute" ]; then
  execute=(--execute --ExecutePreprocessor.kernel_name=gatelab --ExecutePreprocessor.timeout=600)
  shift
fi
if [ $# -lt 2 ]; then
  echo "usage: bash binder/export.sh [--execute] OUTPUT_DIR NOTEBOOK.ipynb..." >&2
  exit 2
fi
output_arg=$1
shift

# Every notebook is checked, and made absolute against the caller's folder, before anything is written.
notebooks=()
declare -A source_of_page=()
for nb in "$@"; do
  case "$nb" in
    *.ipynb) ;;
    *) echo "export.sh: expected a notebook (NAME.ipynb), got '$nb'" >&2; exit 2 ;;
  esac
  if [ ! -f "$nb" ]; then
    echo "export.sh: no notebook '$nb' in $(pwd)" >&2
    exit 2
  fi
  page="$(basename -- "$nb" .ipynb).html"
  absolute="$(cd -- "$(dirname -- "$nb")" && pwd)/$(basename -- "$nb")"
  if [ -n "${source_of_page[$page]:-}" ]; then
    for earlier in "${notebooks[@]}"; do
      if [ "$earlier" = "$absolute" ]; then
        echo "export.sh: '$nb' is listed twice" >&2
        exit 2
      fi
    done
    echo "export.sh: '${source_of_page[$page]}' and '$nb' would both become $output_arg/$page; export them to different folders" >&2
    exit 2
  fi
  source_of_page[$page]=$nb
  notebooks+=("$absolute")
done
mkdir -p -- "$output_arg"
out="$(cd -- "$output_arg" && pwd)"

cd "$repo"
[ -d target/kernel/lib ] || mvn -B -q -DskipTests package
java -cp "target/kernel/lib/*:target/classes" dev.gatelab.plot.PlotlyAsset "$out/assets" > /dev/null
failed=()
for nb in "${notebooks[@]}"; do
  # nbconvert reads each name as a glob pattern, and one that starts with '-' as an option: the name goes as ./NAME
  # with [, ], * and ? each in brackets, which glob reads as themselves.
  pattern="./$(basename -- "$nb" | sed 's/[][*?]/[&]/g')"
  # Executed from the notebook's own folder, so its relative paths (data/…) resolve as in Jupyter.
  if ! (cd "$(dirname -- "$nb")" && jupyter nbconvert --to html "${execute[@]}" --output-dir "$out" "$pattern"); then
    failed+=("$nb")
  fi
done
echo "wrote $(( ${#notebooks[@]} - ${#failed[@]} )) page(s) and assets/$(ls "$out/assets") to $out"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'export.sh: could not export %s\n' "${failed[@]}" >&2
  exit 1
fi
