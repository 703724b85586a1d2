import os
import tempfile

import pytest

from geo.load import load_catalogue
from tests.fixtures import write_dataset

# Catalogue snapshots (geo/snapshot.py) of the tests' data folders go to a temporary folder, not .cache/.
os.environ.setdefault("LANBAI_CACHE_DIR", tempfile.mkdtemp(prefix="lanbai-test-snapshots-"))

# One app server and one browser for the whole test session (fixtures in tests/browser_server.py).
pytest_plugins = ("tests.browser_server",)


@pytest.fixture
def dataset_dir(tmp_path):
    return write_dataset(tmp_path / "data")


@pytest.fixture
def cat(dataset_dir):
    return load_catalogue(dataset_dir)
