"""Whole pages over HTTP from the portal under gunicorn, as a browser gets them."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

import requests

from .report import Report, Timing, timed

SECTION = "pages over HTTP (gunicorn, 2 workers)"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ORDER_LINK = re.compile(r'href="/orders/(\d+)/"')
INVOICE_LINK = re.compile(r'href="/invoices/(\d+)/"')
# The documents an order page offers (orders/urls.py), by kind, and the orders list
# filter that finds orders offering them.
ORDER_DOCUMENTS = {
    "quotation": ("quotation", re.compile(r'href="(/orders/\d+/quotation\.pdf)"')),
    "order confirmation": (
        "processing", re.compile(r'href="(/orders/\d+/confirmation\.pdf)"')),
    "delivery note": (
        "done", re.compile(r'href="(/orders/\d+/deliveries/\d+/delivery-note\.pdf)"')),
}


def logged_in(url: str, email: str, password: str) -> requests.Session:
    """A browser-like session signed in through the login form."""
    http = requests.Session()
    page = http.get(f"{url}accounts/login/", timeout=30)
    token = CSRF.search(page.text).group(1)
    response = http.post(
        f"{url}accounts/login/", data={"login": email, "password": password,
                                       "csrfmiddlewaretoken": token},
        headers={"Referer": f"{url}accounts/login/"}, allow_redirects=False, timeout=30)
    if response.status_code != 302:
        raise RuntimeError(f"portal login of {email} failed: HTTP {response.status_code}")
    return http


def get(http: requests.Session, url: str) -> requests.Response:
    response = http.get(url, timeout=30, allow_redirects=False)
    if response.status_code != 200:
        where = response.headers.get("Location")
        raise RuntimeError(f"GET {url}: HTTP {response.status_code}"
                           + (f" to {where}" if where else ""))
    return response


def measure_pages(report: Report, url: str, http: requests.Session,
                  invalidate: Callable[[], None], *, repeat: int) -> None:
    """Home, order list, the newest order's detail, the invoice list (with the balance
    at its top) and the statement of account, cold (the customer's cached data forgotten
    before each request) and warm."""
    orders = get(http, f"{url}orders/").text
    detail = ORDER_LINK.search(orders).group(1)
    for name, path in (("home", ""), ("orders", "orders/"),
                       ("order detail (newest)", f"orders/{detail}/"),
                       ("invoices", "invoices/"),
                       ("statement of account", "billing/statement/")):
        page = f"{url}{path}"
        get(http, page)
        cold = timed(lambda page=page: get(http, page), repeat, before=invalidate)
        get(http, page)
        warm = timed(lambda page=page: get(http, page), repeat)
        size = len(get(http, page).content)
        report.timing(SECTION, f"{name}, cold", cold, bytes=size)
        report.timing(SECTION, f"{name}, warm", warm, bytes=size)


def listed_invoices(http: requests.Session, url: str, count: int) -> list[int]:
    """The ids of the first ``count`` invoices the customer's list shows, page by page."""
    ids: list[int] = []
    page = 1
    while len(ids) < count:
        found = INVOICE_LINK.findall(get(http, f"{url}invoices/?page={page}").text)
        if not found:
            break
        ids += [int(i) for i in dict.fromkeys(found) if int(i) not in ids]
        page += 1
    return ids[:count]


