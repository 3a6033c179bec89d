"""Files Tryton stores while the demo is built (the slips e-mailed with pickup requests) are
found by the server that runs the database, not left under the name it was built as."""

import pytest

from tryton import setup_db


def test_files_of_a_build_follow_the_database_to_its_final_name(tmp_path, monkeypatch):
    config = tmp_path / "trytond.conf"
    config.write_text(f"[database]\nuri = sqlite://\npath = {tmp_path}\n")
    built = tmp_path / "portal__building" / "ab" / "cd"
    built.mkdir(parents=True)
    (built / "abcd01").write_bytes(b"%PDF-slip")
    kept = tmp_path / "portal" / "ef" / "01"
    kept.mkdir(parents=True)
    (kept / "ef0102").write_bytes(b"%PDF-older")

    setup_db.move_filestore("portal__building", "portal", str(config))

    assert (tmp_path / "portal" / "ab" / "cd" / "abcd01").read_bytes() == b"%PDF-slip"
    assert (kept / "ef0102").read_bytes() == b"%PDF-older"
    assert not (tmp_path / "portal__building").exists()


@pytest.mark.tryton
def test_demo_pickup_slips_stored_by_the_build_are_readable_by_the_server(tryton_admin):
    emails = tryton_admin.execute(
        "ir.email", "search", [["resource", "like", "pickup.request,%"]], 0, None, None
    )
    assert emails, "the demo e-mails the slips of its requested pickups"
    attachments = tryton_admin.execute(
        "ir.attachment",
        "search_read",
        [["resource", "in", [f"ir.email,{i}" for i in emails]]],
        0,
        None,
        None,
        ["name", "data"],
    )

    assert attachments
    for attachment in attachments:
        assert attachment["name"].endswith(".pdf")
        assert bytes(attachment["data"]).startswith(b"%PDF"), attachment["name"]
