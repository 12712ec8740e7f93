#!/bin/sh
# Compiles loops.c and cpus.c into the DSL's classes (Maven's process-classes phase: dsl/pom.xml), on Linux x86-64
# where gcc is installed; elsewhere Zeroth uses its Java loops (NativeLoops.AVAILABLE is false) and this says so.
# Usage: build.sh <classes directory> <JDK home>
set -e
classes=$1
jdk=$2
here=$(dirname "$0")
if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ] || ! command -v gcc >/dev/null 2>&1 \
    || [ ! -f "$jdk/include/jni.h" ]; then
  echo "zeroth: loops in C not built (needs Linux x86-64, gcc and a JDK); the Java loops stand in" >&2
  exit 0
fi
gcc -O3 -funroll-loops -ffp-contract=off -fPIC -shared -Wall \
  -I"$jdk/include" -I"$jdk/include/linux" \
  -o "$classes/org/zeroth/tensor/libzeroth-loops-linux-x86_64.so" "$here/loops.c" "$here/cpus.c" -lm