def measure_invoice_pdfs(report: Report, url: str, http: requests.Session, *,
                         documents: int) -> None:
    """The invoice PDF as a customer downloads it (/invoices/<id>/pdf/): the first
    download of each invoice (Tryton's report call, then kept in the customer's cache)
    and the second (from the cache)."""
    ids = listed_invoices(http, url, documents + 2)
    if len(ids) < documents + 2:
        raise RuntimeError(f"{len(ids)} invoices listed, {documents + 2} needed")
    # Two documents warm both trytond workers up (WeasyPrint's first run is slow).
    for invoice_id in ids[documents:documents + 2]:
        get(http, f"{url}invoices/{invoice_id}/pdf/")
    first, second = [], []
    for invoice_id in ids[:documents]:
        for samples in (first, second):
            start = time.perf_counter()
            response = get(http, f"{url}invoices/{invoice_id}/pdf/")
            samples.append(time.perf_counter() - start)
            if not response.content.startswith(b"%PDF"):
                raise RuntimeError(f"invoice {invoice_id}: not a PDF")
    first_timing, second_timing = Timing(tuple(first)), Timing(tuple(second))
    report.timing(SECTION, "invoice PDF through the portal, first download", first_timing,
                  bytes=len(response.content))
    report.timing(SECTION, "invoice PDF through the portal, second download", second_timing,
                  target="p50 <= 0.05 x first p50",
                  met=second_timing.p50 <= 0.05 * first_timing.p50,
                  ratio=round(second_timing.p50 / first_timing.p50, 3))


def measure_invoice_zip(report: Report, url: str, http: requests.Session, ids: list[int],
                        invalidate: Callable[[], None]) -> None:
    """The invoices ``ids`` as one ZIP of PDFs (/invoices/zip/), as the list's "download"
    button gets them: the first time (Tryton renders each invoice), the second (every PDF
    from the portal's cache), and once more with the customer's cache forgotten (Tryton's
    stored PDFs, no rendering)."""
    query = "&".join(f"invoice={invoice_id}" for invoice_id in ids)

    def download() -> float:
        start = time.perf_counter()
        response = get(http, f"{url}invoices/zip/?{query}")
        took = time.perf_counter() - start
        if not response.content.startswith(b"PK"):
            raise RuntimeError(f"invoices/zip/ of {len(ids)} invoices: not a ZIP")
        return took

    for name, before in (("first", None), ("second", None),
                         ("portal cache forgotten", invalidate)):
        if before:
            before()
        report.timing(SECTION, f"{len(ids)}-invoice ZIP, {name}", Timing((download(),)))


def measure_order_pdfs(report: Report, url: str, http: requests.Session, *,
                       documents: int) -> None:
    """The quotation, order confirmation and delivery note as a customer downloads them
    from order pages: the first download of each document (Tryton renders it; kept in
    the customer's cache) and the second (from the cache), ``documents`` of each kind,
    found on the orders the list shows in the state that offers them."""
    for kind, (state, link) in ORDER_DOCUMENTS.items():
        paths: list[str] = []
        listed = get(http, f"{url}orders/?state={state}").text
        for order_id in dict.fromkeys(ORDER_LINK.findall(listed)):
            paths += link.findall(get(http, f"{url}orders/{order_id}/").text)
            if len(paths) > documents:
                break
        if len(paths) <= documents:
            raise RuntimeError(f"{len(paths)} {kind} documents found, {documents + 1} needed")
        get(http, url.rstrip("/") + paths[documents])  # warms the trytond worker up
        first, second = [], []
        for path in paths[:documents]:
            for samples in (first, second):
                start = time.perf_counter()
                response = get(http, url.rstrip("/") + path)
                samples.append(time.perf_counter() - start)
                if not response.content.startswith(b"%PDF"):
                    raise RuntimeError(f"{path}: not a PDF")
        report.timing(SECTION, f"{kind} PDF, first download", Timing(tuple(first)),
                      bytes=len(response.content))
        report.timing(SECTION, f"{kind} PDF, second download", Timing(tuple(second)))


def throughput(clients: list[Callable[[], object]], *, seconds: float) -> tuple:
    """(calls per second, Timing) of each client called in a loop by its own thread,
    all at once, for ``seconds``."""
    samples: list[float] = []
    lock = threading.Lock()
    start_line = threading.Barrier(len(clients) + 1)
    stop_at = [0.0]

    def loop(client):
        mine = []
        start_line.wait()
        while time.perf_counter() < stop_at[0]:
            begin = time.perf_counter()
            client()
            mine.append(time.perf_counter() - begin)
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=loop, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    begin = time.perf_counter()
    stop_at[0] = begin + seconds
    start_line.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - begin
    return len(samples) / elapsed, Timing(tuple(samples))
