#!/usr/bin/env bash
# Creates the Python environment for the RecBole 1.2.1 peer runs (CPU only). Safe to run again.
#
#   scripts/peers/recbole/setup_venv.sh [VENV]        (default VENV: /tmp/recbole-venv)
#
# Pins (why):
#   torch 2.2.1      dgl 1.0.4 has no graphbolt and works with it; 2.2.x keeps numpy 1.x ABI. PyPI's Linux
#                    wheel bundles the CUDA runtime (~2.5 GB of nvidia-* wheels); it runs on CPU without a GPU.
#   numpy<2, pandas<2.1, scipy<1.12   RecBole 1.2.1 uses APIs removed later (np.float is patched by RecBole
#                    itself at config time; pandas 2.1+ and scipy 1.12+ break its data loading / sparse code).
#   dgl 1.0.4        only KGAT needs it. dgl 2.x on PyPI drags in graphbolt/torchdata/pydantic and changed
#                    adjacency_matrix(); no PyPI dgl accepts RecBole's edge_subgraph(preserve_nodes=True),
#                    so recbole_common.py adds a one-line keyword shim (preserve_nodes -> relabel_nodes).
#   ray<=2.6.3       required by recbole 1.2.1's metadata (pulled in automatically).
set -euo pipefail
VENV="${1:-/tmp/recbole-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
fi
if ! "$VENV/bin/python" -c "import recbole, dgl, torch; assert recbole.__version__ == '1.2.1'" 2>/dev/null; then
  "$VENV/bin/pip" install -q "torch==2.2.1" "recbole==1.2.1" "numpy==1.26.4" "pandas==2.0.3" \
    "scipy==1.11.4" "dgl==1.0.4"
fi
"$VENV/bin/python" - <<'PY'
import sys, torch, recbole, numpy, pandas, scipy, dgl, sklearn
print(f"python {sys.version.split()[0]}, torch {torch.__version__}, recbole {recbole.__version__}, "
      f"numpy {numpy.__version__}, pandas {pandas.__version__}, scipy {scipy.__version__}, "
      f"dgl {dgl.__version__}, scikit-learn {sklearn.__version__}")
PY
