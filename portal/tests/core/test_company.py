"""The supplier's companies: read once, kept, never in the way of a page."""

import pytest
from django.core.cache import cache

from erp import company as companies_module
from erp.company import Companies, Company, company_forget, company_list
from portal.tests.fixtures import fake_tryton as fakes

pytestmark = pytest.mark.django_db

SEARCH = "model.company.company.search_read"
LOGO = b"\x89PNG\r\n\x1a\nfake-logo"


def company_rows(*_params):
    return [
        {"id": 1, "rec_name": "Ferment Station", "logo": LOGO, "party.": {
            "email": "contact@ferment.example",
            "phone": "+33 4 78 00 00 00",
            "website": "",
            "addresses.": [{
                "street": "4 rue des Brasseurs", "postal_code": "69007", "city": "Lyon",
                "country.": {"name": "France"}}]}},
        {"id": 2, "rec_name": "Ferment Station Savoie", "logo": None, "party.": {
            "email": "", "phone": "", "website": "",
            "addresses.": []}},
    ]


@pytest.fixture
def tryton_companies(fake_tryton):
    fake_tryton.on(SEARCH, company_rows)
    company_forget()
    yield fake_tryton
    company_forget()


def test_companies_are_read_once_then_kept_in_memory(tryton_companies):
    first = company_list()
    cache.clear()
    second = company_list()

    assert len(tryton_companies.called(SEARCH)) == 1
    assert first is second
    main = first.main
    assert (main.id, main.name, main.phone) == (1, "Ferment Station", "+33 4 78 00 00 00")
    assert main.address_lines == ("4 rue des Brasseurs", "69007 Lyon", "France")
    assert main.logo == LOGO and len(main.logo_digest) == 16
    assert main.phone_uri == "tel:+33478000000"
    assert first.several


def test_another_worker_reads_them_from_the_shared_cache(tryton_companies, monkeypatch):
    company_list()
    monkeypatch.setattr(companies_module, "_memory", None)  # a worker that never read them

    assert company_list().main.name == "Ferment Station"
    assert len(tryton_companies.called(SEARCH)) == 1


def test_without_access_to_the_companies_parties_name_and_logo_still_show(fake_tryton):
    def refuse_parties(domain, offset, limit, order, fields, context):
        if any(name.startswith("party.") for name in fields):
            refusal = ["You are not allowed to read Party.", "", None]
            return fakes.Reply(error=["UserError", refusal])
        return [{key: row[key] for key in ("id", "rec_name", "logo")} for row in company_rows()]

    fake_tryton.on(SEARCH, refuse_parties)
    company_forget()

    main = company_list().main

    assert (main.name, main.logo) == ("Ferment Station", LOGO)
    assert (main.phone, main.address_lines) == ("", ())
    company_forget()


def test_tryton_down_gives_no_company_and_no_error(tryton_companies):
    tryton_companies.down = True

    assert company_list() == Companies()


def test_tryton_down_serves_the_last_companies_read(tryton_companies, settings, monkeypatch):
    company_list()
    settings.PORTAL_COMPANY_CACHE_TTL = 0  # the cached entry is stale at once
    monkeypatch.setattr(companies_module, "_memory", None)
    tryton_companies.down = True

    assert company_list().main.name == "Ferment Station"


def test_a_document_shows_the_company_that_issued_it():
    savoie = Company(id=2, name="Ferment Station Savoie")
    companies = Companies(items=(Company(id=1, name="Ferment Station"), savoie), main_id=1)

    class Invoice:
        company = 2

    assert companies.issuer(Invoice()) is savoie
    assert companies.issuer(object()).name == "Ferment Station"  # no company: the portal's own
    assert Companies().issuer(Invoice()) is None


def test_the_logo_is_served_with_its_digest_and_kept_by_browsers(tryton_companies, client):
    main = company_list().main

    response = client.get(f"/brand/1/logo-{main.logo_digest}.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == LOGO
    assert "immutable" in response["Cache-Control"]
    assert client.get("/brand/1/logo-0000000000000000.png").status_code == 404
    assert client.get("/brand/2/logo-0000000000000000.png").status_code == 404  # has none
