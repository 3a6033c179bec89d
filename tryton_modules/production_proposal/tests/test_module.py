# This file is part of the customer portal project. See LICENSE at the
# top level of the repository for the full license terms.
import datetime as dt
import unittest

from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import (
    CompanyTestMixin,
    create_company,
    set_company,
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
from trytond.modules.production_proposal.planning import (
    Batch,
    BatchRule,
    Delivery,
    batch_quantities,
    component_shortages,
    schedule,
    uncovered,
)
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

MONDAY = dt.date(2025, 11, 3)
TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = (
    MONDAY + dt.timedelta(days=i) for i in range(1, 5))


class PlanningTestCase(unittest.TestCase):
    "Test the production proposal arithmetic"

    def test_stock_covering_demand_proposes_nothing(self):
        self.assertEqual(
            schedule([Delivery(FRIDAY, 100)], 120, BatchRule(minimum=50),
                MONDAY),
            [])

    def test_planned_production_reduces_the_need(self):
        self.assertEqual(
            uncovered([Delivery(MONDAY, 100)], 30 + 50),
            [Delivery(MONDAY, 20)])
        self.assertEqual(uncovered([Delivery(MONDAY, 100)], 30 + 70), [])

    def test_supply_serves_the_earliest_delivery_first(self):
        self.assertEqual(
            uncovered(
                [Delivery(FRIDAY, 50, 'b'), Delivery(WEDNESDAY, 40, 'a')],
                60),
            [Delivery(FRIDAY, 30, 'b')])

    def test_promised_stock_adds_to_the_earliest_need(self):
        self.assertEqual(
            uncovered([Delivery(FRIDAY, 5), Delivery(WEDNESDAY, 10)], -4),
            [Delivery(WEDNESDAY, 14), Delivery(FRIDAY, 5)])

    def test_production_finishes_on_the_delivery_date(self):
        self.assertEqual(
            schedule([Delivery(FRIDAY, 100, 'a')], 0, BatchRule(), MONDAY),
            [Batch(FRIDAY, 100, FRIDAY, frozenset({'a'}))])

    def test_max_per_day_works_back_from_the_delivery(self):
        self.assertEqual(
            schedule(
                [Delivery(FRIDAY, 1000, 'a')], 0, BatchRule(max_per_day=400),
                MONDAY),
            [
                Batch(WEDNESDAY, 400, FRIDAY, frozenset({'a'})),
                Batch(THURSDAY, 400, FRIDAY, frozenset({'a'})),
                Batch(FRIDAY, 200, FRIDAY, frozenset({'a'})),
                ])

    def test_batch_finishes_before_the_earliest_delivery_it_serves(self):
        self.assertEqual(
            schedule(
                [Delivery(WEDNESDAY, 300, 'a'), Delivery(FRIDAY, 300, 'b')],
                0, BatchRule(max_per_day=400), MONDAY),
            [
                Batch(WEDNESDAY, 400, WEDNESDAY, frozenset({'a', 'b'})),
                Batch(FRIDAY, 200, FRIDAY, frozenset({'b'})),
                ])

    def test_late_batches_start_at_the_earliest_date_one_a_day(self):
        overdue = MONDAY - dt.timedelta(days=3)
        batches = schedule(
            [Delivery(overdue, 1000, 'a'), Delivery(TUESDAY, 100, 'b')], 0,
            BatchRule(max_per_day=400), MONDAY)
        self.assertEqual(
            [(b.date, b.quantity, b.due) for b in batches], [
                (MONDAY, 400, overdue),
                (TUESDAY, 400, overdue),
                (WEDNESDAY, 300, overdue),
                ])

    def test_minimum_batch_raises_a_small_need(self):
        self.assertEqual(batch_quantities(30, BatchRule(minimum=200)), [200])

    def test_batch_multiple_rounds_up(self):
        self.assertEqual(batch_quantities(130, BatchRule(multiple=24)), [144])
        self.assertEqual(batch_quantities(144, BatchRule(multiple=24)), [144])

    def test_float_noise_does_not_add_a_batch(self):
        self.assertEqual(
            batch_quantities(0.1 + 0.2, BatchRule(multiple=0.1)), [0.30000000000000004])

    def test_minimum_then_multiple(self):
        self.assertEqual(
            batch_quantities(10, BatchRule(minimum=100, multiple=48)), [144])

    def test_max_per_day_splits_over_days(self):
        self.assertEqual(
            batch_quantities(1000, BatchRule(max_per_day=400)),
            [400, 400, 200])

    def test_split_days_keep_minimum_and_multiple(self):
        # 500 units in crates of 24, at most 250 a day, at least 100 a batch
        quantities = batch_quantities(
            500, BatchRule(minimum=100, multiple=24, max_per_day=250))
        self.assertEqual(quantities, [240, 240, 120])
        for quantity in quantities:
            self.assertEqual(quantity % 24, 0)
            self.assertGreaterEqual(quantity, 100)
            self.assertLessEqual(quantity, 250)

    def test_max_per_day_below_multiple_still_produces(self):
        self.assertEqual(
            batch_quantities(100, BatchRule(multiple=60, max_per_day=50)),
            [60, 60])

    def test_no_need_no_batch(self):
        self.assertEqual(batch_quantities(0, BatchRule(minimum=10)), [])
        self.assertEqual(batch_quantities(-5, BatchRule(minimum=10)), [])

    def test_component_shortage_reported(self):
        self.assertEqual(
            component_shortages(
                [{'ginger': 3, 'sugar': 10}], {'ginger': 5, 'sugar': 4}),
            [{'sugar': 6}])

    def test_components_consumed_by_earlier_proposals(self):
        self.assertEqual(
            component_shortages(
                [{'tea': 6}, {'tea': 6}, {'tea': 6}], {'tea': 10}),
            [{}, {'tea': 2}, {'tea': 6}])

    def test_components_in_stock_report_nothing(self):
        self.assertEqual(
            component_shortages([{'tea': 6}], {'tea': 6}), [{}])


class ProductionProposalTestCase(CompanyTestMixin, ModuleTestCase):
    "Test Production Proposal module"
    module = 'production_proposal'
    extras = ['portal']

    def create_productions(self, company):
        "Create customers A and B, a sale each and a production for each sale"
        pool = Pool()
        Sale = pool.get('sale.sale')
        Production = pool.get('production')
        customers, productions = {}, {}
        for name in ['A', 'B']:
            customers[name] = party = create_party(name)
            sale, = Sale.create([{
                        'party': party.id,
                        'invoice_address': party.addresses[0].id,
                        'company': company.id,
                        'currency': company.currency.id,
                        }])
            productions[name], = Production.create([{
                        'company': company.id,
                        'planned_date': MONDAY,
                        'planned_start_date': MONDAY,
                        'sales': [('add', [sale.id])],
                        }])
        productions[None], = Production.create([{
                    'company': company.id, 'planned_date': MONDAY,
                    'planned_start_date': MONDAY}])
        return customers, productions

    @with_transaction()
    def test_service_user_reads_the_productions_of_its_customer(self):
        "The portal service reads the productions of its customer's sales"
        pool = Pool()
        Production = pool.get('production')
        company = create_company()
        with set_company(company):
            customers, productions = self.create_productions(company)
            service = service_user(company)
            session = customer_session(customers['A'])
            admin = administrator(company)

            with as_portal(service):
                self.assertEqual(Production.search([]), [])
            with as_portal(service, session, customers['A']):
                self.assertEqual(Production.search([]), [productions['A']])
                production, = Production.read(
                    [productions['A'].id], ['sales'])
                self.assertEqual(len(production['sales']), 1)
                for name in ['B', None]:
                    with self.assertRaises(AccessError):
                        Production.read([productions[name].id], ['state'])
            with as_user(admin):
                self.assertEqual(len(Production.search([])), 3)

    @with_transaction()
    def test_integrator_reads_only_its_parties_productions(self):
        "An integrator reads the productions of its parties' sales, no other"
        pool = Pool()
        Production = pool.get('production')
        ProductionSale = pool.get('production-sale.sale')
        company = create_company()
        with set_company(company):
            customers, productions = self.create_productions(company)
            integrator = create_user(
                'integrator', ['portal.group_portal_integrator'], company,
                portal_parties=[('add', [customers['A'].id])])

            with as_user(integrator):
                self.assertEqual(Production.search([]), [productions['A']])
                self.assertEqual(
                    Production.search([('sales.party.name', '=', 'B')]), [])
                self.assertEqual(
                    [link.production for link in ProductionSale.search([])],
                    [productions['A']])
                for name in ['B', None]:
                    with self.subTest(production=name), \
                            self.assertRaises(AccessError):
                        Production.read([productions[name].id], ['sales'])


del ModuleTestCase
