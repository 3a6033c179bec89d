"""Run Tryton module tests, building each test database from a cached one.

    DB_CACHE=DIR python -m tryton.module_tests trytond.modules.pickup.tests.test_module ...
    python -m tryton.module_tests --order pickup portal html_report   # smaller sets first

(the arguments are unittest names; ``tryton/test.sh`` passes each module's test files, one
module after the other in the ``--order`` order).

Every test class (``ModuleTestCase``) and every scenario starts from a database with exactly
the modules it asks for, restored from trytond's ``DB_CACHE``: one database per set of
modules, and per scenario set-up (``activate_modules('event', create_company,
create_chart)``). trytond builds a missing one from an empty database, so each of them
activated the same upstream modules (account, sale, stock...) again: most of a run without
cache. Here a missing database starts from the largest cached one whose modules it needs
anyway and activates only the rest, as Tryton does when a module is added to a live
database:

- the upstream modules of a set are built first and shared by every set that needs them;
- our modules are activated on top (``event`` on the database of ``portal``);
- a scenario's set-up functions run on the database of its modules.

Each database is checked to hold exactly the modules its set needs before it is cached.
Building is serialised per database with a lock, so concurrent runs sharing DB_CACHE build
each one once. Without ``DB_CACHE`` (or with a ``postgresql://`` one) the tests run exactly
as under ``python -m unittest``.
"""

import fcntl
import hashlib
import json
import os
import sys
import time
import unittest
from contextlib import contextmanager
from pathlib import Path

OUR_MODULES_DIR = Path(__file__).resolve().parent.parent / "tryton_modules"
BASE_MODULES = {"ir", "res"}
INDEX = "shared-index.json"


def log(message: str) -> None:
    print(f"[db cache] {message}", file=sys.stderr, flush=True)


def module_closure(modules) -> frozenset[str]:
    """The modules trytond activates for ``modules``: them and their dependencies."""
    from trytond.modules import get_module_info

    seen, todo = set(BASE_MODULES), list(modules)
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(get_module_info(module).get("depends", []))
    return frozenset(seen)


def is_ours(module: str) -> bool:
    from trytond.modules import get_module_info

    if module in BASE_MODULES:
        return False
    directory = Path(get_module_info(module)["directory"]).resolve()
    return directory.is_relative_to(OUR_MODULES_DIR)


