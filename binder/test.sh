#!/usr/bin/env bash
# The README's second command: installs what is missing and runs every test. The unit and PyTorch-parity tests run in
# Maven's test phase; the notebook tests (every notebook executed in Jupyter, an export drawn in Chromium, Binder's
# postBuild as a new user, %maven in a stock kernel) in its integration-test phase. Then the unit tests again on every
# other JDK installed under /usr/lib/jvm, and a line per JDK with its result.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash binder/prerequisites.sh --tests

summary() {   # the unit tests' counts from Surefire's reports: "412 tests, 0 failures, 0 errors, 0 skipped"
  awk -F'[:,]' '/^Tests run:/ { r += $2; f += $4; e += $6; s += $8 }
    END { printf "%d tests, %d failures, %d errors, %d skipped", r, f, e, s }' target/surefire-reports/*.txt
}

mvn -B verify
default_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
results=("$("$default_home/bin/java" -version 2>&1 | head -1) (default): unit and notebook tests passed; unit tests: $(summary)")

seen=("$default_home")
status=0
for home in /usr/lib/jvm/*/; do
  home=$(readlink -f "$home")
  [ -x "$home/bin/javac" ] || continue
  [[ " ${seen[*]} " == *" $home "* ]] && continue
  seen+=("$home")
  version=$("$home/bin/java" -version 2>&1 | head -1)
  echo "== The unit tests on $version ($home)"
  if JAVA_HOME="$home" mvn -B -q test; then
    results+=("$version: unit tests passed: $(summary)")
  else
    results+=("$version: unit tests FAILED: $(summary)")
    status=1
  fi
done
echo
echo "== Tests by JDK"
printf '%s\n' "${results[@]}"
exit $status
