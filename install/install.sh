#!/usr/bin/env bash
# Installs the Zeroth Jupyter kernel ("Java (Zeroth)"): builds it if needed, writes its kernelspec from
# install/kernel.json and registers it with `jupyter kernelspec install`. Safe to run again (it replaces).
#
#   install/install.sh                  # for this user (default, same as --user)
#   install/install.sh --prefix DIR     # into DIR/share/jupyter/kernels (e.g. a virtualenv or a test dir)
#   install/install.sh --uninstall      # removes it (with --prefix DIR: from there)
# Options: --name NAME (default zeroth), --display-name TEXT, --java PATH (default $JAVA_HOME/bin/java, else
# java on PATH), --in-place (the kernelspec runs the jar in kernel/target instead of a copy), --no-build,
# --spark (also Spark's jars, ~200 MB from Maven Central, for notebooks that say %spark; kept in lib-spark/ and
# loaded only by %spark. Without it a build skips Spark; jars already built by `mvn verify` are installed anyway).
# ZEROTH_JAVA_OPTS replaces the default memory options (-XX:MaxRAMPercentage, the resident-memory cap).
# ZEROTH_NATIVE_THREADS: ND4J's OpenMP and OpenBLAS threads in the kernel (default 1, with Tensors.mmul's blocks on
# all cores for large products; measured: bench/README.md); a number n (for everything), or "keep" for ND4J's own.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
name=zeroth
display_name="Java (Zeroth)"
where=(--user)
prefix=""
java=""
in_place=false
build=true
uninstall=false
spark=false

while [[ $# -gt 0 ]]; do
  case "$1" in
    --user) where=(--user); prefix="" ;;
    --prefix) prefix="$(mkdir -p "$2" && cd "$2" && pwd)"; where=(--prefix "$prefix"); shift ;;
    --name) name="$2"; shift ;;
    --display-name) display_name="$2"; shift ;;
    --java) java="$2"; shift ;;
    --in-place) in_place=true ;;
    --no-build) build=false ;;
    --spark) spark=true ;;
    --uninstall) uninstall=true ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "zeroth: $*"; }

# The Python that has jupyter_client: Debian's /usr/bin/python3 first (a pyenv python3 on PATH may lack it).
find_python() {
  for p in /usr/bin/python3 "$(command -v python3 || true)"; do
    if [[ -n "$p" && -x "$p" ]] && "$p" -c "import jupyter_client" 2>/dev/null; then echo "$p"; return; fi
  done
}

ensure_jupyter() {
  python3="$(find_python)"
  [[ -n "$python3" ]] && return
  local packages="jupyter-notebook python3-nbclient jupyter-nbconvert"
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "jupyter is missing; installing Debian's $packages"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $packages >/dev/null
    python3="$(find_python)"
  fi
  if [[ -z "$python3" ]]; then
    echo "zeroth: jupyter is needed. On Debian/Ubuntu: sudo apt-get install $packages" >&2
    echo "        (elsewhere: python3 -m pip install notebook nbconvert nbclient)" >&2
    exit 1
  fi
}

# `jupyter kernelspec` needs Debian's jupyter-client package; the module works with python3-jupyter-client alone.
kernelspec() { "$python3" -m jupyter_client.kernelspecapp "$@"; }

ensure_jupyter

if $uninstall; then
  if [[ -n "$prefix" ]]; then export JUPYTER_PATH="$prefix/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"; fi
  if kernelspec list 2>/dev/null | awk '{print $1}' | grep -qx "$name"; then
    kernelspec remove -f "$name" >/dev/null
    say "removed kernel '$name'"
  else
    say "kernel '$name' is not installed"
  fi
  exit 0
fi

jar="$repo/kernel/target/zeroth-kernel.jar"
# A jar older than any source or pom (e.g. after a git pull) is rebuilt too, so the kernel is never stale.
modules=(dsl datasets kernel)
$spark && modules+=(spark)
stale=""
if [[ -f "$jar" ]] && $build; then
  stale="$(cd "$repo" && find pom.xml "${modules[@]/%//pom.xml}" "${modules[@]/%//src/main}" \
    -newer "$jar" -type f -print -quit 2>/dev/null || true)"
fi
missing_spark=false
$spark && [[ ! -d "$repo/kernel/target/lib-spark" ]] && missing_spark=true
if [[ ! -f "$jar" || ! -d "$repo/kernel/target/lib" || -n "$stale" ]] || $missing_spark; then
  $build || { echo "zeroth: $jar or its lib-spark is missing (run without --no-build)" >&2; exit 1; }
  command -v mvn >/dev/null 2>&1 || { echo "zeroth: Maven (mvn) is needed to build the kernel: apt-get install maven" >&2; exit 1; }
  say "building the kernel (mvn package, a few minutes the first time$($spark && echo "; with Spark's jars"))"
  spark_flag=(-DskipSpark)
  $spark && spark_flag=()
  (cd "$repo" && mvn -B -q -DskipTests "${spark_flag[@]}" -pl kernel -am package)
fi

if [[ -z "$java" ]]; then
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then java="$JAVA_HOME/bin/java"; else java="$(command -v java || true)"; fi
fi
[[ -n "$java" && -x "$java" ]] || { echo "zeroth: no java found (set JAVA_HOME or pass --java); Java 17+ is needed" >&2; exit 1; }
java="$(readlink -f "$java")"
feature="$("$java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')"
[[ "${feature%%.*}" -ge 17 ]] 2>/dev/null || { echo "zeroth: $java is Java $feature; Java 17+ is needed" >&2; exit 1; }

