"""Several invoice PDFs as one ZIP file."""

import datetime as dt
import io
import zipfile
from collections.abc import Iterable


def zip_filename(today: dt.date) -> str:
    return f"invoices-{today.isoformat()}.zip"


def pdf_zip(pdfs: Iterable[tuple[bytes, str]]) -> bytes:
    """A ZIP holding each (content, file name) of ``pdfs`` under its name. PDFs are
    compressed already: stored as they are, the ZIP is built at once."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for content, filename in pdfs:
            archive.writestr(filename, content)
    return buffer.getvalue()
