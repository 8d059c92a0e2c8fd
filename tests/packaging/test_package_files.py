# SPDX-License-Identifier: GPL-3.0-or-later
"""The packaging files name files that exist, and the licence list matches what is installed."""

from __future__ import annotations

import importlib.metadata as metadata
import re

from assessment_app import APP_VERSION
from assessment_app.resources import resource_path
from assessment_app.third_party import shipped_components
from tests.conftest import REPO_ROOT

PACKAGING = REPO_ROOT / "packaging"


def test_the_spec_names_entry_scripts_and_icons_that_exist():
    spec = (PACKAGING / "ltc-assess.spec").read_text(encoding="utf-8")
    for relative in re.findall(r'ROOT / "packaging" / "([^"]+)"', spec):
        assert (PACKAGING / relative).is_file(), relative
    for icon in re.findall(r'"(ltc-assess[^"]*\.(?:ico|png))"', spec):
        assert (REPO_ROOT / "resources" / "icons" / icon).is_file(), icon
    for folder in re.findall(r'tree\("([^"]+)"', spec):
        assert (REPO_ROOT / folder).is_dir(), folder


def test_the_migrations_alembic_loads_from_files_are_there_to_bundle():
    migrations = REPO_ROOT / "assessment_app" / "storage" / "migrations"
    assert (migrations / "env.py").is_file() and (migrations / "script.py.mako").is_file()
    assert list((migrations / "versions").glob("*.py"))


def test_the_inno_setup_script_installs_per_user_and_names_existing_files():
    script = (PACKAGING / "windows" / "ltc-assess.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in script
    assert "{localappdata}\\Programs" in script
    assert 'Name: "chinesesimplified"' in script and 'Name: "english"' in script
    assert f'#define AppVersion "{APP_VERSION}"' in script  # the default when CI passes none
    for relative in re.findall(r'SetupIconFile=\.\.\\\.\.\\([^\s]+)', script):
        assert (REPO_ROOT / relative.replace("\\", "/")).is_file(), relative
    for relative in re.findall(r'MessagesFile: "([^"]+\.isl)"', script):
        if not relative.startswith("compiler:"):
            assert (PACKAGING / "windows" / relative).is_file(), relative


def test_the_windows_workflow_runs_both_selftests_and_builds_the_installer():
    workflow = (REPO_ROOT / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
    assert "windows-latest" in workflow and "python-version: \"3.11\"" in workflow
    assert "ltc-assess.exe selftest" in workflow and "ltc-assess-gui.exe --selftest" in workflow
    assert "packaging/ltc-assess.spec" in workflow and "ltc-assess.iss" in workflow


def test_the_desktop_entry_and_deb_control_have_their_fields():
    entry = (PACKAGING / "linux" / "ltc-assess.desktop.in").read_text(encoding="utf-8")
    for field in ("Type=Application", "Exec=@EXEC@", "Icon=@ICON@", "Name[zh_CN]=", "Categories="):
        assert field in entry
    control = (PACKAGING / "linux" / "deb-control.in").read_text(encoding="utf-8")
    assert "Package: ltc-assess" in control and "Version: @VERSION@" in control


def test_every_installed_runtime_library_has_its_licence_listed_at_its_version():
    """Fails after a dependency is added or re-pinned until packaging/collect_licenses.py is run."""
    from packaging.utils import canonicalize_name

    listed = {canonicalize_name(c.name): c for c in shipped_components()}
    for name in ("pyside6", "sqlalchemy", "opencv-python-headless", "reportlab", "keyring", "pyyaml", "jsonschema",
                 "platformdirs", "sqlcipher3", "alembic", "cryptography", "av", "pyhanko"):
        assert listed[name].version == metadata.version(name), name
    for component in shipped_components():
        assert component.files, component.name
        for relative in component.files:
            assert resource_path(*relative.split("/")).is_file(), relative


def test_the_project_is_gpl3_or_later_with_the_full_text_at_the_top():
    import tomllib

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "GPL-3.0-or-later" and project["license-files"] == ["LICENSE"]
    text = (REPO_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("GNU GENERAL PUBLIC LICENSE") and "Version 3, 29 June 2007" in text
    assert "END OF TERMS AND CONDITIONS" in text and len(text) > 30_000  # the whole text, not a notice


def test_the_installer_shows_the_licence_and_installs_it_with_the_source_directions():
    script = (PACKAGING / "windows" / "ltc-assess.iss").read_text(encoding="utf-8-sig")
    licence_file = re.search(r"^LicenseFile=\.\.\\\.\.\\(\S+)$", script, re.MULTILINE)
    assert licence_file and licence_file.group(1) == "LICENSE"
    installed = re.findall(r'^Source: "\.\.\\\.\.\\([^"]+)"; DestDir: "\{app\}"', script, re.MULTILINE)
    assert {"LICENSE", "resources\\licenses\\SOURCES.md"} <= set(installed)
    for relative in installed:
        if "*" not in relative and not relative.startswith("dist"):
            assert (REPO_ROOT / relative.replace("\\", "/")).is_file(), relative


def test_sources_md_names_where_the_source_of_every_component_is():
    sources = resource_path("licenses", "SOURCES.md").read_text(encoding="utf-8")
    assert "source.tar.gz" in sources and "requirements-frozen.txt" in sources
    rows = {line.split("|")[1].strip(): line.split("|")[3].strip() for line in sources.splitlines()
            if line.startswith("| ") and not line.startswith("| component")}
    for component in shipped_components():
        assert rows.get(component.name), component.name


def test_the_agency_modules_the_workstation_imports_are_collected_into_the_package():
    """The spec keeps the agency server out of the laptop's package but for the modules named in
    its filter; a module the workstation's services or screens import (the upload and the desk
    client, the decisions pulled back) must be among them, lazily imported or not."""
    spec = (PACKAGING / "ltc-assess.spec").read_text(encoding="utf-8")
    collected = set(re.findall(r'"(assessment_app\.agency\.[a-z_]+)"', spec))
    used = set()
    for folder in ("services", "ui"):
        for path in (REPO_ROOT / "assessment_app" / folder).rglob("*.py"):
            used |= set(re.findall(r"\b(assessment_app\.agency\.[a-z_]+)\b", path.read_text(encoding="utf-8")))
    assert used and used <= collected, sorted(used - collected)
