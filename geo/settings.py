"""Settings of the domain package, read once from the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    public_base_url: str

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            data_dir=Path(os.environ.get("LANBAI_DATA_DIR", PROJECT_ROOT / "data")),
            public_base_url=os.environ.get("LANBAI_BASE_URL", "http://localhost:8501").rstrip("/"),
        )
