# This file is part of the customer portal project. See LICENSE at the
# top level of the repository for the full license terms.

from trytond.modules.company.tests import CompanyTestMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction


class HtmlReportTestCase(CompanyTestMixin, ModuleTestCase):
    "Test HTML Report module"
    module = 'html_report'

    @with_transaction()
    def test_sale_and_invoice_actions_use_html_to_pdf(self):
        "The sale and invoice print actions render HTML to PDF"
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        ActionReport = pool.get('ir.action.report')
        for xml_id, template in [
                ('sale.report_sale', 'html_report/sale.html'),
                ('account_invoice.report_invoice',
                    'html_report/invoice.html'),
                ]:
            module, fs_id = xml_id.split('.')
            action = ActionReport(ModelData.get_id(module, fs_id))
            self.assertEqual(action.template_extension, 'html')
            self.assertEqual(action.extension, 'pdf')
            self.assertEqual(action.report, template)
            self.assertIn(b'html_report/layout.html', action.report_content)

    @with_transaction()
    def test_every_label_has_a_message(self):
        "Each label the templates print exists in message.xml"
        import re

        from trytond.tools import file_open
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        names = set()
        for filename in ['layout.html', 'sale.html', 'invoice.html']:
            with file_open('html_report/' + filename) as fp:
                names |= set(re.findall(r"label\('(\w+)'", fp.read()))
        self.assertTrue(names)
        for name in names:
            self.assertTrue(
                ModelData.get_id('html_report', 'msg_label_' + name), name)


del ModuleTestCase
