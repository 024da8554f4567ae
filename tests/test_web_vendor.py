"""The vendored front-end files (`make vendor`): each package of scripts/vendor/package-lock.json is
listed in VENDOR.md with its version, licence and integrity hash, ships its licence text, and the
package data of pyproject.toml takes the whole folder into the wheel."""

from __future__ import annotations

import json
import re
import tomllib

import pytest
from conftest import ROOT

VENDOR = ROOT / "src" / "tidings" / "web" / "static" / "vendor"
LOCK = json.loads((ROOT / "scripts" / "vendor" / "package-lock.json").read_text(encoding="utf-8"))
WANTED = json.loads((ROOT / "scripts" / "vendor" / "package.json").read_text(encoding="utf-8"))["dependencies"]


@pytest.mark.parametrize("name", sorted(WANTED))
def test_web_vendor_package_is_pinned_listed_and_licensed(name):
    locked = LOCK["packages"][f"node_modules/{name}"]
    assert locked["version"] == WANTED[name]  # exact versions only
    row = next(line for line in (VENDOR / "VENDOR.md").read_text(encoding="utf-8").splitlines()
               if line.startswith(f"| {name} |"))
    assert f"| {locked['version']} |" in row and locked["integrity"] in row and locked["license"] in row
    assert any(p.name.upper().startswith(("LICENSE", "MIT-LICENCE")) for p in (VENDOR / name).iterdir())


def test_web_vendor_files_the_pages_load_exist_and_are_package_data():
    templates = ROOT / "src" / "tidings" / "web" / "templates"
    loaded = {m for t in templates.glob("*.html")
              for m in re.findall(r'(?:src|href|data-atlas)="/static/(vendor/[^"]+)"', t.read_text(encoding="utf-8"))}
    assert loaded and all((VENDOR.parent / path).is_file() for path in loaded), loaded
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "web/static/**/*" in pyproject["tool"]["setuptools"]["package-data"]["tidings"]
