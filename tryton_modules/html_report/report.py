# This file is part of the customer portal project. See LICENSE at the
# top level of the repository for the full license terms.
import base64
import os
from decimal import Decimal
from io import BytesIO

from genshi.core import Markup
from genshi.template import MarkupTemplate, TemplateLoader
from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta
from trytond.tools import file_open

HTML_EXTENSIONS = {'html', 'xhtml'}


def _load_module_file(filename):
    "Genshi loader: 'module/file.html' resolved like trytond's report paths"
    path = filename.replace('/', os.sep)
    with file_open(path, mode='rb') as fp:
        content = fp.read()
    return filename, filename, BytesIO(content), lambda: True


_loader = TemplateLoader([_load_module_file], auto_reload=False)


def report_css():
    "The shared stylesheet, inlined because trytond's WeasyPrint fetches no files"
    with file_open(os.path.join('html_report', 'report.css'), mode='r') as fp:
        return Markup(fp.read())


def logo_data_uri(company, width=5, height=2):
    "The company logo as a data URI sized in cm, or None without logo"
    if not company or not company.logo:
        return None
    image, mimetype, _, _ = company.get_logo_cm(width, height)
    return f"data:{mimetype};base64,{base64.b64encode(image).decode('ascii')}"


def label(name, **variables):
    "A report label from message.xml in the current (party's) language"
    return gettext(f'html_report.msg_label_{name}', **variables)


def price_digits(price, currency):
    """The decimals to print a unit price with: the currency's, unless the
    price really has more (a price list may give 0.1234)."""
    digits = currency.digits if currency else 2
    if price is None or price == round(price, digits):
        return digits
    return max(digits, -price.normalize().as_tuple().exponent)


def tax_lines(record):
    """The taxes of a sale or an invoice as (description, base, amount).

    Invoices store their tax lines; sales compute them on the fly.
    """
    pool = Pool()
    Tax = pool.get('account.tax')
    if hasattr(record, 'taxes') and record.__name__ == 'account.invoice':
        return [(t.description, t.base, t.amount) for t in record.taxes]
    result = []
    for line in record._get_taxes().values():
        tax = line.tax if not isinstance(line.tax, int) else Tax(line.tax)
        result.append((tax.description, line.base, line.amount))
    return result


class HTMLReportMixin:
    """Render HTML templates with a loader so they can include the shared
    layout (``<xi:include href="html_report/layout.html"/>``) and give them
    the shared helpers; any report (e.g. the pickup slip) may reuse it."""
    __slots__ = ()

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['report_css'] = report_css
        context['label'] = label
        context['logo_data_uri'] = logo_data_uri
        context['tax_lines'] = tax_lines
        context['price_digits'] = price_digits
        context['Decimal'] = Decimal
        return context

    @classmethod
    def render(cls, report, report_context):
        if report.template_extension not in HTML_EXTENSIONS:
            return super().render(report, report_context)
        template = report.get_template_cached()
        if template is None:
            template = MarkupTemplate(
                BytesIO(report.report_content), loader=_loader)
            report.set_template_cached(template)
        translate = cls._callback_loader(report, template)
        if translate:
            report_context = report_context.copy()
            report_context['gettext'] = translate.gettext
            report_context['ngettext'] = translate.ngettext
        return template.generate(**report_context).render(
            'xhtml', doctype='html5')

    @classmethod
    def convert(cls, report, data, timeout=5 * 60, retry=5):
        # trytond's own conversion only fetches http(s) resources, which
        # drops the company logo inlined as a data: URI; local files stay
        # forbidden.
        if (report.template_extension in HTML_EXTENSIONS
                and report.extension == 'pdf'):
            import weasyprint
            return 'pdf', weasyprint.HTML(
                string=data,
                url_fetcher=weasyprint.URLFetcher(
                    allowed_protocols={'http', 'https', 'data'}),
                ).write_pdf()
        return super().convert(report, data, timeout=timeout, retry=retry)


class SaleReport(HTMLReportMixin, metaclass=PoolMeta):
    __name__ = 'sale.sale'


class InvoiceReport(HTMLReportMixin, metaclass=PoolMeta):
    __name__ = 'account.invoice'


def delivery_orders(shipment):
    "The numbers of the sales a customer shipment delivers, in order"
    numbers = []
    for move in shipment.outgoing_moves:
        sale = getattr(move, 'sale', None)
        if sale and sale.number and sale.number not in numbers:
            numbers.append(sale.number)
    return numbers


def move_lot(move):
    """(lot number, best-before date) of a move: ('', None) without a lot, or
    without the stock_lot / stock_lot_sled modules."""
    lot = getattr(move, 'lot', None)
    if not lot:
        return '', None
    return lot.number, getattr(lot, 'shelf_life_expiration_date', None)


class DeliveryNoteReport(HTMLReportMixin, metaclass=PoolMeta):
    __name__ = 'stock.shipment.out.delivery_note'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['delivery_orders'] = delivery_orders
        context['move_lot'] = move_lot
        return context
