# This file is part of the customer portal project. See LICENSE at the
# top level of the repository for the full license terms.
from trytond.model import fields
from trytond.pool import PoolMeta

# The identifiers French law asks on documents are the company party's own
# party.identifier records (types of the party module); only what Tryton has
# no record for is a company field here.
SIREN_TYPES = ('fr_siren',)
SIRET_TYPES = ('fr_siret',)


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'
    # The bank module is not part of the stack, so the payment details
    # printed on documents are a text the back office keeps up to date.
    report_bank_details = fields.Text(
        "Bank Details",
        help="Printed on quotations, orders and invoices "
        "(e.g. account holder, IBAN and BIC).")
    report_legal_form = fields.Char(
        "Legal Form",
        help="Printed in the legal mentions of documents (e.g. SAS, SARL).")
    report_share_capital = fields.Char(
        "Share Capital",
        help="Printed after the legal form (e.g. 10 000 €).")
    report_late_payment_penalty = fields.Char(
        "Late-Payment Penalty Rate", translate=True,
        help="Printed on invoices, in the customer's language "
        "(e.g. three times the French legal interest rate).")
    report_recovery_indemnity = fields.Char(
        "Recovery Indemnity",
        help="The fixed indemnity for recovery costs printed on invoices "
        "(40 € in France).")

    def _report_identifier(self, types):
        for identifier in self.party.identifiers:
            if identifier.type in types:
                return identifier.code

    @property
    def report_siren(self):
        return self._report_identifier(SIREN_TYPES)

    @property
    def report_siret(self):
        return self._report_identifier(SIRET_TYPES)

    @property
    def report_vat_number(self):
        identifier = self.party.tax_identifier
        return identifier.code if identifier else None
