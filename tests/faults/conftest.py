"""The fault drills reuse the integration tests' server helpers (tests/integration/*.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
