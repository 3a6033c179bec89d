# This file is part of the customer portal project.
import datetime as dt
import io
import smtplib
from decimal import Decimal
from unittest.mock import patch

from pypdf import PdfReader
from trytond.model.exceptions import AccessError
from trytond.model.modelsql import SQLConstraintError
from trytond.model.modelview import AccessButtonError
from trytond.modules.company.tests import CompanyTestMixin, create_company, set_company
from trytond.modules.pickup.exceptions import (
    PickupCancelError,
    PickupPartyError,
    PickupPortalRequestError,
    PickupRequestError,
    PickupWindowError,
)
from trytond.modules.portal import mail as portal_mail
from trytond.modules.portal.exceptions import (
    PortalArgumentError,
    PortalNotFoundError,
    PortalServiceAccessError,
)
from trytond.modules.portal.tests import (
    administrator,
    as_portal,
    as_user,
    create_party,
    create_user,
    customer_session,
    service_user,
)
from trytond.modules.portal.tests.fixtures import run_queued_tasks
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction


class PickupFixturesMixin:
    "Company, customer, carrier and product shared by the test cases"

    def _setup(self):
        pool = Pool()
        Party = pool.get('party.party')
        Template = pool.get('product.template')
        Uom = pool.get('product.uom')

        company = create_company()
        customer, = Party.create([{
                    'name': "Ferment Station",
                    'addresses': [('create', [
                                {'street': "1 rue des Cuves", 'city': "Lyon"},
                                {'street': "2 quai du Stock", 'city': "Lyon"},
                                ])],
                    }])
        unit, = Uom.search([('name', '=', 'Unit')])
        carrier = self._carrier("Sofripa", 'ramasse@sofripa.example.com')
        template, = Template.create([{
                    'name': "Kombucha 33cl",
                    'type': 'goods',
                    'default_uom': unit.id,
                    'salable': True,
                    'sale_uom': unit.id,
                    'products': [('create', [{}])],
                    }])
        product, = template.products
        return company, customer, carrier, product, unit

    def _carrier(self, name, pickup_email=None):
        "Create a carrier whose slips go to pickup_email"
        pool = Pool()
        Carrier = pool.get('carrier')
        Party = pool.get('party.party')
        Template = pool.get('product.template')
        Uom = pool.get('product.uom')
        unit, = Uom.search([('name', '=', 'Unit')])
        party, = Party.create([{
                    'name': name,
                    'addresses': [('create', [{'city': "Rungis"}])],
                    'contact_mechanisms': [('create', [{
                                    'type': 'email',
                                    'value': f'accounts@{name.lower()}.example.com',
                                    }] + ([{
                                        'type': 'email',
                                        'value': pickup_email,
                                        }] if pickup_email else []))],
                    }])
        template, = Template.create([{
                    'name': f"Pickup by {name}",
                    'type': 'service',
                    'default_uom': unit.id,
                    'products': [('create', [{}])],
                    }])
        contact = party.contact_mechanisms[-1] if pickup_email else None
        carrier, = Carrier.create([{
                    'party': party.id,
                    'carrier_product': template.products[0].id,
                    'pickup_contact': contact.id if contact else None,
                    }])
        return carrier

    def _request(self, customer, carrier, product, unit, **values):
        pool = Pool()
        Request = pool.get('pickup.request')
        values = {
            'time_from': dt.time(8, 0),
            'time_to': dt.time(12, 0),
            **values,
            }
        request = Request(
            party=customer,
            pickup_address=customer.addresses[0],
            pickup_date=dt.date(2025, 6, 2),
            carrier=carrier,
            comment="Dock 3",
            lines=[{
                    'product': product,
                    'quantity': 240,
                    'unit': unit,
                    'packages': 10,
                    'weight': 180,
                    }],
            **values)
        request.save()
        return request


