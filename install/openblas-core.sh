#!/usr/bin/env bash
# Prints the OPENBLAS_CORETYPE Zeroth starts ND4J with, or nothing for OpenBLAS's own choice. Used by install.sh
# (the kernelspec's env) and bench/run.sh; in plain Java, export what it prints.
# ND4J bundles OpenBLAS 0.3.19, which does not know AMD CPUs after Zen 4 (family 26 on): it falls back to its
# Barcelona (SSE2) kernels — measured on a Zen 5 (bench/run.sh openblas): Tensors.mmul 1000² 29–32 ms against
# 12.6 ms with Haswell's (AVX2), a 10⁶ norm 0.47–0.48 against 0.11–0.17 ms. Its AVX-512 (SkylakeX) kernels were faster still, but older OpenBLAS builds are known
# to compute wrong results on these CPUs, so Zeroth asks for the AVX2 ones. An OPENBLAS_CORETYPE already set wins.
cpuinfo="${ZEROTH_CPUINFO:-/proc/cpuinfo}"   # another file only in tests
if [[ -z "${OPENBLAS_CORETYPE:-}" ]] && grep -q -m1 AuthenticAMD "$cpuinfo" 2>/dev/null \
    && [[ "$(awk -F: '/^cpu family/ {print $2 + 0; exit}' "$cpuinfo")" -ge 26 ]] \
    && grep -q -m1 -w avx2 "$cpuinfo"; then
  echo Haswell
fi
