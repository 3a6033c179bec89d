"""trytond's WSGI app with sale.sale read as upstream reads it, for a comparison run
(``python -m benchmarks.run --upstream-sales``): a quotation's amounts are computed from
its lines again instead of read from the amounts the portal module stores. The run also
drops the (party, sale_date, id) index from its copy of the database. Together they
undo tryton_modules/portal/sale.py's speed-ups and nothing else.

    gunicorn benchmarks.upstream_sales:app   (TRYTOND_DATABASE_NAMES set)
"""

import csv
import os
from io import StringIO

from trytond.application import app
from trytond.pool import Pool

UPSTREAM_STATES_CACHED = ["confirmed", "processing", "done", "cancelled"]

for name in next(csv.reader(StringIO(os.environ["TRYTOND_DATABASE_NAMES"]))):
    Pool(name).get("sale.sale")._states_cached = list(UPSTREAM_STATES_CACHED)

__all__ = ["app"]

