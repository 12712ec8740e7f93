#!/usr/bin/env bash
# Measures what checkpointEvery costs per step, checkpoint sizes and the replay of a resume (bench/README.md,
# "Checkpoints"). Builds dsl and bench from this checkout (never from ~/.m2) and runs one JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests -pl bench -am
# In the same reactor as package, so zeroth-dsl resolves from this checkout (it need not be in ~/.m2); bench is the
# reactor's last module, so its class path is the one left in the file.
mvn -B -q package dependency:build-classpath -DskipTests -pl bench -am -Dmdep.outputFile="$PWD/bench/target/classpath.txt" >/dev/null
# Third-party jars from the list; Zeroth's own classes from this checkout.
deps=$(tr ':' '\n' < bench/target/classpath.txt | grep -v '/org/zeroth/' | paste -sd: -)
cp="dsl/target/classes:bench/target/classes:$deps"
jvm=(-Xmx3g -Dorg.bytedeco.javacpp.maxphysicalbytes=0 -Dzeroth.maxPhysicalBytes=8G)   # as the kernelspec: install/install.sh
if java -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  jvm+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
fi
# As the kernelspec (install/install.sh); numpy's children run without these (Python.java removes them).
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 ZEROTH_NATIVE_THREADS=1
exec java "${jvm[@]}" -cp "$cp" org.zeroth.bench.CheckpointBench "$@"
