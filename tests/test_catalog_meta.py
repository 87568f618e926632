"""The manifest's [catalog] table: read as dates and strings, never the clock; a bad one is bad input
(exit code 2, one line naming the manifest) before any document is read."""

from __future__ import annotations

import datetime as dt

import pytest
from cli_support import invoke

from pipeline.catalog import CatalogMeta, load_catalog_meta
from pipeline.sources import ManifestError


def test_the_bundled_catalog_table(settings):
    meta = load_catalog_meta(settings.manifest)
    assert isinstance(meta.issued, dt.date) and isinstance(meta.modified, dt.date)
    assert meta.license and (meta.contact_email or meta.contact_url)


def test_no_table_is_no_metadata(tmp_path):
    path = tmp_path / "manifest.toml"
    path.write_text("[[source]]\nid = 'x'\n", encoding="utf-8")
    assert load_catalog_meta(path) == CatalogMeta()


@pytest.mark.parametrize("table, message", [
    ("issued = '2025-04-01'", "is not a date"),
    ("contact = 'someone'", "unknown field(s) contact"),
])
def test_a_bad_table_is_refused(tmp_path, table, message):
    path = tmp_path / "manifest.toml"
    path.write_text(f"[catalog]\n{table}\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_catalog_meta(path)


def test_the_cli_says_which_manifest(project):
    manifest = project / "sources" / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("issued = 2025-04-01", "issued = 'soon'", 1),
                        encoding="utf-8")
    result = invoke(project, "validate")
    assert result.exit_code == 2 and "manifest.toml" in result.output and "not a date" in result.output
