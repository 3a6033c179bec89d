"""Create (or bring up to date) the portal's Tryton database, optionally with demo data.

    python -m tryton.setup_db --config tryton/trytond.conf --database portal --demo

(from the repository's root, which makes ``tryton`` importable).

Works on SQLite (``uri = sqlite://`` + ``path``) and PostgreSQL (``postgresql://...``,
from the config file, ``--database-uri`` or ``TRYTOND_DATABASE__URI``). Running it twice
changes nothing: the modules are only activated when one is missing (or with ``--update``),
the service user is looked up before being created and the demo loader is idempotent.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tryton.demo.facts import SERVICE_LOGIN, SERVICE_PASSWORD_DEFAULT

ROOT = Path(__file__).resolve().parent.parent

# The Tryton modules the portal's database runs, in ONE place.
# Authors of our own modules (pickup, event, production_proposal, html_report...)
# append them here; dependencies are activated automatically.
MODULES = [
    # upstream
    "account_fr",
    "account_invoice",
    "company_work_time",
    "production",
    "sale",
    "stock",
    # traceability: lots and their best-before dates on delivered lines
    "stock_lot",
    "stock_lot_sled",
    "web_user",
    # ours (tryton_modules/); html_report before any demo invoice is posted (posted
    # invoices keep their first rendering), which holds as every module is activated
    # before the demo data is loaded.
    "portal",
    "html_report",
    "pickup",
    "event",
    "production_proposal",
]

ADMIN_EMAIL = "admin@ferment-station.example.fr"
# Extra language whose translations are loaded (French customers and back office).
LANGUAGES = ["fr"]


def service_password() -> str:
    return os.environ.get("TRYTON_SERVICE_PASSWORD", SERVICE_PASSWORD_DEFAULT)


def admin_password() -> str:
    return os.environ.get("TRYTON_ADMIN_PASSWORD", "admin")


def default_environment() -> None:
    """Fill in what our config files leave to the environment (see tryton/trytond.conf)."""
    os.environ.setdefault("TRYTOND_DATABASE__PATH", str(ROOT / "var" / "tryton"))


def _load_config(config_file: str):
    from trytond import config

    # trytond reads TRYTOND_* variables once, at import: apply a URI given later
    # (build_database's database_uri) before the file, so the file still wins.
    for option in ("uri", "path"):
        if value := os.environ.get(f"TRYTOND_DATABASE__{option.upper()}"):
            config.set("database", option, value)
    config.update_etc(config_file)
    return config


def _resolve_path(path: str) -> Path:
    # Relative paths given to this script are relative to the repository root.
    return Path(path) if os.path.isabs(path) else ROOT / path


def create_database(name: str, config_file: str) -> bool:
    """Create the empty database if missing; return True when it was created."""
    config = _load_config(config_file)
    uri = config.get("database", "uri")
    if uri.startswith("sqlite"):
        directory = _resolve_path(config.get("database", "path"))
        directory.mkdir(parents=True, exist_ok=True)
        database = directory / f"{name}.sqlite"
        if database.exists():
            return False
        database.touch()
        return True
    import psycopg
    from psycopg import sql

    with psycopg.connect(_maintenance_uri(uri), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            return False
        connection.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8'").format(
            sql.Identifier(name)))
    return True


def _maintenance_uri(uri: str) -> str:
    # trytond's URI has no database name; psycopg needs one to connect to the server.
    base = uri.rstrip("/")
    return f"{base}/postgres"


def _activated_modules(name: str, config_file: str) -> set[str]:
    config = _load_config(config_file)
    uri = config.get("database", "uri")
    query = "SELECT name FROM ir_module WHERE state = 'activated'"
    try:
        if uri.startswith("sqlite"):
            import sqlite3

            path = _resolve_path(config.get("database", "path")) / f"{name}.sqlite"
            with sqlite3.connect(path) as connection:
                return {row[0] for row in connection.execute(query)}
        import psycopg

        with psycopg.connect(f"{uri.rstrip('/')}/{name}") as connection:
            return {row[0] for row in connection.execute(query)}
    except Exception:
        # Not initialised yet (no ir_module table).
        return set()


def activate_modules(name: str, config_file: str, *, force: bool = False) -> bool:
    """Initialise the database and activate MODULES with their dependencies (one
    trytond-admin run). Skipped when they are all active, unless ``force``."""
    if not force and set(MODULES) <= _activated_modules(name, config_file):
        return False
    with tempfile.NamedTemporaryFile("w", suffix=".pass", delete=False) as passfile:
        passfile.write(admin_password() + "\n")
    try:
        env = dict(os.environ, TRYTONPASSFILE=passfile.name)
        command = [
            _bin("trytond-admin"), "-c", config_file, "-d", name,
            "-u", *MODULES, "--activate-dependencies",
            "-l", *LANGUAGES, "--email", ADMIN_EMAIL,
        ]
        subprocess.run(command, env=env, check=True, cwd=ROOT)
    finally:
        os.unlink(passfile.name)
    return True


def _bin(script: str) -> str:
    # The console script next to the running interpreter (the project's virtualenv).
    candidate = Path(sys.executable).parent / script
    return str(candidate) if candidate.exists() else script


def configure_service_user(proteus_config) -> None:
    """Give ``portal_service`` its password and every company (the first as its own).

    The portal module's XML creates the user; until it does, create it here.
    """
    from proteus import Model

    User = Model.get("res.user", config=proteus_config)
    Group = Model.get("res.group", config=proteus_config)
    Company = Model.get("company.company", config=proteus_config)
    users = User.find([("login", "=", SERVICE_LOGIN)])
    if users:
        user, = users
    else:
        user = User(login=SERVICE_LOGIN, name="Portal service")
        user.groups.extend(Group.find([("name", "=", "Portal Service")]))
    # Every company: the portal shows each document under the company that issued it.
    companies = Company.find([], order=[("id", "ASC")])
    for company in companies:
        if company not in user.companies:
            user.companies.append(Company(company.id))
    if companies:
        user.company = Company(companies[0].id)
        user.company_filter = "all"
    user.password = service_password()
    user.save()


def build_database(
        name: str, config_file: str, *, demo: bool = True, update: bool = False,
        database_uri: str | None = None) -> dict:
    """Create and set up database ``name``; return figures (seconds per step) and logins.

    ``database_uri`` overrides the config file's ``[database] uri`` through
    ``TRYTOND_DATABASE__URI`` (only effective when the file does not set it).
    """
    if database_uri:
        os.environ["TRYTOND_DATABASE__URI"] = database_uri
    default_environment()
    config_file = str(_resolve_path(config_file))
    # A new SQLite database is built under another name and renamed when complete, so an
    # interrupted build never leaves a file that `make demo-db` would take for finished.
    final = _sqlite_file(name, config_file)
    building = f"{name}__building" if final and not final.exists() else name
    if building != name:
        _sqlite_file(building, config_file).unlink(missing_ok=True)
    elif final:
        # A database built before its files followed the rename gets them back.
        move_filestore(f"{name}__building", name, config_file)
    figures = {}
    start = time.monotonic()
    create_database(building, config_file)
    activate_modules(building, config_file, force=update)
    figures["modules"] = time.monotonic() - start

    from proteus import config as proteus_config

    cfg = proteus_config.set_trytond(building, config_file=config_file)
    logins = {}
    if demo:
        from tryton.demo_data import load_demo_data

        start = time.monotonic()
        logins = load_demo_data(cfg)
        figures["demo"] = time.monotonic() - start
    # After the demo data so that the company exists.
    configure_service_user(cfg)
    if building != name:
        _publish_sqlite(_sqlite_file(building, config_file), final)
        move_filestore(building, name, config_file)
    return {"figures": figures, "logins": logins}


def _publish_sqlite(source: Path, target: Path) -> None:
    """Copy the finished database to its final name, then drop the build.

    trytond keeps SQLite in WAL mode and this process may still hold a connection, so the
    file alone may lack the last commits: SQLite's backup API copies a consistent state.
    """
    import sqlite3

    partial = target.with_name(target.name + ".part")
    with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    partial.rename(target)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{source}{suffix}").unlink(missing_ok=True)


def move_filestore(source: str, target: str, config_file: str) -> None:
    """Give database ``target`` the files (attachments, stored reports) written while it was
    built as ``source``: Tryton keeps them under ``<database path>/<database name>/``."""
    import shutil

    base = _resolve_path(_load_config(config_file).get("database", "path"))
    files, destination = base / source, base / target
    if not files.is_dir():
        return
    # Each file is named after its content's hash: files already there are the same ones.
    shutil.copytree(files, destination, dirs_exist_ok=True)
    shutil.rmtree(files)


def _sqlite_file(name: str, config_file: str) -> Path | None:
    config = _load_config(config_file)
    if not config.get("database", "uri").startswith("sqlite"):
        return None
    return _resolve_path(config.get("database", "path")) / f"{name}.sqlite"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="tryton/trytond.conf", help="trytond config file")
    parser.add_argument("--database", default="portal", help="database name")
    parser.add_argument("--database-uri", help="e.g. postgresql://postgres@127.0.0.1:5432/")
    parser.add_argument("--demo", action="store_true", help="load the demo data")
    parser.add_argument(
        "--update", action="store_true", help="run trytond-admin even if up to date")
    args = parser.parse_args(argv)
    start = time.monotonic()
    result = build_database(
        args.database, args.config, demo=args.demo, update=args.update,
        database_uri=args.database_uri)
    print(f"Tryton database '{args.database}' ready in {time.monotonic() - start:.1f} s "
          + ", ".join(f"({k} {v:.1f} s)" for k, v in result["figures"].items()))
    print(f"  Tryton admin: admin / {admin_password()}  (TRYTON_ADMIN_PASSWORD)")
    print(f"  Portal service user: {SERVICE_LOGIN} / {service_password()}"
          "  (TRYTON_SERVICE_PASSWORD)")
    if result["logins"]:
        from tryton.demo_data import print_logins

        print_logins()
    return 0


if __name__ == "__main__":
    sys.exit(main())
