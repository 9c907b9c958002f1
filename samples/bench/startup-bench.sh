#!/bin/sh
# The whole-process benchmark of issue 16, in one invocation: builds the CLI (jar, launcher and
# class-data archive) and the bench, then runs StartupBench against a real docker-registry on
# 127.0.0.1. Extra arguments go to StartupBench (--images 1000 --rounds 5 --cold-runs 20
# --memory 10000 --write). Needs docker-registry, skopeo, hyperfine and GNU time.
#   samples/bench/startup-bench.sh --write    # also updates docs/benchmarks.md and README.md
#   samples/bench/startup-bench.sh --images 100 --rounds 0 --memory 0   # the cold-start table alone
set -eu
cd "$(dirname -- "$0")/../.."
mvn -B -q package dependency:build-classpath -DskipTests -Dspotless.check.skip=true \
  -pl cli,samples/bench -am \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
exec java -Dregdoctor.bench.command="samples/bench/startup-bench.sh $*" \
  -cp "samples/bench/target/classes:$(cat samples/bench/target/bench-classpath.txt)" \
  dev.regdoctor.bench.StartupBench "$@"
