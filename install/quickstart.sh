#!/usr/bin/env bash
# The README's first command: builds Zeroth, installs its Jupyter kernel for this user, and runs the quickstart
# notebook headless. Arguments go to install.sh (e.g. --prefix DIR).
# Results: out/01-quickstart.ipynb (with outputs) and out/01-quickstart.html.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="$repo/out"

"$here/install.sh" "$@"
# With --prefix DIR the kernelspec is not in Jupyter's default path: point Jupyter at it for this run.
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[i]}" == --prefix ]]; then export JUPYTER_PATH="$(cd "${args[i+1]}" && pwd)/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"; fi
done

python3=/usr/bin/python3
"$python3" -c "import nbconvert, nbclient" 2>/dev/null || python3=python3
mkdir -p "$out"
notebook="$repo/notebooks/01-quickstart.ipynb"
echo "zeroth: running $(basename "$notebook") headless (the first run unpacks ND4J's natives, ~30 s)"
"$python3" -m nbconvert --execute --to notebook --ExecutePreprocessor.timeout=600 \
  --output-dir "$out" "$notebook" 2>&1 | grep -v "Debugger warning\|frozen modules\|PYDEVD\|Debugging will" || true
[[ -f "$out/01-quickstart.ipynb" ]] || { echo "zeroth: the quickstart notebook failed (see above)" >&2; exit 1; }
"$python3" -m nbconvert --to html --output-dir "$out" "$out/01-quickstart.ipynb" >/dev/null 2>&1
echo "zeroth: results in $out/01-quickstart.ipynb and $out/01-quickstart.html"
echo "zeroth: for interactive use: jupyter notebook notebooks/"
