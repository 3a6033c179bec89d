"""Quick order: lines "product code, quantity" pasted or uploaded as CSV, read line by line.

Parsing knows nothing of the catalog: it says which lines are readable. Matching the codes
with the products the customer may order is done against Tryton's catalog (selectors).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from erp.catalog import MAX_ORDER_LINES

from .cart import parse_quantity

# Generous for a list of codes, small enough to read in a request.
MAX_TEXT = 20_000
MAX_FILE_BYTES = 100_000
MAX_CODE = 50
# The first line of a spreadsheet export, when it names its columns.
HEADER_WORDS = {"code", "product", "produit", "sku", "reference", "référence", "article"}
# "KB-ORI-33, 24", "KB-ORI-33;24", "KB-ORI-33<tab>24", "KB-ORI-33 24", quotes allowed.
LINE = re.compile(r'^"?(?P<code>[^\s,;"]+)"?\s*(?:[,;\t]\s*|\s+)"?(?P<quantity>[^"]*?)"?\s*[,;]*$')

# Why a line cannot be read (the views word them for the customer).
NO_QUANTITY = "no_quantity"
BAD_QUANTITY = "bad_quantity"
UNKNOWN_CODE = "unknown_code"
TOO_MANY = "too_many"


@dataclass(frozen=True)
class ParsedLine:
    number: int
    text: str
    code: str = ""
    quantity: Decimal | None = None
    error: str = ""
    quantity_text: str = ""


def parse_lines(text: str) -> list[ParsedLine]:
    """Each non-blank line of ``text`` read as a code and a quantity, or with the error
    that stops it. A first line naming its columns ("code;quantité") is skipped, and so
    are comments (#). Quantities are checked against the unit when matched."""
    parsed: list[ParsedLine] = []
    for number, raw in enumerate(text[:MAX_TEXT].splitlines(), 1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        match = LINE.match(line)
        if not match:
            code = line.strip('"').split(",")[0].split(";")[0].strip()
            if not parsed and code.lower() in HEADER_WORDS:
                continue
            parsed.append(ParsedLine(number=number, text=line[:200], code=code[:MAX_CODE],
                                     error=NO_QUANTITY))
            continue
        code, quantity_text = match["code"][:MAX_CODE], match["quantity"].strip()
        if not parsed and code.lower() in HEADER_WORDS:
            continue
        quantity = parse_quantity(quantity_text)
        parsed.append(ParsedLine(
            number=number, text=line[:200], code=code.upper(), quantity=quantity,
            quantity_text=quantity_text[:20],
            error="" if quantity is not None else (BAD_QUANTITY if quantity_text else NO_QUANTITY),
        ))
    readable = 0
    for index, line in enumerate(parsed):
        if line.error:
            continue
        readable += 1
        if readable > MAX_ORDER_LINES:
            parsed[index] = ParsedLine(number=line.number, text=line.text, code=line.code,
                                       error=TOO_MANY)
    return parsed


def decode_upload(content: bytes) -> str | None:
    """The text of an uploaded CSV file (UTF-8, else Latin-1 as spreadsheets save it);
    None when it is not text."""
    if b"\x00" in content:
        return None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("latin-1")