class PickupTestCase(PickupFixturesMixin, CompanyTestMixin, ModuleTestCase):
    "Test Pickup module"
    module = 'pickup'

    def _user(self, company, *group_xml_ids):
        return create_user(
            'clerk-' + '-'.join(group_xml_ids),
            [f'pickup.{g}' for g in group_xml_ids], company)

    @with_transaction()
    def test_workflow(self):
        "Request, confirm and finish a pickup"
        pool = Pool()
        Request = pool.get('pickup.request')
        company, customer, carrier, product, unit = self._setup()
        with set_company(company):
            request = self._request(customer, carrier, product, unit)
            self.assertEqual(request.state, 'draft')
            self.assertIsNone(request.reference)

            with patch.object(portal_mail, 'send_message'):
                Request.request([request])
            self.assertEqual(request.state, 'requested')
            self.assertTrue(request.reference.startswith('PU'))
            self.assertEqual(request.email_state, 'pending')

            Request.confirm([request])
            self.assertEqual(request.state, 'confirmed')
            Request.do([request])
            self.assertEqual(request.state, 'done')

    @with_transaction()
    def test_history_records_when_each_state_was_reached(self):
        "Each state after draft records its time; draft and copies start afresh"
        pool = Pool()
        Request = pool.get('pickup.request')
        company, customer, carrier, product, unit = self._setup()
        with set_company(company):
            request = self._request(customer, carrier, product, unit)
            start = dt.datetime.now().replace(microsecond=0)  # stored to the second
            with patch.object(portal_mail, 'send_message'):
                Request.request([request])
            Request.confirm([request])
            Request.do([request])
            request = Request(request.id)

            self.assertLessEqual(start, request.requested_at)
            self.assertLessEqual(request.requested_at, request.confirmed_at)
            self.assertLessEqual(request.confirmed_at, request.done_at)
            self.assertIsNone(request.cancelled_at)
            copy, = Request.copy([request])
            self.assertEqual(
                [copy.requested_at, copy.confirmed_at, copy.done_at], [None] * 3)

            other = self._request(customer, carrier, product, unit)
            with patch.object(portal_mail, 'send_message'):
                Request.request([other])
            Request.cancel([other])
            other = Request(other.id)
            self.assertIsNotNone(other.cancelled_at)
            self.assertIsNone(other.confirmed_at)
            Request.draft([other])
            other = Request(other.id)
            self.assertEqual([other.requested_at, other.cancelled_at], [None, None])

    @with_transaction()
    def test_totals_in_kg(self):
        "Totals add packages and convert weights to kilograms"
        pool = Pool()
        Uom = pool.get('product.uom')
        Line = pool.get('pickup.request.line')
        company, customer, carrier, product, unit = self._setup()
        gram, = Uom.search([('name', '=', 'Gram')])
        with set_company(company):
            request = self._request(customer, carrier, product, unit)
            Line.create([{
                        'request': request.id,
                        'product': product.id,
                        'quantity': 1,
                        'unit': unit.id,
                        'packages': 2,
                        'weight': 500,
                        'weight_unit': gram.id,
                        }])
            request = request.__class__(request.id)
            self.assertEqual(request.total_packages, 12)
            self.assertEqual(request.total_weight, 180.5)

    @with_transaction()
    def test_request_without_lines(self):
        "A request without lines cannot be requested"
        pool = Pool()
        Request = pool.get('pickup.request')
        company, customer, carrier, product, unit = self._setup()
        with set_company(company):
            request = self._request(customer, carrier, product, unit)
            request.lines = []
            request.save()
            with self.assertRaises(PickupRequestError):
                Request.request([request])

    @with_transaction()
    def test_window_validation(self):
        "The pickup window must end after it starts"
        company, customer, carrier, product, unit = self._setup()
        with set_company(company):
            with self.assertRaises(PickupWindowError):
                self._request(
                    customer, carrier, product, unit,
                    time_from=dt.time(14, 0), time_to=dt.time(13, 0))
            request = self._request(customer, carrier, product, unit)
            request.time_to = dt.time(8, 0)
            with self.assertRaises(PickupWindowError):
                request.save()

    @with_transaction()
    def test_address_of_party(self):
        "The pickup address must belong to the customer"
        company, customer, carrier, product, unit = self._setup()
        with set_company(company):
            request = self._request(customer, carrier, product, unit)
            request.pickup_address = carrier.party.addresses[0]
            with self.assertRaises(PickupPartyError):
                request.save()

    @with_transaction()
    def test_sale_of_party(self):
        "The sale and the lines' sale lines must be the customer's"
        pool = Pool()
        Sale = pool.get('sale.sale')
        Request = pool.get('pickup.request')
        Line = pool.get('pickup.request.line')
        company, customer, carrier, product, unit = self._setup()
        with set_company(company):
            sale, other_sale = Sale.create([{
                        'party': party.id,
                        'lines': [('create', [{
                                        'product': product.id,
                                        'quantity': 1,
                                        'unit': unit.id,
                                        'unit_price': Decimal('1'),
                                        }])],
                        } for party in [customer, carrier.party]])
            request = self._request(customer, carrier, product, unit, sale=sale)
            request.sale = other_sale
            with self.assertRaises(PickupPartyError):
                request.save()

            # Each refusal on its own request: a refused write is not rolled
            # back within the test's transaction.
            line, = self._request(customer, carrier, product, unit).lines
            Line.write([line], {'sale_line': sale.lines[0].id})
            with self.assertRaises(PickupPartyError):
                Line.write([line], {'sale_line': other_sale.lines[0].id})

            # A change of customer must not keep the old one's sale lines
            line, = self._request(customer, carrier, product, unit).lines
            Line.write([line], {'sale_line': sale.lines[0].id})
            with self.assertRaises(PickupPartyError):
                Request.write([line.request], {
                        'party': carrier.party.id,
                        'pickup_address': carrier.party.addresses[0].id,
                        })

    @with_transaction()
    def test_done_pickup_is_the_lines_picked_up_step(self):
        "A done pickup of the sale is its line's picked-up step, on its day"
        pool = Pool()
        Sale = pool.get('sale.sale')
        Request = pool.get('pickup.request')
        company, customer, carrier, product, unit = self._setup()
        with set_company(company):
            sale, = Sale.create([{
                        'party': customer.id,
                        'lines': [('create', [{
                                        'product': product.id,
                                        'quantity': 240,
                                        'unit': unit.id,
                                        'unit_price': Decimal('1'),
                                        }])],
                        }])
            request = self._request(customer, carrier, product, unit, sale=sale)

            def steps():
                timeline, = Sale(sale.id)._portal_line_timelines(False)
                return {s['step']: s for s in timeline['steps']}

            self.assertEqual(list(steps()), ['ordered', 'ready', 'shipped'])
            with patch.object(portal_mail, 'send_message'):
                Request.request([request])
            Request.confirm([request])
            self.assertFalse(steps()['shipped']['reached'])

            Request.do([request])
            request = Request(request.id)
            picked_up = steps()['picked_up']
            self.assertTrue(picked_up['reached'])
            self.assertEqual(picked_up['date'], request.done_at.date())
            self.assertEqual(
                picked_up['details'],
                [{'number': request.reference, 'date': request.done_at.date()}])

    @with_transaction()
    def test_fill_from_sale(self):
        "Fill lines from the goods lines of the linked sale"
        pool = Pool()
        Sale = pool.get('sale.sale')
        Request = pool.get('pickup.request')
        company, customer, carrier, product, unit = self._setup()
        with set_company(company):
            sale, = Sale.create([{
                        'party': customer.id,
                        'lines': [('create', [{
                                        'product': product.id,
                                        'quantity': 48,
                                        'unit': unit.id,
                                        'unit_price': Decimal('2.10'),
                                        }, {
                                        'type': 'comment',
                                        'description': "Fragile",
                                        }])],
                        }])
            request = self._request(
                customer, carrier, product, unit, sale=sale)
            request.lines = []
            request.save()

            Request.fill_from_sale([request])
            Request.fill_from_sale([request])

            line, = request.lines
            self.assertEqual(line.product, product)
            self.assertEqual(line.quantity, 48)
            self.assertEqual(line.unit, unit)
            self.assertEqual(line.sale_line, sale.lines[0])

    @with_transaction()
    def test_confirm_requires_administration(self):
        "A user only in Pickups can request but not confirm"
        pool = Pool()
        Request = pool.get('pickup.request')
        company, customer, carrier, product, unit = self._setup()
        with set_company(company):
            clerk = self._user(company, 'group_pickup')
            request = self._request(customer, carrier, product, unit)
            with as_user(clerk), \
                    patch.object(portal_mail, 'send_message'):
                request, = Request.browse([request.id])
                Request.request([request])
                with self.assertRaises(AccessButtonError):
                    Request.confirm([request])
            self.assertEqual(request.state, 'requested')

    @with_transaction()
    def test_cancel_confirmed_requires_administration(self):
        "Only the administration cancels a confirmed pickup"
        pool = Pool()
        Request = pool.get('pickup.request')
        company, customer, carrier, product, unit = self._setup()
        with set_company(company):
            clerk = self._user(company, 'group_pickup')
            manager = self._user(company, 'group_pickup_admin')
            request = self._request(customer, carrier, product, unit)
            with patch.object(portal_mail, 'send_message'):
                Request.request([request])
            Request.confirm([request])

            with as_user(clerk):
                with self.assertRaises(AccessButtonError):
                    Request.cancel(Request.browse([request.id]))
            with as_user(manager):
                Request.cancel(Request.browse([request.id]))
            request = Request(request.id)
            self.assertEqual(request.state, 'cancelled')

    @with_transaction()
    def test_slip_emailed_on_request(self):
        "Requesting queues an e-mail of the slip PDF to the carrier"
        pool = Pool()
        Request = pool.get('pickup.request')
        Configuration = pool.get('pickup.configuration')
        Email = pool.get('ir.email')
        Attachment = pool.get('ir.attachment')
        company, customer, carrier, product, unit = self._setup()
        Configuration.write([Configuration(1)], {
                'email_reply_to': 'logistics@ferment.example.com',
                'email_signature': "Ferment Station logistics",
                })
        with set_company(company):
            request = self._request(customer, carrier, product, unit)
            with patch.object(portal_mail, 'send_message') as send:
                Request.request([request])
                send.assert_not_called()
                self.assertEqual(run_queued_tasks(), ['send_slip'])
                send.assert_called_once()

            msg = send.call_args.args[0]
            self.assertIn('ramasse@sofripa.example.com', msg['To'])
            self.assertEqual(msg['Reply-To'], 'logistics@ferment.example.com')
            self.assertIn(request.reference, msg['Subject'])
            body = msg.get_body(('plain',)).get_content()
            self.assertIn("Ferment Station logistics", body)
            pdf, = [p for p in msg.iter_attachments()
                if p.get_content_type() == 'application/pdf']
            text = ''.join(
                page.extract_text() for page in PdfReader(
                    io.BytesIO(pdf.get_content())).pages)
            self.assertIn(request.reference, text)
            self.assertIn("Kombucha 33cl", text)
            self.assertIn("Dock 3", text)

            request = Request(request.id)
            self.assertEqual(request.email_state, 'sent')
            self.assertIsNotNone(request.email_sent_at)
            email, = Email.search([('resource', '=', str(request))])
            self.assertEqual(request.emails, (email,))
            attachment, = Attachment.search([('resource', '=', str(email))])
            self.assertTrue(attachment.name.endswith('.pdf'))

    @with_transaction()
    def test_slip_in_carrier_language(self):
        "The slip and its e-mail speak the carrier's language"
        pool = Pool()
        Request = pool.get('pickup.request')
        Lang = pool.get('ir.lang')
        Party = pool.get('party.party')
        company, customer, carrier, product, unit = self._setup()
        french, = Lang.search([('code', '=', 'fr')])
        Lang.load_translations([french])
        Party.write([carrier.party], {'lang': french.id})
        with set_company(company):
            request = self._request(customer, carrier, product, unit)
            with patch.object(portal_mail, 'send_message') as send:
                Request.request([request])
                run_queued_tasks()

        msg = send.call_args.args[0]
        self.assertEqual(
            msg['Subject'], f"Demande de ramasse {request.reference}")
        self.assertIn("Veuillez trouver ci-joint", msg.get_body(
                ('plain',)).get_content())
        pdf, = msg.iter_attachments()
        text = PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text()
        self.assertIn("Bon d'enlèvement", text)
        self.assertIn("Nom, date et signature", text)

    @with_transaction()
    def test_slip_email_failure_recorded(self):
        "An SMTP failure is recorded and the slip can be resent"
        pool = Pool()
        Request = pool.get('pickup.request')
        company, customer, carrier, product, unit = self._setup()
        with set_company(company):
            request = self._request(customer, carrier, product, unit)
            with patch.object(portal_mail, 'send_message') as send:
                send.side_effect = smtplib.SMTPRecipientsRefused({
                        'ramasse@sofripa.example.com': (
                            550, b'5.1.1 <ramasse@sofripa.example.com>: '
                            b'Recipient address rejected')})
                Request.request([request])
                run_queued_tasks()
            request = Request(request.id)
            self.assertEqual(request.state, 'requested')
            self.assertEqual(request.email_state, 'failed')
            self.assertEqual(
                request.email_error,
                "The recipient's mail server refused the e-mail.")
            self.assertEqual(request.emails, ())
            self.assertEqual(
                Request.search([('email_state', '=', 'failed')]), [request])

            with patch.object(portal_mail, 'send_message') as send:
                Request.resend_slip([request])
                self.assertEqual(request.email_state, 'pending')
                run_queued_tasks()
                send.assert_called_once()
            request = Request(request.id)
            self.assertEqual(request.email_state, 'sent')
            self.assertIsNone(request.email_error)

    @with_transaction()
    def test_slip_email_carrier_without_email(self):
        "A carrier without e-mail address makes the sending fail visibly"
        pool = Pool()
        Request = pool.get('pickup.request')
        company, customer, carrier, product, unit = self._setup()
        warehouse = self._carrier("Warehouse")
        with set_company(company):
            request = self._request(customer, warehouse, product, unit)
            with patch.object(portal_mail, 'send_message') as send:
                Request.request([request])
                run_queued_tasks()
                send.assert_not_called()
            request = Request(request.id)
            self.assertEqual(request.email_state, 'failed')
            self.assertEqual(
                request.email_error, "The carrier has no pickup contact.")

    # Portal: integrators and the service user

    def setup_portal(self):
        "Give customers A and B a pickup each; make an integrator of A"
        company, customer_a, carrier, product, unit = self._setup()
        customer_b = create_party("Brasserie B", addresses=[('create', [{
                            'street': "7 impasse du Houblon",
                            'city': "Nantes",
                            }])])
        self.company, self.carrier = company, carrier
        self.product, self.unit = product, unit
        self.customers = {'A': customer_a, 'B': customer_b}
        with set_company(company):
            self.requests = {
                n: self._request(c, carrier, product, unit)
                for n, c in self.customers.items()}
        self.integrator = create_user(
            'integrator', ['portal.group_portal_integrator'], company,
            portal_parties=[('add', [customer_a.id])])
        self.service = service_user(company)
        self.session = customer_session(customer_a)

    def _values(self, name):
        "Return the create values of a pickup for customer name"
        customer = self.customers[name]
        return {
            'party': customer.id,
            'pickup_address': customer.addresses[0].id,
            'pickup_date': dt.date(2025, 6, 3),
            'time_from': dt.time(9, 0),
            'time_to': dt.time(11, 0),
            'carrier': self.carrier.id,
            'lines': [('create', [{
                            'product': self.product.id,
                            'quantity': 12,
                            'unit': self.unit.id,
                            }])],
            }

    def assert_sees(self, names):
        "Assert the current user reads the pickups (and lines) of names only"
        pool = Pool()
        Request = pool.get('pickup.request')
        Line = pool.get('pickup.request.line')
        requests = [self.requests[n] for n in sorted(self.requests)]
        self.assertEqual(
            set(Request.search([('id', 'in', [r.id for r in requests])])),
            {self.requests[n] for n in names})
        self.assertEqual(
            set(Line.search([('request', 'in', [r.id for r in requests])])),
            {line for n in names for line in self.requests[n].lines})
        for name in names:
            Request.read([self.requests[name].id], ['reference', 'lines'])
        for name in set(self.requests) - set(names):
            with self.assertRaises(AccessError):
                Request.read([self.requests[name].id], ['reference'])
            with self.assertRaises(AccessError):
                Line.read([self.requests[name].lines[0].id], ['product'])

    @with_transaction()
    def test_integrator_can_name_only_a_carrier_as_carrier(self):
        "The carrier is one of the carriers, never any party"
        pool = Pool()
        Request = pool.get('pickup.request')
        Carrier = pool.get('carrier')
        self.setup_portal()
        values = self._values('A')
        with as_user(self.integrator):
            self.assertEqual(Carrier.search([]), [self.carrier])
            Carrier.read([self.carrier.id], ['rec_name'])
            # The id of a party, customer B here, names no carrier.
            values['carrier'] = max(
                self.customers['B'].id, self.carrier.id + 1)
            with self.assertRaises(Exception) as refused:
                Request.create([values])
        self.assertNotIn("Brasserie B", str(refused.exception))

    @with_transaction()
    def test_slip_goes_only_to_the_carriers_pickup_contact(self):
        "The slip is sent to the pickup contact, not the carrier's other mail"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal()
        with as_user(self.integrator):
            request, = Request.create([self._values('A')])
            with patch.object(portal_mail, 'send_message') as send:
                Request.request([request])
                run_queued_tasks()
        msg = send.call_args.args[0]
        self.assertEqual(msg['To'].addresses[0].addr_spec,
            'ramasse@sofripa.example.com')
        self.assertNotIn('accounts@', str(msg['To']))

    @with_transaction()
    def test_integrator_reads_no_smtp_refusal_text(self):
        "A refusal quoting addresses reaches the log, not the request"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal()
        refusal = smtplib.SMTPRecipientsRefused({
                'ramasse@sofripa.example.com': (
                    550, b'<boss@sofripa.example.com> mailbox full')})
        with as_user(self.integrator):
            request, = Request.create([self._values('A')])
            with patch.object(portal_mail, 'send_message',
                    side_effect=refusal), \
                    self.assertLogs('trytond.modules.portal.mail') as logs:
                Request.request([request])
                run_queued_tasks()
            error, = Request.read([request.id], ['email_error'])
        self.assertEqual(error['email_error'],
            "The recipient's mail server refused the e-mail.")
        self.assertIn('boss@sofripa', '\n'.join(logs.output))

    @with_transaction()
    def test_integrator_cannot_read_another_customers_slip_by_id(self):
        "The slip PDF e-mailed for B is no attachment A's integrator reads"
        pool = Pool()
        Request = pool.get('pickup.request')
        Attachment = pool.get('ir.attachment')
        Email = pool.get('ir.email')
        self.setup_portal()
        with patch.object(portal_mail, 'send_message'):
            Request.request([self.requests['A'], self.requests['B']])
            run_queued_tasks()
        emails = {n: Email.search([('resource', '=', str(r))])[0]
            for n, r in self.requests.items()}
        slips = {n: Attachment.search([('resource', '=', str(e))])[0]
            for n, e in emails.items()}

        with as_user(self.integrator):
            Attachment.read([slips['A'].id], ['name', 'data'])
            for Model, record in [(Attachment, slips['B']),
                    (Email, emails['B'])]:
                with self.subTest(model=Model.__name__), \
                        self.assertRaises(AccessError):
                    Model.read([record.id], ['id'])
            with self.assertRaises(AccessError):
                Attachment.search([('resource', '=', str(emails['B']))])

    @with_transaction()
    def test_integrator_reads_own_parties_pickups(self):
        "An integrator of A reads A's pickups and nothing of B"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal()
        with as_user(self.integrator):
            self.assert_sees(['A'])
            self.assertEqual(Request.search(
                    [('party', '=', self.customers['B'].id)]), [])
            self.assertEqual(Request.search_count([]), 1)

    @with_transaction()
    def test_integrator_creates_pickups_for_own_parties_only(self):
        "An integrator files pickups for A, never for B"
        pool = Pool()
        Request = pool.get('pickup.request')
        Line = pool.get('pickup.request.line')
        self.setup_portal()
        with as_user(self.integrator):
            request, = Request.create([self._values('A')])
            self.assertEqual(request.party, self.customers['A'])
            self.assertEqual(request.company, self.company)
            self.assertEqual(len(request.lines), 1)

            with self.assertRaises(AccessError):
                Request.create([self._values('B')])
            with self.assertRaises(AccessError):
                Line.create([{
                            'request': self.requests['B'].id,
                            'product': self.product.id,
                            'quantity': 1,
                            'unit': self.unit.id,
                            }])
            # Read-only once filed: only the workflow changes it.
            with self.assertRaises(AccessError):
                Request.write([request], {'comment': "Changed"})

    def _sales(self):
        "Create a draft sale with one line for A and for B"
        pool = Pool()
        Sale = pool.get('sale.sale')
        with set_company(self.company):
            sales = Sale.create([{
                        'party': self.customers[n].id,
                        'lines': [('create', [{
                                        'product': self.product.id,
                                        'quantity': 5,
                                        'unit': self.unit.id,
                                        'unit_price': Decimal('3'),
                                        }])],
                        } for n in 'AB'])
        return dict(zip('AB', sales, strict=True))

    def assert_reveals_nothing_of_b(self, error):
        message = str(error)
        for text in ["Brasserie B", "Houblon", "Nantes"]:
            self.assertNotIn(text, message)

    @with_transaction()
    def test_integrator_cannot_use_another_partys_records(self):
        "An integrator refused B's address or sale learns nothing of them"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal()
        sales = self._sales()
        address_b = self.customers['B'].addresses[0]
        attempts = {
            'address': {'pickup_address': address_b.id},
            'sale': {'sale': sales['B'].id},
            }
        with as_user(self.integrator):
            for name, values in attempts.items():
                with self.subTest(name):
                    with self.assertRaises(PickupPartyError) as refused:
                        Request.create([{**self._values('A'), **values}])
                    self.assert_reveals_nothing_of_b(refused.exception)

            request, = Request.create([{
                        **self._values('A'), 'sale': sales['A'].id}])
            self.assertEqual(request.pickup_address, self.customers['A'].addresses[0])
            self.assertEqual(request.sale, sales['A'])

    @with_transaction()
    def test_integrator_requests_and_cancels_own_pickups(self):
        "An integrator requests and cancels A's pickups, not B's"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal()
        own, other = self.requests['A'], self.requests['B']
        with as_user(self.integrator):
            Request.request(Request.browse([own.id]))
            with self.assertRaises(AccessError):
                Request.request(Request.browse([other.id]))
            Request.portal_cancel(Request.browse([own.id]))
            with self.assertRaises(PortalNotFoundError):
                Request.portal_cancel(Request.browse([other.id]))
        self.assertEqual(
            [r.state for r in Request.browse([own.id, other.id])],
            ['cancelled', 'draft'])

    @with_transaction()
    def test_portal_rules_leave_other_users_alone(self):
        "Administrator and pickup staff see every pickup"
        self.setup_portal()
        users = [
            administrator(self.company),
            create_user('clerk', ['pickup.group_pickup'], self.company),
            create_user('manager', ['pickup.group_pickup_admin'], self.company),
            ]
        for user in users:
            with self.subTest(user=user.login), as_user(user):
                self.assert_sees(['A', 'B'])

    @with_transaction()
    def test_service_user_reads_the_pickups_of_its_customer(self):
        "The service reads the pickups of the customer of its session only"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal()
        with as_portal(self.service):
            self.assert_sees([])
            self.assertEqual(Request.search_count([]), 0)
        with as_portal(self.service, self.session, self.customers['A']):
            self.assert_sees(['A'])
        with as_portal(self.service, self.session, self.customers['B']):
            self.assert_sees([])

    @with_transaction()
    def test_service_user_changes_pickups_only_by_portal_cancel(self):
        "The service files, changes, requests and deletes no pickup"
        pool = Pool()
        Request = pool.get('pickup.request')
        Line = pool.get('pickup.request.line')
        self.setup_portal()
        request = self.requests['A']
        attempts = {
            'create': lambda: Request.create([self._values('A')]),
            'write': lambda: Request.write(
                [Request(request.id)], {'comment': "Gate B"}),
            'line write': lambda: Line.write(
                [Line(request.lines[0].id)], {'packages': 2}),
            'request': lambda: Request.request([Request(request.id)]),
            'cancel': lambda: Request.cancel([Request(request.id)]),
            'delete': lambda: Request.delete([Request(request.id)]),
            }
        for label, attempt in attempts.items():
            with self.subTest(attempt=label), \
                    as_portal(self.service, self.session, self.customers['A']):
                with self.assertRaises((AccessError, AccessButtonError)):
                    attempt()
        request = Request(request.id)
        self.assertEqual(
            (request.state, request.comment, request.lines[0].packages),
            ('draft', "Dock 3", 10))

    @with_transaction()
    def test_service_user_cancels_for_its_customer(self):
        "The customer cancels its pickups until they are confirmed"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal()
        customer = self.customers['A']
        with set_company(self.company):
            requested, confirmed = [
                self._request(customer, self.carrier, self.product, self.unit)
                for _ in range(2)]
            with patch.object(portal_mail, 'send_message'):
                Request.request([requested, confirmed])
            Request.confirm([confirmed])
        draft = self.requests['A']

        with as_portal(self.service, self.session, customer):
            Request.portal_cancel(Request.browse([draft.id, requested.id]))
            with self.assertRaises(PickupCancelError):
                Request.portal_cancel(Request.browse([confirmed.id]))
        self.assertEqual(
            [r.state for r in Request.browse(
                    [draft.id, requested.id, confirmed.id])],
            ['cancelled', 'cancelled', 'confirmed'])

    @with_transaction()
    def test_service_user_cannot_cancel_another_customers_pickup(self):
        "Another customer's pickup is refused like one that does not exist"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal()
        other = self.requests['B']
        calls = {
            "B's pickup": (self.customers['A'], [other.id]),
            'a missing pickup': (self.customers['A'], [10 ** 6]),
            "B's pickup as B": (self.customers['B'], [other.id]),
            }
        errors = {}
        for label, (party, ids) in calls.items():
            with self.subTest(call=label), \
                    as_portal(self.service, self.session, party), \
                    self.assertRaises(PortalNotFoundError) as refused:
                Request.portal_cancel(Request.browse(ids))
            errors[label] = refused.exception.message
            self.assert_reveals_nothing_of_b(refused.exception)
        self.assertEqual(len(set(errors.values())), 1, errors)
        self.assertEqual(Request(other.id).state, 'draft')

    @with_transaction()
    def test_portal_cancel_refuses_other_callers(self):
        "Staff cancel with the cancel button, not the portal's entry point"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal()
        clerk = create_user('clerk', ['pickup.group_pickup'], self.company)
        with as_user(clerk), self.assertRaises(PortalServiceAccessError):
            Request.portal_cancel(Request.browse([self.requests['A'].id]))
        self.assertEqual(Request(self.requests['A'].id).state, 'draft')

    @with_transaction()
    def test_service_user_prints_its_customers_slip(self):
        "The service prints the slip of its customer's pickup only"
        pool = Pool()
        Request = pool.get('pickup.request')
        Slip = pool.get('pickup.request.slip', type='report')
        ActionReport = pool.get('ir.action.report')
        ModelData = pool.get('ir.model.data')
        self.setup_portal()
        with set_company(self.company), \
                patch.object(portal_mail, 'send_message'):
            Request.request([self.requests['A'], self.requests['B']])
        data = {'action_id': ActionReport(
                ModelData.get_id('pickup', 'report_slip')).id}

        with as_portal(self.service, self.session, self.customers['A']):
            ext, content, _, _ = Slip.execute([self.requests['A'].id], data)
            with self.assertRaises(AccessError):
                Slip.execute([self.requests['B'].id], data)
        self.assertEqual(ext, 'pdf')
        self.assertIn(self.requests['A'].reference, PdfReader(
                io.BytesIO(content)).pages[0].extract_text())


    # Portal: requesting a pickup (portal_request)

    def setup_portal_request(self):
        "Customers A and B with a signed sale each; the portal's carrier set"
        pool = Pool()
        Configuration = pool.get('pickup.configuration')
        Sale = pool.get('sale.sale')
        Date = pool.get('ir.date')
        self.setup_portal()
        Configuration.write([Configuration(1)], {
                'portal_carrier': self.carrier.id})
        self.sales = self._sales()
        self.pickup_date = Date.today() + dt.timedelta(days=3)
        for sale in self.sales.values():
            address = sale.party.addresses[0]
            Sale.write([sale], {
                    'invoice_address': address.id,
                    'shipment_address': address.id,
                    'sale_date': Date.today(),
                    'state': 'confirmed',
                    })

    def _portal_values(self, name='A', **values):
        "Return portal_request values for customer name"
        return {
            'pickup_address': self.customers[name].addresses[-1].id,
            'pickup_date': self.pickup_date,
            'time_from': dt.time(9, 0),
            'time_to': dt.time(11, 30),
            'comment': "Gate 2",
            'lines': [{
                    'product': self.product.id,
                    'quantity': 24,
                    'packages': 2,
                    'weight': 14.4,
                    }],
            **values,
            }

    def _requests_of(self, name):
        pool = Pool()
        Request = pool.get('pickup.request')
        return Request.search([('party', '=', self.customers[name].id)])

    @with_transaction()
    def test_service_user_requests_a_pickup_for_its_customer(self):
        "The portal files and requests a pickup; the slip goes to the carrier"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal_request()
        before = set(self._requests_of('A'))
        with as_portal(self.service, self.session, self.customers['A']):
            request_id = Request.portal_request(self._portal_values())
            # The customer reads it back through its rules
            Request.read([request_id], ['reference', 'state'])

        request = Request(request_id)
        self.assertEqual(set(self._requests_of('A')) - before, {request})
        self.assertEqual(request.party, self.customers['A'])
        self.assertEqual(request.pickup_address,
            self.customers['A'].addresses[-1])
        self.assertEqual(request.state, 'requested')
        self.assertEqual(request.carrier, self.carrier)
        self.assertEqual(request.company, self.company)
        self.assertEqual(request.comment, "Gate 2")
        self.assertTrue(request.reference)
        line, = request.lines
        self.assertEqual(
            (line.product, line.quantity, line.unit, line.packages,
                line.weight, line.weight_kg),
            (self.product, 24, self.unit, 2, 14.4, 14.4))

        with patch.object(portal_mail, 'send_message') as send:
            self.assertEqual(run_queued_tasks(), ['send_slip'])
        msg = send.call_args.args[0]
        self.assertIn(request.reference, msg['Subject'])
        pdf, = msg.iter_attachments()
        self.assertIn(request.reference, PdfReader(
                io.BytesIO(pdf.get_content())).pages[0].extract_text())

    @with_transaction()
    def test_portal_request_from_an_order(self):
        "The lines may come from one of the customer's signed orders"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal_request()
        sale = self.sales['A']
        sale_line, = sale.lines
        with as_portal(self.service, self.session, self.customers['A']):
            request_id = Request.portal_request(self._portal_values(
                    sale=sale.id, lines=[{
                            'product': self.product.id,
                            'quantity': 5,
                            'sale_line': sale_line.id,
                            }]))
        request = Request(request_id)
        self.assertEqual(request.sale, sale)
        line, = request.lines
        self.assertEqual(
            (line.sale_line, line.quantity, line.packages, line.weight),
            (sale_line, 5, None, None))

    @with_transaction()
    def test_portal_request_refuses_another_partys_records(self):
        "B's address, sale or sale line is refused like a missing one"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal_request()
        other_sale = self.sales['B']
        service_product = self.carrier.carrier_product
        attempts = {
            "B's address": self._portal_values(
                pickup_address=self.customers['B'].addresses[0].id),
            "B's sale": self._portal_values(sale=other_sale.id),
            "B's sale line": self._portal_values(
                sale=self.sales['A'].id, lines=[{
                        'product': self.product.id,
                        'quantity': 1,
                        'sale_line': other_sale.lines[0].id,
                        }]),
            'a missing address': self._portal_values(pickup_address=10 ** 6),
            'a service': self._portal_values(lines=[{
                        'product': service_product.id, 'quantity': 1}]),
            'a missing product': self._portal_values(lines=[{
                        'product': 10 ** 6, 'quantity': 1}]),
            }
        for label, values in attempts.items():
            with self.subTest(attempt=label), \
                    as_portal(self.service, self.session, self.customers['A']), \
                    self.assertRaises((
                            PortalNotFoundError,
                            PickupPortalRequestError)) as refused:
                Request.portal_request(values)
            self.assert_reveals_nothing_of_b(refused.exception)
        self.assertEqual(len(self._requests_of('A')), 1)
        self.assertEqual(len(self._requests_of('B')), 1)

    @with_transaction()
    def test_portal_request_refuses_bad_values(self):
        "Missing, malformed or impossible values are refused in plain words"
        pool = Pool()
        Request = pool.get('pickup.request')
        Sale = pool.get('sale.sale')
        self.setup_portal_request()
        yesterday = self.pickup_date - dt.timedelta(days=4)
        line = {'product': self.product.id, 'quantity': 1}
        Sale.write([self.sales['A']], {'state': 'quotation'})
        attempts = {
            'not a dict': ([], PickupPortalRequestError),
            'no address': (
                self._portal_values(pickup_address=None), PortalArgumentError),
            'no lines': (self._portal_values(lines=[]),
                PickupPortalRequestError),
            'a past date': (self._portal_values(pickup_date=yesterday),
                PickupPortalRequestError),
            'a text date': (self._portal_values(pickup_date='2030-01-01'),
                PickupPortalRequestError),
            'a reversed window': (self._portal_values(
                    time_from=dt.time(12, 0), time_to=dt.time(8, 0)),
                PickupPortalRequestError),
            'zero quantity': (self._portal_values(
                    lines=[{**line, 'quantity': 0}]),
                PickupPortalRequestError),
            'a text quantity': (self._portal_values(
                    lines=[{**line, 'quantity': '3'}]),
                PickupPortalRequestError),
            'negative packages': (self._portal_values(
                    lines=[{**line, 'packages': -1}]),
                PickupPortalRequestError),
            'a quotation': (self._portal_values(sale=self.sales['A'].id),
                PickupPortalRequestError),
            }
        for label, (values, error) in attempts.items():
            with self.subTest(attempt=label), \
                    as_portal(self.service, self.session, self.customers['A']), \
                    self.assertRaises(error):
                Request.portal_request(values)
        self.assertEqual(len(self._requests_of('A')), 1)

    @with_transaction()
    def test_portal_request_without_carrier(self):
        "Without the portal's carrier, requests are refused, not left as drafts"
        pool = Pool()
        Request = pool.get('pickup.request')
        Configuration = pool.get('pickup.configuration')
        self.setup_portal_request()
        Configuration.write([Configuration(1)], {'portal_carrier': None})
        with as_portal(self.service, self.session, self.customers['A']), \
                self.assertRaises(PickupPortalRequestError):
            Request.portal_request(self._portal_values())
        self.assertEqual(len(self._requests_of('A')), 1)

    @with_transaction()
    def test_portal_request_needs_a_live_session(self):
        "Without the customer's session the service files nothing"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal_request()
        with as_portal(self.service), \
                self.assertRaises((
                        PickupPortalRequestError, PortalNotFoundError)):
            Request.portal_request(self._portal_values())
        self.assertEqual(len(self._requests_of('A')), 1)

    @with_transaction()
    def test_portal_request_refuses_other_callers(self):
        "Staff and integrators create pickups with their own access"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal_request()
        clerk = create_user('clerk', ['pickup.group_pickup'], self.company)
        for user in [clerk, self.integrator]:
            with self.subTest(user=user.login), as_user(user), \
                    self.assertRaises(PortalServiceAccessError):
                Request.portal_request(self._portal_values())
        self.assertEqual(len(self._requests_of('A')), 1)

    @with_transaction()
    def test_portal_request_with_the_same_key_creates_one_request(self):
        "A key sent again (outbox replay, retry) returns the first request"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal_request()
        before = len(self._requests_of('A'))
        values = self._portal_values(
            idempotency_key='8a1c5e0e-6f0b-4c55-9d43-7a0f3b2a6c11')
        with as_portal(self.service, self.session, self.customers['A']):
            first = Request.portal_request(values)
            # Even with other values: the key names the submission.
            again = Request.portal_request({**values, 'comment': "Again"})
            other = Request.portal_request(self._portal_values(
                    idempotency_key='another-submission'))
        self.assertEqual(again, first)
        self.assertNotEqual(other, first)
        self.assertEqual(len(self._requests_of('A')), before + 2)
        self.assertEqual(Request(first).comment, "Gate 2")
        self.assertEqual(Request(first).state, 'requested')
        # A copy in the back office is a new request: it takes no key.
        copy, = Request.copy([Request(first)])
        self.assertIsNone(copy.idempotency_key)

    @with_transaction()
    def test_portal_request_refuses_the_key_of_another_partys_request(self):
        "B's key neither returns B's request nor creates one: nothing named"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal_request()
        session_b = customer_session(self.customers['B'])
        with as_portal(self.service, session_b, self.customers['B']):
            theirs = Request.portal_request(self._portal_values(
                    'B', idempotency_key='key-of-b'))
        before = len(self._requests_of('A'))
        for key in ['key-of-b', '', 'k' * 65, 42]:
            with self.subTest(key=key), \
                    as_portal(self.service, self.session, self.customers['A']), \
                    self.assertRaises(PickupPortalRequestError) as refused:
                Request.portal_request(self._portal_values(idempotency_key=key))
            self.assert_reveals_nothing_of_b(refused.exception)
            self.assertNotIn(Request(theirs).reference, str(refused.exception))
        self.assertEqual(len(self._requests_of('A')), before)
        self.assertEqual(Request(theirs).party, self.customers['B'])

    @with_transaction()
    def test_idempotency_key_is_unique_in_the_database(self):
        "Even outside portal_request, one key files one request"
        pool = Pool()
        Request = pool.get('pickup.request')
        self.setup_portal_request()
        first = self.requests['A']
        Request.write([first], {'idempotency_key': 'same'})
        with self.assertRaises(SQLConstraintError):
            Request.write([self.requests['B']], {'idempotency_key': 'same'})

del ModuleTestCase
