#!/usr/bin/env bash
# Runs every benchmark and prints the table (bench/README.md explains each line).
#   bench/run.sh                 all sections
#   bench/run.sh mezo overhead   only these (mezo floor overhead ops threads gemm openblas efficiency kernel memory bayes firstcalls spark)
# Builds dsl and bench from this checkout (never from ~/.m2), then runs one JVM that also drives the
# numpy/scipy baselines with Debian's /usr/bin/python3 — every ratio is measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
modules=bench
if [ -f kernel/pom.xml ]; then modules=$modules,kernel; fi   # kernel/bench/kernel_bench.py needs it built
mvn -B -q package -DskipTests -pl "$modules" -am
# In the same reactor as package, so zeroth-dsl resolves from this checkout (it need not be in ~/.m2); bench is the
# reactor's last module, so its class path is the one left in the file.
mvn -B -q package dependency:build-classpath -DskipTests -pl bench -am -Dmdep.outputFile="$PWD/bench/target/classpath.txt" >/dev/null
# Third-party jars from the list; Zeroth's own classes from this checkout.
deps=$(tr ':' '\n' < bench/target/classpath.txt | grep -v '/org/zeroth/' | paste -sd: -)
cp="dsl/target/classes:bench/target/classes:$deps"
jvm=(-Xmx3g -Dorg.bytedeco.javacpp.maxphysicalbytes=0 -Dzeroth.maxPhysicalBytes=8G --add-modules=jdk.incubator.vector)   # as the kernelspec: install/install.sh
if grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
  jvm+=(-XX:+UseTransparentHugePages)   # the heap on huge pages, as install.sh
fi
if java -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  jvm+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
fi
# As the kernelspec (install/install.sh); numpy's children run without these (Python.java removes them). No
# ZEROTH_NATIVE_THREADS: Zeroth's default then applies, under which Tensors.mmul may use all cores for large products.
malloc=glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=33554432
export GLIBC_TUNABLES=$malloc:glibc.malloc.trim_threshold=67108864 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
# OpenBLAS's own choice of kernels, as on a user's machine, for Zeroth and numpy alike. Some machines set these two
# for every process (older OpenBLAS builds misdetect their CPU); ZEROTH_BENCH_OPENBLAS=machine keeps them.
if [ "${ZEROTH_BENCH_OPENBLAS:-}" != machine ]; then unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE; fi
# Issue 15's mixed-space tuning row, apart from the rest (it trains thousands of MLPs, ≈ 1.5 h at full size):
#   bench/run.sh tuning [seeds=10] [budget=100] [bo,random,cmaes,zo,tpe,optuna-random]   Zeroth's zo.tune methods against optuna TPE/random (python3-optuna)
if [ "${1:-}" = tuning ]; then
  shift
  exec java "${jvm[@]}" -cp "datasets/target/classes:$cp" org.zeroth.bench.TuningBench "$@"
fi
# What checkpointEvery costs per step, checkpoint sizes and a resume's replay (bench/README.md, "Checkpoints"):
#   bench/run.sh checkpoint
if [ "${1:-}" = checkpoint ]; then
  shift
  exec java "${jvm[@]}" -cp "$cp" org.zeroth.bench.CheckpointBench "$@"
fi

# spark: zeroth-spark's bench (Spark is on the spark module's test class path only: it is "provided") in a JVM of
# its own, with the flag an embedded Spark driver needs; it starts a loopback cluster (a Master, two Workers).
rest=()
run_spark=$([ $# -eq 0 ] && echo yes || echo no)
for s in "$@"; do if [ "$s" = spark ]; then run_spark=yes; else rest+=("$s"); fi; done
if [ "$run_spark" = yes ]; then
  mvn -B -q test-compile dependency:build-classpath -pl spark -am -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/spark/target/classpath.txt" >/dev/null
  sdeps=$(tr ':' '\n' < spark/target/classpath.txt | grep -v '/org/zeroth/' | paste -sd: -)
  java "${jvm[@]}" --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    -cp "$PWD/dsl/target/classes:$PWD/spark/target/classes:$PWD/spark/target/test-classes:$sdeps" org.zeroth.spark.SparkBench
  if [ $# -gt 0 ] && [ ${#rest[@]} -eq 0 ]; then exit 0; fi
fi
exec java "${jvm[@]}" -cp "$cp" org.zeroth.bench.Bench "${rest[@]}"
