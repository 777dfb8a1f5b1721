"""One settings object: defaults, then a config file, then the environment, then flags.

Each setting is declared once in SETTINGS (name, type, default, help); the same table validates
values and documents them (`claimledger settings`). Lexicons and alias tables are data files and
are not settings; settings only say where extra ones live.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from claimledger.errors import SettingsError

ENV_PREFIX = "CLAIMLEDGER_"
CONFIG_FILE_ENV = "CLAIMLEDGER_CONFIG"
DEFAULT_CONFIG_FILE = "claimledger.toml"
ENGINES = ("local", "dask")


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = field(default="claimledger.db", metadata={"help": "SQLAlchemy URL or SQLite file path"})
    max_bytes: int = field(
        default=10_000_000, metadata={"help": "inputs larger than this many bytes are rejected"}
    )
    spacy_model: str = field(
        default="", metadata={"help": "spaCy pipeline to load (empty: first installed of the defaults)"}
    )
    batch_size: int = field(default=64, metadata={"help": "articles written per transaction"})
    workers: int = field(default=1, metadata={"help": "extraction processes for ingest"})
    allow_private_urls: bool = field(
        default=False,
        metadata={"help": "let URL lists fetch from private, loopback and link-local addresses"},
    )
    fetch_timeout: float = field(
        default=20.0, metadata={"help": "seconds allowed for each URL fetched from a URL list"}
    )
    engine: str = field(
        default="local", metadata={"help": "where ingest extracts: local (processes) or dask"}
    )
    scheduler: str = field(
        default="", metadata={"help": "Dask scheduler address (empty: a local cluster of `workers`)"}
    )
    lexicon_dir: str = field(
        default="", metadata={"help": "folder of user data files that extend the packaged lexicons"}
    )

    @property
    def db_url(self) -> str:
        return database_url(self.db)

    def lexicon_file(self, name: str) -> Path | None:
        """The user's data file `name` in `lexicon_dir`, when there is one, to extend the packaged one."""
        path = Path(self.lexicon_dir) / name if self.lexicon_dir else None
        return path if path is not None and path.is_file() else None

    def with_overrides(self, **values: Any) -> Settings:
        """Apply command-line flags; None means the flag was not given."""
        given = {k: v for k, v in values.items() if v is not None}
        return _validated(replace(self, **given)) if given else self


def database_url(db: str) -> str:
    """Accept a SQLAlchemy URL or a plain path to a SQLite file."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def load_settings(config_file: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    path = config_file or Path(env.get(CONFIG_FILE_ENV, DEFAULT_CONFIG_FILE))
    if path.is_file():
        values.update(_read_config(path))
    for f in fields(Settings):
        raw = env.get(ENV_PREFIX + f.name.upper())
        if raw is not None:
            values[f.name] = raw
    return _validated(Settings(**_coerce(values)))


def describe() -> list[tuple[str, str, str, str]]:
    """(name, environment variable, default, help) for every setting, for docs and `--help`."""
    return [
        (f.name, ENV_PREFIX + f.name.upper(), repr(f.default), f.metadata.get("help", ""))
        for f in fields(Settings)
    ]


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"cannot read {path}: {exc}") from exc
    section = data.get("claimledger", data)
    if not isinstance(section, dict):
        raise SettingsError(f"{path}: [claimledger] must be a table")
    return dict(section)


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    known = {f.name: f for f in fields(Settings)}
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in known:
            raise SettingsError(f"unknown setting {name!r}; known: {', '.join(sorted(known))}")
        kind: type[Any] = type(known[name].default)
        if kind is bool:
            out[name] = _boolean(name, value)
            continue
        try:
            out[name] = kind(value)
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"setting {name!r}: {value!r} is not a valid {kind.__name__}") from exc
    return out


def _boolean(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise SettingsError(f"setting {name!r}: {value!r} is not true or false")


def _validated(settings: Settings) -> Settings:
    if settings.max_bytes <= 0:
        raise SettingsError("max_bytes must be positive")
    if settings.batch_size <= 0:
        raise SettingsError("batch_size must be positive")
    if settings.fetch_timeout <= 0:
        raise SettingsError("fetch_timeout must be positive")
    if settings.workers <= 0:
        raise SettingsError("workers must be positive")
    if settings.engine not in ENGINES:
        raise SettingsError(f"engine must be one of {', '.join(ENGINES)}, not {settings.engine!r}")
    return settings
