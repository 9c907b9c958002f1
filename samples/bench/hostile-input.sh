#!/usr/bin/env bash
# Hostile-input benchmark (issue 12): time and peak memory of whole regdoctor processes on input
# built to be expensive. Usage: samples/bench/hostile-input.sh [JAR] (default cli/target/regdoctor.jar)
# Needs hyperfine and GNU time. Results go to docs/benchmarks.md by hand.
set -euo pipefail
jar="${1:-cli/target/regdoctor.jar}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1 MiB line of repeated https:// (redaction and rule patterns on one long line)
python3 -c "print('https://' * 131072 + '?token=x')" > "$work/https.txt"
# 1 KB billion-laughs YAML (9 levels of 9 aliases)
python3 - "$work/laughs.yaml" <<'PY'
import sys
lines = ["a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
for i in range(1, 10):
    lines.append("a%d: &a%d [%s]" % (i, i, ",".join(["*a%d" % (i - 1)] * 9)))
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
# 10 MiB scalar on one YAML line
python3 -c "print('apiVersion: v1\nkind: Secret\ndata:\n  x: ' + 'a' * (10 << 20))" > "$work/scalar.yaml"
# 100 MB --batch input: one 100 MB line and 200 short messages
python3 - "$work/batch.txt" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("dial tcp: lookup registry.example.invalid: no such host\n")
    chunk = "x https://" * 100000
    for _ in range(100):
        f.write(chunk)
    f.write("\n" + "manifest unknown\n" * 200)
PY

run() { # name, then the command
  local name="$1"; shift
  /usr/bin/time -f "$name: %e s, max RSS %M KB, exit %x" timeout 120 "$@" >/dev/null 2>"$work/err" || true
  tail -1 "$work/err"
}
run "explain 1 MiB https:// line" java -jar "$jar" explain - < "$work/https.txt"
run "k8s 1 KB billion laughs" java -jar "$jar" k8s --offline "$work/laughs.yaml"
run "k8s 10 MiB one-line scalar" java -jar "$jar" k8s --offline "$work/scalar.yaml"
run "explain --batch 100 MB, -Xmx64m" java -Xmx64m -jar "$jar" explain --batch "$work/batch.txt"
hyperfine --warmup 1 --runs 5 -i \
  "java -jar $jar explain - < $work/https.txt" \
  "java -jar $jar k8s --offline $work/laughs.yaml" \
  "java -jar $jar k8s --offline $work/scalar.yaml"
