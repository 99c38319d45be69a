#!/usr/bin/env bash
# The README's second command: installs what is missing and runs every test. The unit and PyTorch-parity tests run in
# Maven's test phase; the notebook tests (every notebook executed in Jupyter, an export drawn in Chromium, Binder's
# postBuild as a new user, %maven in a stock kernel) in its integration-test phase. Then the unit tests again on every
# other JDK from 17 on installed under /usr/lib/jvm, and a line per JDK with its result.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash binder/prerequisites.sh --tests

summary() {   # the unit tests' counts from Surefire's reports: "473 tests, 0 failures, 0 errors, 0 skipped"
  local reports=(target/surefire-reports/*.txt)
  if [ ${#reports[@]} -eq 0 ]; then echo "no test reports"; return; fi
  awk -F'[:,]' '/^Tests run:/ { r += $2; f += $4; e += $6; s += $8 }
    END { printf "%d tests, %d failures, %d errors, %d skipped", r, f, e, s }' "${reports[@]}"
}

major() {     # the feature version of the JDK at $1: 17, 21, 25
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -1
}

# The JDK Maven runs on: JAVA_HOME if set, else the one on the PATH, as Maven chooses.
default_home=$(readlink -f "${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}")
rm -rf target/surefire-reports
# Every test: -Dgatelab.excludedGroups= empties the quick loop's exclusion of the tests marked @Slow (see pom.xml).
mvn -B verify -Dgatelab.excludedGroups=
results=("$("$default_home/bin/java" -version 2>&1 | head -1) (default): unit and notebook tests passed; unit tests: $(summary)")

seen=" $default_home "
status=0
for home in /usr/lib/jvm/*/; do
  home=$(readlink -f "$home")
  [ -x "$home/bin/javac" ] || continue
  [[ "$seen" == *" $home "* ]] && continue
  seen+="$home "
  version=$("$home/bin/java" -version 2>&1 | head -1)
  m=$(major "$home")
  if [[ ! "$m" =~ ^[0-9]+$ ]] || [ "$m" -lt 17 ]; then     # "1.8" and "11" alike
    results+=("$version: not run (Gatelab needs 17 or later)")
    continue
  fi
  echo "== The unit tests on $version ($home)"
  rm -rf target/surefire-reports
  if JAVA_HOME="$home" mvn -B -q test -Dgatelab.excludedGroups=; then
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