# The heap at a quarter of RAM; a cap on the resident set (heap + ND4J's native memory) at 3/4 of RAM, kept by
# Zeroth's MemoryGuard (samples every 50 ms) instead of javacpp's maxphysicalbytes, which reads /proc/self/statm
# on every native allocation (several per ND4J op: a 1-element norm2Number costs 3× more). 0 turns javacpp's off.
mem_kb="$(awk '/MemTotal/ {print $2}' /proc/meminfo 2>/dev/null || echo 8388608)"
opts=(${ZEROTH_JAVA_OPTS:-"-XX:MaxRAMPercentage=25" "-Dorg.bytedeco.javacpp.maxphysicalbytes=0" "-Dzeroth.maxPhysicalBytes=$((mem_kb * 3 / 4 / 1024))M"})
# kernel.json's env also sets GLIBC_TUNABLES. glibc.malloc.hugetlb=1: malloc asks for transparent huge pages (THP in
# "madvise" mode, Debian's default), as numpy does for its arrays: a fresh 40 MB ND4J array then costs 20 page
# faults instead of 10 000 (x.mul(y) at d = 1e7: 600 → 80 ms measured here). arena_max=1, mmap_threshold 32 MiB and
# trim_threshold 64 MiB (where glibc's own thresholds settle): with an arena per thread, the memory of ND4J's
# freed buffers came back fresh on every call in five JVMs of six (a.mmul(b) 1000²: 192–466 page faults a call,
# 11–16 ms, against 8.4–9.4 ms with these, which gave no fault in any JVM tried).
# The Java heap on huge pages too: ND4J makes several small objects per op, and the first touch of each fresh 4 KiB
# of heap is a page fault (≈ 10 µs in a VM measured here: ND4J's Norm2 op and scalar took 14–17 µs each on fresh
# heap, 3–4 µs on huge pages). Only where THP is on (always or madvise): else the JVM would warn at every start.
thp=/sys/kernel/mm/transparent_hugepage/enabled
if [[ -z "${ZEROTH_JAVA_OPTS:-}" ]] && grep -qE '\[(always|madvise)\]' "$thp" 2>/dev/null; then
  opts+=(-XX:+UseTransparentHugePages)
fi
# OpenMP keeps its thread count per thread, and the kernel runs each cell on a new thread: only OMP_NUM_THREADS in
# the environment reaches them all (NativeThreads' run-time call reaches the thread that makes it).
# Without a choice the kernel runs Zeroth's default (1 thread; Tensors.mmul shares a large product's blocks among
# Java threads), so ZEROTH_NATIVE_THREADS is then left out of kernel.json: a count there makes GEMM one call on it.
native_threads="${ZEROTH_NATIVE_THREADS:-default}"
[[ "$native_threads" == keep || "$native_threads" == default || "$native_threads" =~ ^[1-9][0-9]*$ ]] \
  || { echo "zeroth: ZEROTH_NATIVE_THREADS is '$native_threads': use a thread count such as 1, or keep" >&2; exit 2; }
# Spark (%spark) reads NIO internals: without this flag its network layer throws IllegalAccessError; the second
# lets it explain which object of a closure is not serializable. Free otherwise.
opts+=(--add-opens=java.base/sun.nio.ch=ALL-UNNAMED)
# Tensors.sum/dot/distance over float32 run on the Vector API (an incubator module up to Java 25 at least): about
# 2× faster than the scalar loop they fall back to, with the same bits. The JVM prints one warning line at start-up.
opts+=(--add-modules=jdk.incubator.vector)
if [[ "$feature" -lt 24 ]]; then opts+=(--add-opens=java.base/sun.security.action=ALL-UNNAMED); fi
if [[ "$feature" -ge 22 ]]; then opts+=(--enable-native-access=ALL-UNNAMED); fi
if [[ "$feature" -ge 23 ]]; then opts+=(--sun-misc-unsafe-memory-access=allow); fi

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
if $in_place; then
  jar_in_spec="$jar"
else
  cp "$jar" "$stage/"
  cp -r "$repo/kernel/target/lib" "$stage/lib"
  if [[ -d "$repo/kernel/target/lib-spark" ]]; then cp -r "$repo/kernel/target/lib-spark" "$stage/lib-spark"; fi
  jar_in_spec="{resource_dir}/zeroth-kernel.jar"
fi

"$python3" - "$here/kernel.json" "$stage/kernel.json" "$java" "$jar_in_spec" "$display_name" "$feature" "$native_threads" "${opts[@]}" <<'PY'
import json, sys
template, out, java, jar, display, version, threads, *opts = sys.argv[1:]
spec = json.load(open(template))
argv = []
for a in spec["argv"]:
    if a == "@JAVA_OPTS@":
        argv.extend(opts)
    else:
        argv.append(a.replace("@JAVA@", java).replace("@JAR@", jar))
spec["argv"] = argv
spec["display_name"] = display
spec["metadata"]["zeroth"]["java_version"] = version
if threads == "default":
    spec["env"].update({"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"})
elif threads != "keep":
    spec["env"].update({"OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads, "ZEROTH_NATIVE_THREADS": threads})
else:
    spec["env"]["ZEROTH_NATIVE_THREADS"] = "keep"
json.dump(spec, open(out, "w"), indent=2)
PY

if ! log="$(kernelspec install --name "$name" "${where[@]}" "$stage" 2>&1)"; then
  echo "$log" >&2
  exit 1
fi
say "installed kernel '$name' (\"$display_name\", Java $feature, $java)"
say "try: jupyter notebook notebooks/"
