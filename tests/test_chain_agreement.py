"""The chains page, the command line and the chain brief list the same hosts and units for every chain."""

import csv
import io
import json

import pytest
from streamlit.delta_generator import DeltaGenerator

from geo import chains as geo_chains
from geo import load_catalogue
from geo.cli import main
from geo.reports.profile import chain_brief
from tests.apptest_utils import assert_no_exception, open_page, rerun

CAT = load_catalogue()
CHAINS = list(geo_chains.chain_vocabulary(CAT)["id"])


@pytest.fixture(scope="module")
def page_downloads():
    """Every table the chains page offers for download with all chains chosen: file name -> rows."""
    seen: dict[str, object] = {}
    original = DeltaGenerator.download_button

    def record(self, label, data, file_name=None, *args, **kwargs):
        seen[file_name] = data
        return original(self, label, data, file_name, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DeltaGenerator, "download_button", record)
        at = open_page("app_pages/chains.py", query={"chain": ",".join(CHAINS)})
        assert_no_exception(at)
        for chain in CHAINS[1:]:  # only the open chain's tab is built: open each, as a click on it would
            rerun(at, chains=CHAINS, chains_tab=chain)
    return seen


def page_ids(downloads: dict, file_name: str, column: str) -> set[str]:
    data = downloads[file_name]
    raw = data() if callable(data) else data
    return {row[column] for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}


def cli_ids(capsys, *args) -> set[str]:
    assert main([*args, "--format", "json"]) == 0
    return {row["id"] for row in json.loads(capsys.readouterr().out)}


def test_the_vocabulary_has_chains():
    assert len(CHAINS) >= 10 and "chain-new-materials" in CHAINS


@pytest.mark.parametrize("chain", CHAINS)
def test_page_cli_and_brief_agree_on_hosts_and_units(page_downloads, capsys, chain):
    brief = chain_brief(CAT, chain)
    hosts = set(brief.sites["id"])
    units = set(brief.units["id"])
    assert hosts == set(geo_chains.hosts(CAT, (chain,))["id"])
    assert page_ids(page_downloads, f"{chain}-sites.csv", "site_id") == hosts
    assert cli_ids(capsys, "sites", "--industry", chain) == hosts
    assert page_ids(page_downloads, f"{chain}-units.csv", "org_id") == units
    assert cli_ids(capsys, "orgs", "--industry", chain) == units
