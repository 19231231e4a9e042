#!/usr/bin/env bash
# Creates the Python environment for the RecBole 1.2.1 peer runs (CPU only). Safe to run again.
#
#   scripts/peers/recbole/setup_venv.sh [VENV]        (default VENV: /tmp/recbole-venv)
#
# Environment: WHEELS (default /opt/wheels), a folder searched first (pip --find-links) for the CPU-only
# torch wheel torch-2.13.0+cpu-cp311-...; without it pip takes PyPI's torch 2.13.0, whose Linux wheel
# bundles the CUDA runtime (~2.5 GB of nvidia-* wheels) and also runs on CPU.
#
# Pins (why):
#   torch 2.13.0(+cpu)  what the runs used. torch >= 2.6 defaults torch.load(weights_only=True), which refuses
#                    RecBole 1.2.1's checkpoints; recbole_common.py restores weights_only=False at runtime.
#   numpy<2, pandas<2.1, scipy<1.12   RecBole 1.2.1 uses APIs removed later (np.float is patched by RecBole
#                    itself at config time; pandas 2.1+ and scipy 1.12+ break its data loading / sparse code).
#   setuptools>=77.0.3,<81   ray 2.6.3 imports pkg_resources (gone in setuptools 81); torch 2.13 asks >=77.0.3.
#   dgl 1.0.4        only KGAT needs it (installed --no-deps: its dependencies numpy, scipy, networkx,
#                    requests, tqdm, psutil are already there). dgl 2.x on PyPI drags in graphbolt/torchdata/
#                    pydantic and changed adjacency_matrix(); no PyPI dgl accepts RecBole's
#                    edge_subgraph(preserve_nodes=True), so recbole_common.py adds a one-line keyword shim
#                    (preserve_nodes -> relabel_nodes). Set DGLBACKEND=pytorch (run.sh does).
#   ray<=2.6.3       required by recbole 1.2.1's metadata (pulled in automatically).
set -euo pipefail
VENV="${1:-/tmp/recbole-venv}"
WHEELS="${WHEELS:-/opt/wheels}"
find_links=()
[ -d "$WHEELS" ] && find_links=(--find-links "$WHEELS")
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
fi
if ! "$VENV/bin/python" -c "import recbole, dgl, torch; assert recbole.__version__ == '1.2.1' and torch.__version__.startswith('2.13.')" 2>/dev/null; then
  torch_pin="torch==2.13.0"
  if ls "$WHEELS"/torch-2.13.0+cpu-*.whl >/dev/null 2>&1; then torch_pin="torch==2.13.0+cpu"; fi
  "$VENV/bin/pip" install -q "${find_links[@]}" "$torch_pin" "recbole==1.2.1" "numpy==1.26.4" \
    "pandas==2.0.3" "scipy==1.11.4" "setuptools>=77.0.3,<81"
  "$VENV/bin/pip" install -q --no-deps "dgl==1.0.4"
fi
DGLBACKEND=pytorch "$VENV/bin/python" -W ignore - <<'PY'
import sys, torch, recbole, numpy, pandas, scipy, dgl, sklearn
print(f"python {sys.version.split()[0]}, torch {torch.__version__}, recbole {recbole.__version__}, "
      f"numpy {numpy.__version__}, pandas {pandas.__version__}, scipy {scipy.__version__}, "
      f"dgl {dgl.__version__}, scikit-learn {sklearn.__version__}")
PY
