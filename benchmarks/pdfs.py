"""The PDFs of module html_report, first and second download, as Tryton's report calls.

These are Tryton's own report calls (``report.<name>.execute``) as the portal's service
user with the customer's context. Tryton keeps a posted invoice's first rendering
(``invoice_report_cache``). The portal has no sale PDF download yet (issue 10); the
invoice PDF as a customer downloads it, kept by the portal after the first download, is
measured with the pages (pages.measure_invoice_pdfs).
"""

from __future__ import annotations

import time

from .report import Report, Timing
from .tryton_rpc import RawTryton

SECTION = "PDFs (Tryton report call)"
REPORTS = {
    "sale.sale": ("sale", [["state", "in", ["quotation", "confirmed", "processing", "done"]]]),
    "account.invoice": ("invoice", [["state", "=", "posted"]]),
}


def measure_pdfs(report: Report, raw: RawTryton, party_id: int, context: dict, *,
                 documents: int) -> None:
    for model, (label, domain) in REPORTS.items():
        ids = raw.execute(model, "search", [["party", "=", party_id], *domain], 0,
                          documents + 2, [["id", "DESC"]], context=context)
        # Two documents warm both trytond workers up (WeasyPrint's first run is slow).
        for record_id in ids[documents:]:
            raw.report(model, record_id, context=context)
        first, second = [], []
        for record_id in ids[:documents]:
            for samples in (first, second):
                pdf, took = _timed_report(raw, model, record_id, context)
                if not pdf.startswith(b"%PDF"):
                    raise RuntimeError(f"{model} {record_id}: not a PDF")
                samples.append(took)
        first_timing, second_timing = Timing(tuple(first)), Timing(tuple(second))
        report.timing(SECTION, f"{label} PDF, first download", first_timing,
                      bytes=len(pdf))
        report.timing(SECTION, f"{label} PDF, second download", second_timing,
                      target="p50 <= 0.05 x first p50",
                      met=second_timing.p50 <= 0.05 * first_timing.p50,
                      ratio=round(second_timing.p50 / first_timing.p50, 3))


def _timed_report(raw, model, record_id, context) -> tuple[bytes, float]:
    start = time.perf_counter()
    pdf = raw.report(model, record_id, context=context)
    return pdf, time.perf_counter() - start
