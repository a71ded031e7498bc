"""Configuration from the environment."""
from participation import config


def test_secret_key_generated_once_into_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(config, "INSTANCE", tmp_path)
    first = config._secret_key()
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert len(first) == 64
    assert config._secret_key() == first


def test_secret_key_from_environment_wins(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert config._secret_key() == "from-env"


def test_database_url_defaults_to_sqlite_under_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(config, "INSTANCE", tmp_path)
    assert config._database_url() == f"sqlite:///{tmp_path / 'participation.sqlite'}"


def test_postgres_urls_use_psycopg3(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1/db")
    assert config._database_url() == "postgresql+psycopg://u:p@127.0.0.1/db"
