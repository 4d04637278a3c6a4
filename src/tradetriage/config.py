"""The user's configuration: one TOML file parsed into strict pydantic models.

Where the file lives: ``--config PATH``, else ``$TRADETRIAGE_CONFIG``, else the platform's user
config folder. Every error names the file, the key and, where it can be found, the line.
"""

from __future__ import annotations

import copy
import ipaddress
import itertools
import os
import re
import shlex
import subprocess
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tradetriage.errors import ConfigError

ENV_CONFIG = "TRADETRIAGE_CONFIG"
APP_NAME = "tradetriage"

# "\Sent" is resolved through the server's SPECIAL-USE flags, because the sent folder is called
# "Sent", "Sent Items", "Sent Messages" or "已发送" depending on the server and its language.
DEFAULT_FOLDERS = ["INBOX", "\\Sent"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AccountConfig(_Strict):
    """One IMAP mailbox. The password never lives in this file or in the store."""

    name: str = Field(min_length=1, pattern=r"^[\w.@-]+$")
    host: str = Field(min_length=1)
    port: int | None = Field(default=None, ge=1, le=65535)
    security: Literal["tls", "starttls", "plain"] = "tls"
    username: str = Field(min_length=1)
    password_env: str | None = None
    password_cmd: str | None = None
    keyring: bool = False
    folders: list[str] = Field(default_factory=lambda: list(DEFAULT_FOLDERS), min_length=1)
    tls_ca_file: Path | None = None
    timeout: float = Field(default=60.0, gt=0)

    @model_validator(mode="after")
    def _check(self) -> AccountConfig:
        sources = [self.password_env is not None, self.password_cmd is not None, self.keyring]
        if sum(sources) != 1:
            raise ValueError("set exactly one of password_env, password_cmd or keyring = true")
        if self.security == "plain" and not _is_loopback(self.host):
            raise ValueError(
                f'security = "plain" sends the password unencrypted; it is only allowed to a '
                f"loopback address, not {self.host!r} (use tls or starttls)"
            )
        if self.tls_ca_file is not None and not self.tls_ca_file.expanduser().is_file():
            raise ValueError(f"tls_ca_file {str(self.tls_ca_file)!r} does not exist")
        # INBOX is case-insensitive (RFC 3501): "inbox" beside "INBOX" would store every
        # message twice, under two folder keys.
        seen = [f.upper() if f.upper() == "INBOX" else f for f in self.folders]
        twice = sorted({f for f in seen if seen.count(f) > 1})
        if twice:
            raise ValueError(f"folders lists {', '.join(map(repr, twice))} more than once")
        return self

    @property
    def effective_port(self) -> int:
        if self.port is not None:
            return self.port
        return 993 if self.security == "tls" else 143


class Product(_Strict):
    name: str
    models: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)


class CompanyConfig(_Strict):
    """Who we are: later features (grading, replies) read products, domain and signature."""

    name: str = "My Company Co., Ltd."
    domain: str | None = None
    website: str | None = None
    timezone: str = "Asia/Shanghai"
    signature: str = ""
    products: list[Product] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (use an IANA name)") from exc
        return value


class GradingConfig(_Strict):
    """Where grading reads its rules and its geography, and which relays it trusts."""

    rules: Path | None = None  # user rules file: overrides weights, disables or adds rules
    geoip_db: Path | None = None  # GeoLite2 / DB-IP .mmdb; default: embedded country data
    # Extra relays whose Received hops are trusted (our MX, a company gateway): CIDR ranges
    # ("203.0.113.0/24") and host-name patterns ("*.mail.example.com").
    trusted_relays: list[str] = Field(default_factory=list)

    @field_validator("trusted_relays")
    @classmethod
    def _relays(cls, value: list[str]) -> list[str]:
        # Anything else used to become a host-name pattern that matched no host, so a gateway
        # written "80.158.3.*" was silently not trusted.
        problems = [p for p in map(_relay_problem, value) if p]
        if problems:
            raise ValueError("; ".join(problems))
        return value

    @field_validator("geoip_db", "rules")
    @classmethod
    def _file_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.expanduser().is_file():
            what = "is a folder, not a file" if value.expanduser().is_dir() else "does not exist"
            raise ValueError(f"{str(value)!r} {what}")
        return value.expanduser() if value is not None else None


class SyncConfig(_Strict):
    batch_size: int = Field(default=250, ge=1, le=5000)
    workers: int = Field(default=0, ge=0, le=64)  # 0: one parser process per core


