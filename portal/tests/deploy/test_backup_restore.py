"""tryton/backup.sh and tryton/restore.sh, run on a copy of the demo database: the restored
database under another name holds the same sales, and trytond serving it reads the pickup
slips stored in the restored filestore."""

import base64
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests

from portal.tests.fixtures import tryton_harness as harness

pytestmark = [
    pytest.mark.tryton,
    pytest.mark.skipif(
        not harness.postgres_url(),
        reason="the backup is a pg_dump of Tryton's PostgreSQL database: set TEST_POSTGRES_URL",
    ),
]


def _script(name: str, *args, filestore) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "TRYTOND_DATABASE__URI": harness.postgres_url(),
           "TRYTOND_DATABASE__PATH": str(filestore)}
    return subprocess.run(["bash", str(harness.ROOT / "tryton" / name), *map(str, args)],
                          env=env, capture_output=True, text=True, timeout=300)


def _count(database: str, query: str) -> int:
    import psycopg

    url = harness.postgres_url().rstrip("/")
    with psycopg.connect(f"{url}/{database}") as connection:
        return connection.execute(query).fetchone()[0]


SALES = "SELECT count(*) FROM sale_sale"
STORED_FILES = "SELECT count(*) FROM ir_attachment WHERE file_id IS NOT NULL"


def _rpc(url: str, method: str, params: list, auth: str | None = None):
    headers = {"Authorization": auth} if auth else {}
    answer = requests.post(url, json={"id": 0, "method": method, "params": params},
                           headers=headers, timeout=60).json()
    assert not answer.get("error"), answer["error"]
    return answer["result"]


def _slips_read_by_trytond(database: str, filestore) -> list[bytes]:
    """The pickup slips of the demo's e-mails, as a trytond serving ``database`` reads them."""
    port = harness.free_port()
    config = harness._write_config(filestore, port)
    log = filestore / "trytond.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "trytond"), "-c", str(harness.POSTGRES_CONFIG),
             str(config), "-d", database], stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        harness._wait_ready(process, url, log)
        rpc = f"{url}{database}/rpc/"
        user_id, session = _rpc(rpc, "common.db.login",
                                ["admin", {"password": harness.ADMIN_PASSWORD}, "en"])[:2]
        auth = "Session " + base64.b64encode(f"admin:{user_id}:{session}".encode()).decode()
        emails = _rpc(rpc, "model.ir.email.search",
                      [[["resource", "like", "pickup.request,%"]], 0, None, None, {}], auth)
        attachments = _rpc(rpc, "model.ir.attachment.search_read", [
            [["resource", "in", [f"ir.email,{i}" for i in emails]]], 0, None, None,
            ["data"], {}], auth)
        return [base64.b64decode(a["data"]["base64"]) for a in attachments]
    finally:
        harness.stop(process)


def test_a_backup_restores_under_another_name_with_its_files(tryton_template, tmp_path):
    live, restored_store = tmp_path / "live", tmp_path / "restored"
    live.mkdir()
    restored_store.mkdir()
    source = harness.copy_template(tryton_template, live)
    restored = f"{harness.PG_PREFIX}restored_{uuid.uuid4().hex[:8]}"
    try:
        backup = _script("backup.sh", source, tmp_path / "backups", filestore=live)
        assert backup.returncode == 0, backup.stderr
        dump, files = backup.stdout.split()
        assert dump.endswith(".dump") and files.endswith("-filestore.tar.gz")

        restore = _script("restore.sh", dump, files, restored, filestore=restored_store)
        assert restore.returncode == 0, restore.stderr

        assert _count(restored, SALES) == _count(source, SALES) > 0
        assert _count(restored, STORED_FILES) == _count(source, STORED_FILES) > 0
        slips = _slips_read_by_trytond(restored, restored_store)
        assert slips, "the demo's pickup slips are stored files"
        assert all(slip.startswith(b"%PDF") for slip in slips)
        # Never over an existing database: the same restore again is refused.
        again = _script("restore.sh", dump, files, restored, filestore=tmp_path / "other")
        assert again.returncode != 0 and "already exists" in again.stderr
    finally:
        harness.drop_copy(source, live)
        harness.drop_copy(restored, restored_store)
