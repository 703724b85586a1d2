import atexit
import os
import shutil
import tempfile

import pytest

from geo import settings as atlas_settings
from geo.load import load_catalogue
from tests.fixtures import write_dataset

# Catalogue snapshots (geo/snapshot.py) of the tests' data folders go to a temporary folder, not .cache/,
# removed when the test session ends.
if "LANBAI_CACHE_DIR" not in os.environ:
    os.environ["LANBAI_CACHE_DIR"] = tempfile.mkdtemp(prefix="lanbai-test-snapshots-")
    atexit.register(shutil.rmtree, os.environ["LANBAI_CACHE_DIR"], True)

# One app server and one browser for the whole test session (fixtures in tests/browser_server.py).
pytest_plugins = ("tests.browser_server", "tests.pg_server")  # pg_server: PostGIS cluster, issue 11


@pytest.fixture(autouse=True)
def fresh_settings():
    """Settings are read once; a test that sets the environment reloads them, and each test ends
    with them read again from the (restored) environment, so no test sees another's."""
    atlas_settings.reload()
    yield
    atlas_settings.reload()


@pytest.fixture
def dataset_dir(tmp_path):
    return write_dataset(tmp_path / "data")


@pytest.fixture
def cat(dataset_dir):
    return load_catalogue(dataset_dir)
