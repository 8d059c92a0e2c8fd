# SPDX-License-Identifier: GPL-3.0-or-later
"""The bundle store (atomic, durable, nothing half-written on a full disk) and the settings."""

from __future__ import annotations

import pytest

from assessment_app.agency.config import AgencyConfig, load_config
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.store import DirectoryStore, StoreError

from tests.size_limited_fs import size_limited_filesystem


def test_put_publishes_whole_objects_only(tmp_path):
    store = DirectoryStore(tmp_path / "store")
    assert store.put("bundles/abc/index.json", [b"12", b"345"]) == 5
    assert store.stat("bundles/abc/index.json") == 5
    with store.open("bundles/abc/index.json") as stream:
        assert stream.read() == b"12345"

    def failing():
        yield b"partial"
        raise RuntimeError("the source broke")
    with pytest.raises(RuntimeError):
        store.put("bundles/abc/part-0001.age", failing())
    assert store.stat("bundles/abc/part-0001.age") is None
    assert sorted(path.name for path in (tmp_path / "store" / "bundles" / "abc").iterdir()) == ["index.json"]


@pytest.mark.parametrize("key", ["../x", "a/../b", "/abs", "a//b", "", ".hidden", "a/b c"])
def test_keys_outside_the_store_are_refused(tmp_path, key):
    with pytest.raises(StoreError) as refused:
        DirectoryStore(tmp_path).stat(key)
    assert refused.value.reason == "store_key_invalid"


def test_a_staged_object_is_cut_back_and_published_once(tmp_path):
    store = DirectoryStore(tmp_path)
    staged = store.staged("incoming/u1")
    staged.write(b"acknowledged|not acknowledged")
    staged.truncate(12)
    staged.write(b"+more")
    staged.sync()
    staged.close()
    store.publish("incoming/u1", "bundles/b/part-0001.age")
    store.publish("incoming/u1", "bundles/b/part-0001.age")  # redone after a crash: no error, same result
    assert store.open("bundles/b/part-0001.age").read() == b"acknowledged+more"
    assert store.stat("incoming/u1") is None


def test_a_full_filesystem_is_store_full_and_leaves_nothing(tmp_path):
    with size_limited_filesystem(tmp_path / "small", "256k") as mount:
        store = DirectoryStore(mount)
        with pytest.raises(StoreError) as full:
            store.put("bundles/x/part-0001.age", (b"\0" * 65536 for _ in range(16)))
        assert full.value.reason == "store_full"
        assert store.stat("bundles/x/part-0001.age") is None
        assert list((mount / "bundles" / "x").iterdir()) == []


def test_settings_come_from_the_file_and_the_environment_wins(tmp_path):
    path = tmp_path / "agency.toml"
    path.write_text('[database]\nurl = "postgresql://a@/b"\n[server]\nport = 9443\n[worker]\nlease_seconds = 30\n')
    config = load_config(path, {"LTC_AGENCY_PORT": "10443", "LTC_AGENCY_STORE": "/srv/store"})
    assert (config.database_url, config.port, config.lease_seconds, str(config.store_path)) == (
        "postgresql://a@/b", 10443, 30.0, "/srv/store")
    assert load_config(None, {}) == AgencyConfig()


@pytest.mark.parametrize("text, variables, reason", [
    ("[server]\nport = \"many\"\n", {}, "setting_invalid"),
    ("[server]\nport = -1\n", {}, "setting_invalid"),
    ("[server]\nprot = 1\n", {}, "config_invalid"),
    ("this is not toml", {}, "config_invalid"),
    ("", {"LTC_AGENCY_RAW_ENDPOINT": "maybe"}, "setting_invalid"),
])
def test_bad_settings_are_named(tmp_path, text, variables, reason):
    path = tmp_path / "agency.toml"
    path.write_text(text)
    with pytest.raises(AgencyError) as refused:
        load_config(path, variables)
    assert refused.value.reason == reason


def test_a_missing_setting_is_named_with_its_variable():
    with pytest.raises(AgencyError) as refused:
        AgencyConfig().need("database_url")
    assert refused.value.reason == "setting_missing" and "LTC_AGENCY_DATABASE_URL" in refused.value.detail