class SharedCache:
    """The index of the databases this runner cached in DB_CACHE, and their locks.

    Only indexed databases are trusted: an entry is written after its backup is complete,
    so a file left by an interrupted run (or by plain ``python -m unittest``) is rebuilt."""

    def __init__(self, directory: str):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.index = self.directory / INDEX

    @contextmanager
    def lock(self, name: str):
        digest = hashlib.sha256(name.encode()).hexdigest()[:16]
        with open(self.directory / f".{digest}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def entries(self) -> dict:
        try:
            return json.loads(self.index.read_text())
        except FileNotFoundError:
            return {}

    def add(self, name: str, modules, lang: str, setup: bool) -> None:
        with self.lock(INDEX):
            entries = self.entries()
            entries[name] = {"modules": sorted(modules), "lang": lang, "setup": setup}
            partial = self.index.with_suffix(f".{os.getpid()}")
            partial.write_text(json.dumps(entries, indent=1, sort_keys=True))
            partial.rename(self.index)

    def largest_base(self, modules: frozenset, lang: str) -> str | None:
        """The cached database (without set-up data) with the most of ``modules``, no other."""
        best, size = None, 0
        for name, entry in self.entries().items():
            activated = set(entry["modules"])
            if (not entry["setup"] and entry["lang"] == lang
                    and activated <= modules and len(activated) > size):
                best, size = name, len(activated)
        return best


class SharedActivation:
    """``activate_module`` and proteus' ``activate_modules`` on shared cached databases."""

    def __init__(self, cache: SharedCache):
        import trytond.tests.test_tryton as test_tryton
        import trytond.tests.tools as tools

        self.cache = cache
        self.t = test_tryton
        self.tools = tools
        self.stock_activate_module = test_tryton.activate_module

    def install(self) -> None:
        # Before the test modules are imported: `from ... import activate_module` then
        # binds these, and scenarios import activate_modules when they run.
        self.t.activate_module = self.activate_module
        self.tools.activate_modules = self.activate_modules

    def activate_module(self, modules, lang="en"):
        "Stand-in for trytond.tests.test_tryton.activate_module"
        if isinstance(modules, str):
            modules = [modules]
        if self.t.db_exist(self.t.DB_NAME):
            # Activating on top of the test's own database: trytond's way.
            return self.stock_activate_module(modules, lang=lang)
        name = "-".join(modules) + (f"--{lang}" if lang != "en" else "")
        self.restore_or_build(name, list(modules), lang)

    def activate_modules(self, modules, *setup):
        "Stand-in for trytond.tests.tools.activate_modules (scenarios)"
        if isinstance(modules, str):
            modules = [modules]
        modules = sorted(modules)
        # The name trytond gives it, so both runners agree on what a name holds.
        name = "-".join(modules)
        if setup_name := "|".join(self.tools._func_name(f) for f in setup):
            name += f"--{setup_name}"
        self.t.drop_db()
        if not setup:
            self.restore_or_build(name, modules, "en")
            return self.tools._get_config()
        with self.cache.lock(name):
            if self.restore(name):
                return self.tools._get_config()
            self.restore_or_build("-".join(modules), modules, "en")
            start = time.monotonic()
            config = self.tools._get_config()
            for func in setup:
                func(config=config)
            self.backup(name, module_closure(modules), "en", setup=True)
            log(f"{name}: set up in {time.monotonic() - start:.1f} s")
        return config

    def restore(self, name: str) -> bool:
        if name in self.cache.entries():
            return self.t.restore_db_cache(name)
        self.discard(name)
        return False

    def backup(self, name: str, modules, lang: str, setup: bool = False) -> None:
        self.t.backup_db_cache(name)
        self.cache.add(name, modules, lang, setup)

    def discard(self, name: str) -> None:
        "Remove a cached file the index does not know (interrupted or foreign run)"
        import shutil

        path = Path(self.t._db_cache_file(self.t.DB_CACHE, name))
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)

    def restore_or_build(self, name: str, modules: list[str], lang: str) -> None:
        """Leave the test database with exactly ``modules`` (and dependencies) activated,
        restored from the cache or built from the largest cached part of it."""
        wanted = module_closure(modules)
        with self.cache.lock(name):
            if self.restore(name):
                return
            upstream = frozenset(m for m in wanted if not is_ours(m))
            base = self.cache.largest_base(wanted, lang)
            restored = False
            if upstream != wanted and (
                    base is None or not upstream <= set(self.cache.entries()[base]["modules"])):
                # Our modules come on top of their upstream modules, cached for the others.
                upstream_name = "upstream:" + "-".join(sorted(upstream))
                self.restore_or_build(upstream_name, sorted(upstream), lang)
                base = self.cache.largest_base(wanted, lang)
                restored = base == upstream_name
                if not restored:
                    self.t.drop_db()
            start = time.monotonic()
            if not restored and not (base and self.t.restore_db_cache(base)):
                base = None
                self.t.create_db(lang=lang)
            self.activate_missing(modules)
            self.check_activated(wanted)
            self.backup(name, wanted, lang)
            log(f"{name}: built on {base or 'an empty database'} "
                f"(+{len(wanted) - len(self.cache.entries().get(base, {}).get('modules', ()))} "
                f"modules) in {time.monotonic() - start:.1f} s")

    def activate_missing(self, modules: list[str]) -> None:
        "What trytond's activate_module does once the database exists"
        from trytond.pool import Pool
        from trytond.transaction import Transaction

        with Transaction().start(self.t.DB_NAME, 1, close=True) as transaction:
            pool = Pool()
            Module = pool.get("ir.module")
            records = Module.search([("name", "in", modules)])
            assert len(records) == len(modules), (
                f"Not found: {', '.join(set(modules) - {r.name for r in records})}")
            records = Module.search([
                    ("name", "in", modules),
                    ("state", "!=", "activated"),
                    ])
            if records:
                Module.activate(records)
                transaction.commit()
                ActivateUpgrade = pool.get("ir.module.activate_upgrade", type="wizard")
                instance_id, _, _ = ActivateUpgrade.create()
                transaction.commit()
                ActivateUpgrade(instance_id).transition_upgrade()
                ActivateUpgrade.delete(instance_id)
                transaction.commit()

    def check_activated(self, wanted: frozenset) -> None:
        "A database built in steps must hold what one built at once holds"
        from trytond.pool import Pool
        from trytond.transaction import Transaction

        with Transaction().start(self.t.DB_NAME, 0, close=True):
            Module = Pool().get("ir.module")
            activated = {m.name for m in Module.search([("state", "=", "activated")])}
        if activated != wanted:
            raise RuntimeError(
                f"expected modules {sorted(wanted)}, activated {sorted(activated)}")


class TimedResult(unittest.TextTestResult):
    "A result that remembers how long each test took (scenarios and test methods alike)"

    def startTest(self, test):
        self._started = time.monotonic()
        super().startTest(test)

    def stopTest(self, test):
        self.durations.append((time.monotonic() - self._started, test.id()))
        super().stopTest(test)


class TimedRunner(unittest.TextTestRunner):
    "Print the slowest tests after the summary: where a module's test time goes"

    resultclass = TimedResult
    slowest = 8

    def _makeResult(self):
        result = super()._makeResult()
        result.durations = []
        return result

    def run(self, test):
        result = super().run(test)
        for seconds, name in sorted(result.durations, reverse=True)[:self.slowest]:
            self.stream.writeln(f"[slowest] {seconds:6.1f} s  {name}")
        return result


def main(argv: list[str]) -> None:
    # trytond's cache sync (Cache.sync, once [cache] clean_timeout seconds have passed)
    # takes the SQLite connection in autocommit mode, which commits the transaction of
    # the running test when the database is ':memory:' (one connection for every
    # transaction): its records then leak into the tests that follow, more often the
    # longer (the more loaded) a run is. One process runs the tests: there is no other
    # process's cache to catch up with.
    os.environ.setdefault("TRYTOND_CACHE__CLEAN_TIMEOUT", str(10 ** 9))
    if argv[:1] == ["--order"]:
        # Smaller sets first: their databases are the bases of the larger ones.
        print(" ".join(sorted(argv[1:], key=lambda m: (len(module_closure([m])), m))))
        return
    cache = os.environ.get("DB_CACHE")
    if cache and not cache.startswith("postgresql://"):
        SharedActivation(SharedCache(cache)).install()
    unittest.main(
        module=None, argv=["python -m tryton.module_tests", *argv], testRunner=TimedRunner)


if __name__ == "__main__":
    main(sys.argv[1:])
