# This file is part of the customer portal project. See LICENSE at the
# top level of the repository for the full license terms.
from trytond.model import fields
from trytond.pool import PoolMeta


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'
    # The bank module is not part of the stack, so the payment details
    # printed on documents are a text the back office keeps up to date.
    report_bank_details = fields.Text(
        "Bank Details",
        help="Printed on quotations, orders and invoices "
        "(e.g. account holder, IBAN and BIC).")
