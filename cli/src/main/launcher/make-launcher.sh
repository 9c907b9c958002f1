#!/bin/sh
# Writes the launcher cli/target/regdoctor next to regdoctor.jar and trains its class-data
# archive: a static AppCDS archive on JDK 11 to 24 (the class list of a training run, then
# -Xshare:dump; unlike a dynamic archive it also holds picocli, whose class files predate Java 6),
# the AOT cache (-XX:AOTCacheOutput) on JDK 25 and later. Run by `mvn package` (exec-maven-plugin); also usable by hand:
#   sh cli/src/main/launcher/make-launcher.sh TARGET_DIR JAVA_HOME [skip-archive]
# The training (dev.regdoctor.cli.ArchiveTraining) talks to in-process registries on 127.0.0.1
# only. Without a usable JVM feature the launcher is still written and starts without an archive.
set -eu

target=$(cd -- "$1" && pwd -P)
java_home=$(cd -- "$2" && pwd -P)
skip=${3:-false}
here=$(cd -- "$(dirname -- "$0")" && pwd -P)
jar=$target/regdoctor.jar
java=$java_home/bin/java

# Short-lived processes: C1 only (C2 compiles cost more CPU than they save in a run of seconds),
# the serial collector (no GC threads), a 16 MiB initial heap (the young generation then grows
# only as needed: peak RSS of 1,000 images 116 -> 75 MiB), no perf-data file. Measured with
# samples/bench/startup-bench.sh; see docs/benchmarks.md.
jvm_options='-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms16m -XX:-UsePerfData'

[ -r "$jar" ] || { echo "make-launcher: $jar not found" >&2; exit 1; }
[ -x "$java" ] || { echo "make-launcher: $java is not executable" >&2; exit 1; }

version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release" 2>/dev/null || true)
version=${version:-0}
if [ "$version" -ge 25 ]; then
  kind=aot
  archive_file=regdoctor.aot
  archive_options='-Xlog:aot=off -Xlog:cds=off -XX:AOTMode=auto -XX:AOTCache='
  train_options="-XX:AOTCacheOutput=$target/$archive_file"
elif [ "$version" -ge 11 ]; then
  kind=cds
  archive_file=regdoctor.jsa
  archive_options='-Xlog:cds=off -XX:SharedArchiveFile='
  train_options="-XX:DumpLoadedClassList=$target/regdoctor.classlist"
else
  kind=none
  archive_file=regdoctor.jsa
  archive_options=
  train_options=
fi

rm -f "$target/regdoctor.jsa" "$target/regdoctor.aot" "$target/regdoctor.aot.config" \
  "$target/regdoctor.classlist"
if [ "$skip" = true ]; then
  echo "make-launcher: archive skipped (regdoctor.archive.skip)"
elif [ "$kind" = none ]; then
  echo "make-launcher: JDK $version has no application class-data archive; launcher without one"
else
  log=$target/regdoctor-archive.log
  # shellcheck disable=SC2086 # option lists are split on purpose
  if "$java" $jvm_options $train_options -cp "$jar" dev.regdoctor.cli.ArchiveTraining >"$log" 2>&1 \
    && { [ "$kind" = aot ] || "$java" $jvm_options -Xshare:dump \
      "-XX:SharedClassListFile=$target/regdoctor.classlist" \
      "-XX:SharedArchiveFile=$target/$archive_file" -cp "$jar" >>"$log" 2>&1; } \
    && [ -s "$target/$archive_file" ]; then
    echo "make-launcher: $kind archive $target/$archive_file ($(wc -c <"$target/$archive_file") bytes)"
  else
    echo "make-launcher: could not write the $kind archive, launcher without one; see $log" >&2
    tail -n 5 "$log" >&2 || true
    rm -f "$target/$archive_file"
  fi
fi

stamp="$jar:$(stat -L -c '%s:%Y' -- "$jar" "$java_home/lib/modules" | tr '\n' ' ')"
case $jar$java_home in
  *\'* | *"
"*)
    echo "make-launcher: paths with quotes or newlines are not supported: $jar, $java_home" >&2
    exit 1
    ;;
esac
escape() { printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'; }
sed -e "s|@BUILT_JAVA@|$(escape "$java")|g" \
  -e "s|@BUILT_JAVA_HOME@|$(escape "$java_home")|g" \
  -e "s|@STAMP@|$(escape "$stamp")|g" \
  -e "s|@ARCHIVE_FILE@|$archive_file|g" \
  -e "s|@ARCHIVE_OPTIONS@|$archive_options|g" \
  -e "s|@JVM_OPTIONS@|$jvm_options|g" \
  "$here/regdoctor.in" >"$target/regdoctor.tmp"
chmod 755 "$target/regdoctor.tmp"
mv -f "$target/regdoctor.tmp" "$target/regdoctor"
echo "make-launcher: wrote $target/regdoctor (JVM $java)"