class Config(_Strict):
    store: Path | None = None
    language: Literal["en", "zh"] | None = None
    accounts: list[AccountConfig] = Field(default_factory=list)
    company: CompanyConfig = Field(default_factory=CompanyConfig)
    sync: SyncConfig = Field(default_factory=SyncConfig)
    grading: GradingConfig = Field(default_factory=GradingConfig)
    # Set by load_config, not by the user: where this configuration was read from.
    source: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _unique_accounts(self) -> Config:
        names = [a.name for a in self.accounts]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"account names must be unique; repeated: {', '.join(dupes)}")
        return self

    @property
    def effective_language(self) -> Literal["en", "zh"]:
        """``language`` from the file, else Chinese when the system locale is Chinese."""
        if self.language is not None:
            return self.language
        # The POSIX order of precedence: the first of these that is set decides.
        for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
            value = os.environ.get(variable)
            if value:
                return "zh" if value.lower().startswith("zh") else "en"
        return "en"

    @property
    def store_path(self) -> Path:
        if self.store is not None:
            return self.store.expanduser()
        return default_data_dir() / "store.db"

    def account(self, name: str) -> AccountConfig:
        for account in self.accounts:
            if account.name == name:
                return account
        known = ", ".join(a.name for a in self.accounts) or "none configured"
        raise ConfigError(f"no account named {name!r} in {self.source}", f"known: {known}")


def default_config_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / "config.toml"


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME)


def config_path(explicit: Path | None) -> Path:
    """The config file to use: the explicit path, else $TRADETRIAGE_CONFIG, else the default."""
    if explicit is not None:
        return explicit.expanduser()
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env).expanduser()
    return default_config_path()


def load_config(path: Path) -> Config:
    """Read and validate a config file; raise ConfigError naming file, key and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"no config file at {path}", "run `tradetriage init` to write one"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    try:
        config = Config.model_validate(_relative_to(data, path.parent))
    except ValidationError as exc:
        raise ConfigError(_describe(path, text, exc)) from None
    return config.model_copy(update={"source": path})


# The file paths a config may hold, as (table, key): None is the top level; "accounts" is a
# list of tables.
_PATH_KEYS = (
    (None, "store"),
    ("grading", "rules"),
    ("grading", "geoip_db"),
    ("accounts", "tls_ca_file"),
)


def _relative_to(data: dict[str, Any], base: Path) -> dict[str, Any]:
    """``data`` with relative file paths made relative to the config file's folder, not to
    wherever the command runs (cron runs it from the home folder)."""
    data = copy.deepcopy(data)
    for name, key in _PATH_KEYS:
        value = data if name is None else data.get(name)
        for table in value if isinstance(value, list) else [value]:
            if isinstance(table, dict) and isinstance(table.get(key), str):
                path = Path(table[key]).expanduser()
                table[key] = str(path if path.is_absolute() else base / path)
    return data


def _describe(path: Path, text: str, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        key = ".".join(loc) or "(top level)"
        line = _line_of(text, loc)
        where = f"{path}:{line}" if line else str(path)
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown key (check the spelling; `tradetriage init --print` shows all keys)"
        lines.append(f"{where}: {key}: {message}")
    return "\n".join(lines)


def _line_of(text: str, loc: list[str]) -> int | None:
    """Best-effort line number of a key path such as ``accounts.1.security`` in TOML text."""
    names = [p for p in loc if not p.isdigit()]
    if not names:
        return None
    table_index = next((int(p) for p in loc if p.isdigit()), None)
    start = 0
    lines = text.splitlines()
    if table_index is not None and len(names) >= 1:
        header = re.compile(rf"^\s*\[\[\s*{re.escape(names[0])}\s*\]\]")
        seen = -1
        for i, line in enumerate(lines):
            if header.match(line):
                seen += 1
                if seen == table_index:
                    start = i
                    break
    key = re.compile(rf"^\s*{re.escape(names[-1])}\s*=")
    for i in range(start, len(lines)):
        if key.match(lines[i]):
            return i + 1
    return start + 1 if start else None


# A host-name pattern: a name with fnmatch's wildcards ("*.mail.example.com", "mx[12].x.com").
_HOST_PATTERN = re.compile(r"[A-Za-z0-9_.*?!\[\]-]+")
_LETTER = re.compile(r"[A-Za-z]")


def _relay_problem(entry: str) -> str | None:
    """What is wrong with one ``trusted_relays`` entry, with the CIDR it meant when that can
    be told; None for a CIDR range, an IP address or a host-name pattern."""
    text = entry.strip()
    if not text or _is_network(text):
        return None
    # A host name has a letter somewhere (its top-level domain at least); "80.158.3.*" does not.
    if _HOST_PATTERN.fullmatch(text) and _LETTER.search(_strip_classes(text)):
        return None
    meant = _meant_networks(text)
    hint = (
        "write " + ", ".join(f'"{n}"' for n in meant)
        if meant
        else 'write a CIDR range ("203.0.113.0/24")'
    )
    return (
        f'"{entry}" is neither a CIDR range nor a host-name pattern ("*.mail.example.com"); {hint}'
    )


def _strip_classes(pattern: str) -> str:
    return re.sub(r"\[[^\]]*\]", "", pattern)


def _is_network(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


def _meant_networks(text: str) -> list[str]:
    """The CIDR ranges an IP written another way means: "[1.2.3.4]", "1.2.3.*", "a - b"."""
    if _is_network(text.strip("[]")):
        return [text.strip("[]")]
    first, dash, last = text.partition("-")
    if dash:
        try:
            start, end = ipaddress.ip_address(first.strip()), ipaddress.ip_address(last.strip())
            ranges = ipaddress.summarize_address_range(start, end)
            return [str(n) for n in ranges]
        except (ValueError, TypeError):
            return []
    octets = text.split(".")
    fixed = list(itertools.takewhile(lambda o: o != "*", octets))
    if len(octets) == 4 and fixed and set(octets[len(fixed) :]) == {"*"}:
        network = ".".join(fixed + ["0"] * (4 - len(fixed))) + f"/{8 * len(fixed)}"
        return [network] if _is_network(network) else []
    return []


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_password(account: AccountConfig) -> str:
    """Fetch the account's password from the environment, a command, or the OS keyring."""
    if account.password_env is not None:
        value = os.environ.get(account.password_env)
        if not value:
            raise ConfigError(
                f"account {account.name!r}: environment variable {account.password_env} is not set",
                f"export {account.password_env}=… before running, or use password_cmd",
            )
        return value
    if account.password_cmd is not None:
        return _password_from_command(account)
    return _password_from_keyring(account)


