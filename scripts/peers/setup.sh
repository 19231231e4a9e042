#!/usr/bin/env bash
# Creates the throwaway Python environment of the peer benchmarks OUTSIDE the repository
# (default /tmp/peers-venv, or $PEERS_VENV) with pinned versions. Safe to run again.
set -euo pipefail
VENV="${PEERS_VENV:-/tmp/peers-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "==> creating $VENV"
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import implicit, surprise, pandas, threadpoolctl" >/dev/null 2>&1; then
  echo "==> installing the peers into $VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  # numpy < 2: scikit-surprise's extension modules and implicit's wheels are built against the 1.x ABI
  "$VENV/bin/pip" install -q "numpy==1.26.4" "scipy==1.17.1" "pandas==3.0.6" "threadpoolctl==3.8.0" \
    "implicit==0.7.3" "scikit-surprise==1.1.5"
fi
"$VENV/bin/python" -c "import implicit, surprise, numpy, scipy; print('implicit', implicit.__version__, '| surprise', surprise.__version__, '| numpy', numpy.__version__, '| scipy', scipy.__version__)"
