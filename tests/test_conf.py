"""Configuration comes from FYR_* variables; a bad value stops start-up naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from fyr import conf


def test_env_bool_accepts_common_spellings(monkeypatch):
    for raw, expected in [("true", True), ("YES", True), ("1", True), ("off", False), ("0", False)]:
        monkeypatch.setenv("FYR_X", raw)
        assert conf.env_bool("FYR_X", not expected) is expected
    monkeypatch.delenv("FYR_X")
    assert conf.env_bool("FYR_X", True) is True


def test_bad_values_name_the_variable(monkeypatch):
    monkeypatch.setenv("FYR_X", "maybe")
    with pytest.raises(conf.ConfigError, match="FYR_X='maybe'"):
        conf.env_bool("FYR_X", False)
    monkeypatch.setenv("FYR_N", "ten")
    with pytest.raises(conf.ConfigError, match="FYR_N='ten'"):
        conf.env_int("FYR_N", 1)
    monkeypatch.setenv("FYR_F", "0,5")
    with pytest.raises(conf.ConfigError, match="FYR_F='0,5' is not a number"):
        conf.env_float("FYR_F", 0.5)
    monkeypatch.setenv("FYR_F", "0.7")
    assert conf.env_float("FYR_F", 0.5) == 0.7


def test_file_variant_is_read(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("FYR_SECRET_KEY_FILE", str(secret))
    assert conf.env("FYR_SECRET_KEY") == "s3cret"


def test_secret_key_is_generated_once_and_kept_private(monkeypatch, tmp_path):
    monkeypatch.delenv("FYR_SECRET_KEY", raising=False)
    first = conf.secret_key(tmp_path)
    assert conf.secret_key(tmp_path) == first and len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def _start(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("FYR_", "DJANGO_SETTINGS"))
    }
    environment.update(FYR_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", "import fyr.settings"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FYR_DEBUG", "perhaps"),
        ("FYR_LANGUAGE", "de"),
        ("FYR_TIME_ZONE", "Mars/Olympus"),
        ("FYR_DATABASE_URL", "mysql://localhost/fyr"),
        ("FYR_EMAIL_URL", "carrier-pigeon://coop"),
    ],
)
def test_start_up_stops_on_a_bad_setting(tmp_path, variable, value):
    result = _start(tmp_path, **{variable: value})
    assert result.returncode != 0
    assert "ConfigError" in result.stderr and variable in result.stderr


def test_defaults_start_on_sqlite_in_the_data_dir(tmp_path):
    result = _start(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists()