def _password_from_command(account: AccountConfig) -> str:
    assert account.password_cmd is not None  # guaranteed by the caller's branch
    try:
        done = subprocess.run(
            shlex.split(account.password_cmd),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"account {account.name!r}: password_cmd failed: {exc}") from exc
    if done.returncode != 0:
        raise ConfigError(
            f"account {account.name!r}: password_cmd exited with {done.returncode}: "
            f"{done.stderr.strip()[:200]}"
        )
    # Like mbsync's PassCmd: the first line of the output is the password.
    password = done.stdout.splitlines()[0] if done.stdout else ""
    if not password:
        raise ConfigError(f"account {account.name!r}: password_cmd printed nothing")
    return password


def _password_from_keyring(account: AccountConfig) -> str:
    import keyring
    from keyring.errors import KeyringError

    try:
        value = keyring.get_password(APP_NAME, f"{account.name}:{account.username}")
    except KeyringError as exc:
        raise ConfigError(f"account {account.name!r}: OS keyring unavailable: {exc}") from exc
    if not value:
        raise ConfigError(
            f"account {account.name!r}: no password in the OS keyring",
            f"store one with: keyring set {APP_NAME} {account.name}:{account.username}",
        )
    return value


CONFIG_TEMPLATE = """\
# tradetriage configuration (TOML). Every key is optional unless marked "required".
# Docs: README.md. Check this file with `tradetriage doctor`.
# Relative file paths are relative to this file's folder.

# Where the local store (SQLite, also your mail archive) lives. Default: the user data folder.
# Back this file up, or keep it on a drive that survives reinstalling the PC.
# store = "~/tradetriage/store.db"

# Language of what the commands print (not --json): "en" or "zh". Default: from the system locale.
# language = "en"

[[accounts]]
name = "sales"                      # required: short name used in listings
host = "imap.example.com"           # required
# port = 993                        # default: 993 for tls, 143 for starttls/plain
security = "tls"                    # "tls" (port 993), "starttls" or "plain" (loopback only)
username = "sales@example.com"      # required
# Exactly one password source (the password is never written to the store):
password_env = "TRADETRIAGE_PASSWORD"         # read from this environment variable
# password_cmd = "pass show mail/sales"      # first line this command prints (like mbsync)
# keyring = true                              # OS keyring: service "tradetriage",
#                                             # user "<name>:<username>"
# Folders to sync; "\\\\Sent" means the server's sent folder, whatever its name.
folders = ["INBOX", "\\\\Sent"]
# For a company server with a self-signed certificate: trust this CA/certificate file.
# tls_ca_file = "/path/to/company-ca.pem"

[company]
name = "My Company Co., Ltd."
# domain = "example.com"
# website = "https://www.example.com"
timezone = "Asia/Shanghai"
signature = \"\"\"
Best regards,
Your Name
My Company Co., Ltd.
\"\"\"

# [[company.products]]
# name = "Stainless steel ball valve"
# models = ["BV-316-DN25"]
# keywords = ["ball valve", "球阀"]

[grading]
# rules = "~/tradetriage/rules.yaml"   # your own rules: override weights, disable, add
# geoip_db = "/var/lib/GeoIP/GeoLite2-City.mmdb"   # City gives time zones; default: built-in
#                                                   # country data (no download needed)
# Relays you trust besides the big providers: your own MX and gateways.
# trusted_relays = ["203.0.113.0/24", "*.mail.example.com"]

[sync]
# batch_size = 250     # messages fetched and committed per round trip
# workers = 0          # parser processes; 0 = one per CPU core
"""


def write_template(path: Path, *, force: bool = False) -> None:
    """Write the commented default config to ``path``; refuse to overwrite unless forced."""
    if path.exists() and not force:
        raise ConfigError(f"{path} already exists", "pass --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CONFIG_TEMPLATE, encoding="utf-8")
