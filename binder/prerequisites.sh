#!/usr/bin/env bash
# Installs from Debian's packages whatever of these is missing: a JDK (17 by default; 17 to 25 work), fonts for the
# charts' static images, Maven and Jupyter (the classic Notebook, nbconvert, nbclient); with --tests also Chromium, for
# the test that opens an exported notebook, and PyTorch, for the tests of the PyTorch export. Uses sudo when not run as
# root. Already-installed tools (from pip, say) are used as they are.
set -euo pipefail

need=()
command -v javac > /dev/null || need+=(openjdk-17-jdk-headless)
# The charts' static images are drawn with Java2D, which needs fonts.
fc-list 2> /dev/null | grep -q . || need+=(fontconfig fonts-dejavu-core)
command -v mvn > /dev/null || need+=(maven)
command -v jupyter-notebook > /dev/null || need+=(jupyter-notebook python3-notebook)
command -v jupyter-nbconvert > /dev/null || need+=(jupyter-nbconvert)
python3 -c "import nbclient" 2> /dev/null || /usr/bin/python3 -c "import nbclient" 2> /dev/null || need+=(python3-nbclient)
if [ "${1:-}" = "--tests" ]; then
  command -v chromium > /dev/null || need+=(chromium)
  # The PyTorch export's tests run the exported modules in Debian's PyTorch (/usr/bin/python3, as the tests call it).
  /usr/bin/python3 -c "import torch" 2> /dev/null || need+=(python3-torch)
fi

if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing from Debian: ${need[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
fi
