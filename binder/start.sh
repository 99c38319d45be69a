#!/usr/bin/env bash
# The README's first command: installs what is missing, builds Gatelab, installs the "Java (Gatelab)" kernel and
# starts Jupyter on the notebooks. Jupyter prints the URL to open (with its token).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash binder/prerequisites.sh
bash binder/install-kernel.sh
as_root=()
[ "$(id -u)" -eq 0 ] && as_root=(--allow-root)
exec jupyter notebook --no-browser --ip=127.0.0.1 --port="${PORT:-8888}" "${as_root[@]}" \
  --notebook-dir="$PWD" --NotebookApp.default_url=/tree/notebooks
