# This file is part of the customer portal project. See LICENSE at the
# top level of the repository for the full license terms.
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import PYSONEncoder
from trytond.transaction import Transaction
from trytond.wizard import Button, StateAction, StateView, Wizard

from .exceptions import ProposalError
from .planning import Delivery, component_shortages, schedule, uncovered

OPEN_SALE_STATES = ['confirmed', 'processing']
OPEN_PRODUCTION_STATES = ['request', 'draft', 'waiting', 'assigned', 'running']


class ProposalStart(ModelView):
    __name__ = 'production.proposal.start'
    __string__ = "Production Proposal Start"
    company = fields.Many2One('company.company', "Company", required=True)
    warehouse = fields.Many2One(
        'stock.location', "Warehouse", required=True,
        domain=[('type', '=', 'warehouse')])
    date = fields.Date(
        "Start Date", required=True,
        help="No proposed production starts before this date.")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_warehouse(cls):
        return Pool().get('stock.location').get_default_warehouse()

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()


class ProposalLine(ModelView):
    __name__ = 'production.proposal.line'
    __string__ = "Production Proposal"
    selected = fields.Boolean("Accept")
    product = fields.Many2One('product.product', "Product", readonly=True)
    bom = fields.Many2One('production.bom', "BOM", readonly=True)
    quantity = fields.Float("Quantity", readonly=True)
    unit = fields.Many2One('product.uom', "Unit", readonly=True)
    planned_date = fields.Date("Planned Date", readonly=True)
    delivery_date = fields.Date(
        "Delivery Date", readonly=True,
        help="The earliest delivery this production serves.")
    demand = fields.Float(
        "Demand", readonly=True,
        help="Quantity still to ship on confirmed sales.")
    available = fields.Float(
        "Available", readonly=True,
        help="Quantity on hand in the warehouse "
        "less what planned productions will consume.")
    planned = fields.Float(
        "Planned", readonly=True,
        help="Quantity of the production orders not yet done.")
    forecast = fields.Float(
        "Forecast", readonly=True,
        help="Forecast quantity of the warehouse at the planned date.")
    component_shortage = fields.Boolean("Component Shortage", readonly=True)
    component_shortages = fields.Text("Missing Components", readonly=True)
    sales = fields.Many2Many('sale.sale', None, None, "Sales", readonly=True)


class ProposalToDefine(ModelView):
    __name__ = 'production.proposal.to_define'
    __string__ = "Product to Buy or to Define"
    product = fields.Many2One('product.product', "Product", readonly=True)
    quantity = fields.Float(
        "Quantity", readonly=True,
        help="Quantity missing to ship the confirmed sales.")
    unit = fields.Many2One('product.uom', "Unit", readonly=True)
    delivery_date = fields.Date(
        "Delivery Date", readonly=True,
        help="The earliest delivery that lacks the product.")
    sales = fields.Many2Many('sale.sale', None, None, "Sales", readonly=True)


class ProposalProposals(ModelView):
    __name__ = 'production.proposal.proposals'
    __string__ = "Production Proposals"
    proposals = fields.One2Many(
        'production.proposal.line', None, "Proposals",
        domain=[('quantity', '>', 0)])
    to_define = fields.One2Many(
        'production.proposal.to_define', None, "To Buy or to Define",
        readonly=True,
        help="Products sold short that have no bill of materials: "
        "buy them or define their bill of materials.")
    warehouse = fields.Many2One('stock.location', "Warehouse", readonly=True)


class Proposal(Wizard):
    "Propose production orders for the demand of confirmed sales"
    __name__ = 'production.proposal'
    start = StateView(
        'production.proposal.start',
        'production_proposal.proposal_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Propose", 'propose', 'tryton-forward', default=True),
            ])
    propose = StateView(
        'production.proposal.proposals',
        'production_proposal.proposal_proposals_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Create Productions", 'create_', 'tryton-ok',
                default=True),
            ])
    create_ = StateAction('production.act_production_list')

    def default_propose(self, fields):
        proposals, to_define = self.compute_proposals(
            self.start.warehouse, self.start.date)
        return {
            'warehouse': self.start.warehouse.id,
            'proposals': proposals,
            'to_define': to_define,
            }

    def do_create_(self, action):
        pool = Pool()
        Production = pool.get('production')
        selected = [p for p in self.propose.proposals if p.selected]
        if not selected:
            raise ProposalError(
                gettext('production_proposal.msg_no_proposal_selected'))
        productions = [self.get_production(p) for p in selected]
        Production.save(productions)
        Production.set_moves(productions)
        action['pyson_domain'] = PYSONEncoder().encode(
            [('id', 'in', [p.id for p in productions])])
        return action, {}

    def get_production(self, proposal):
        pool = Pool()
        Production = pool.get('production')
        warehouse = self.start.warehouse
        production = Production(
            company=self.start.company,
            warehouse=warehouse,
            location=warehouse.production_location,
            product=proposal.product,
            bom=proposal.bom,
            unit=proposal.unit,
            quantity=proposal.quantity,
            planned_date=proposal.planned_date,
            state='draft',
            sales=list(proposal.sales),
            )
        production.set_planned_start_date()
        return production

    @classmethod
    def compute_proposals(cls, warehouse, date):
        """The proposals (values of production.proposal.line) for the open
        demand of the warehouse, one per product and day, and the products
        without a bill of materials the sales lack (values of
        production.proposal.to_define)."""
        pool = Pool()
        Product = pool.get('product.product')
        Production = pool.get('production')

        deliveries = cls.get_deliveries(warehouse, date)
        if not deliveries:
            return [], []
        products = Product.browse(list(deliveries))
        planned = cls.get_planned(warehouse, products)
        committed = cls.get_committed(warehouse)
        with Transaction().set_context(
                locations=[warehouse.id], with_childs=True):
            on_hand = {p.id: p.quantity for p in Product.browse(products)}
        with Transaction().set_context(
                locations=[warehouse.id], stock_date_end=date,
                with_childs=True):
            forecast = {
                p.id: p.forecast_quantity for p in Product.browse(products)}

        proposals, to_define = [], []
        for product in sorted(products, key=lambda p: p.rec_name):
            unit = product.default_uom
            demand = sum(d.quantity for d in deliveries[product.id])
            available = on_hand[product.id] - committed[product.id]
            supply = available + planned[product.id]
            bom = product.boms[0].bom if product.boms else None
            if not bom:
                missing = uncovered(deliveries[product.id], supply)
                if missing:
                    to_define.append({
                            'product': product.id,
                            'quantity': unit.ceil(
                                sum(d.quantity for d in missing)),
                            'unit': unit.id,
                            'delivery_date': missing[0].date,
                            'sales': sorted({d.sale for d in missing}),
                            })
                continue
            lead_time = Production(
                product=product, bom=bom).compute_lead_time()
            for batch in schedule(
                    deliveries[product.id], supply,
                    product.template.production_batch_rule,
                    date + lead_time):
                proposals.append({
                        'selected': True,
                        'product': product.id,
                        'bom': bom.id,
                        'quantity': unit.round(batch.quantity),
                        'unit': unit.id,
                        'planned_date': batch.date,
                        'delivery_date': batch.due,
                        'demand': demand,
                        'available': available,
                        'planned': planned[product.id],
                        'forecast': forecast[product.id],
                        'sales': sorted(batch.sales),
                        })
        # The earlier production uses the components first.
        proposals.sort(key=lambda p: p['planned_date'])
        cls.set_component_shortages(warehouse, proposals, committed)
        return proposals, to_define

    @classmethod
    def set_component_shortages(cls, warehouse, proposals, committed):
        "Fill in the components each proposal lacks, in order"
        pool = Pool()
        Product = pool.get('product.product')
        Bom = pool.get('production.bom')
        requirements = [
            cls.get_requirements(
                Product(p['product']), Bom(p['bom']), p['quantity'])
            for p in proposals]
        components = {c for r in requirements for c in r}
        with Transaction().set_context(
                locations=[warehouse.id], with_childs=True):
            components_available = {
                c.id: c.quantity - committed[c.id]
                for c in Product.browse(list(components))}
        for proposal, missing in zip(proposals, component_shortages(
                    requirements, components_available), strict=True):
            proposal['component_shortage'] = bool(missing)
            proposal['component_shortages'] = '\n'.join(
                f'{c.rec_name}: {c.default_uom.ceil(q)} {c.default_uom.symbol}'
                for c, q in sorted(
                    ((Product(i), q) for i, q in missing.items()),
                    key=lambda x: x[0].rec_name))

    @classmethod
    def get_deliveries(cls, warehouse, date):
        """What confirmed sales of the warehouse still have to ship per
        producible product (default unit), on the planned date of the
        customer moves or else of the line, date when neither has one."""
        pool = Pool()
        SaleLine = pool.get('sale.line')
        Uom = pool.get('product.uom')
        deliveries = defaultdict(list)
        lines = SaleLine.search([
                ('sale.state', 'in', OPEN_SALE_STATES),
                ('sale.warehouse', '=', warehouse.id),
                ('type', '=', 'line'),
                ('product.type', '=', 'goods'),
                ('product.producible', '=', True),
                ('quantity', '>', 0),
                ])
        for line in lines:
            product = line.product
            if line.moves:
                pending = [
                    (m.planned_date, Uom.compute_qty(
                            m.unit, m.quantity, product.default_uom,
                            round=False))
                    for m in line.moves
                    if m.state not in {'done', 'cancelled'}
                    and m.to_location.type == 'customer']
            else:
                pending = [(line.shipping_date, Uom.compute_qty(
                            line.unit, line.quantity, product.default_uom,
                            round=False))]
            for shipping_date, quantity in pending:
                if quantity > 0:
                    deliveries[product.id].append(Delivery(
                            shipping_date or line.shipping_date or date,
                            quantity, line.sale.id))
        return deliveries

    @classmethod
    def get_planned(cls, warehouse, products):
        "Quantity of the open production orders per product (default unit)"
        pool = Pool()
        Production = pool.get('production')
        Uom = pool.get('product.uom')
        planned = defaultdict(float)
        for production in Production.search([
                    ('warehouse', '=', warehouse.id),
                    ('product', 'in', [p.id for p in products]),
                    ('state', 'in', OPEN_PRODUCTION_STATES),
                    ]):
            product = production.product
            planned[product.id] += Uom.compute_qty(
                production.unit, production.quantity or 0,
                product.default_uom, round=False)
        return planned

    @classmethod
    def get_committed(cls, warehouse):
        """Quantity the open production orders of the warehouse will still
        consume per product (default unit)"""
        pool = Pool()
        Move = pool.get('stock.move')
        committed = defaultdict(float)
        for move in Move.search([
                    ('production_input.warehouse', '=', warehouse.id),
                    ('production_input.state', 'in', OPEN_PRODUCTION_STATES),
                    ('state', 'not in', ['done', 'cancelled']),
                    ]):
            committed[move.product.id] += move.internal_quantity
        return committed

    @classmethod
    def get_requirements(cls, product, bom, quantity):
        "Components (id: quantity in default unit) the BOM consumes"
        pool = Pool()
        Uom = pool.get('product.uom')
        factor = bom.compute_factor(product, quantity, product.default_uom)
        needs = defaultdict(float)
        for input_ in bom.inputs:
            for line, line_quantity in input_.lines_for_quantity(
                    input_.compute_quantity(factor)):
                needs[line.product.id] += Uom.compute_qty(
                    line.unit, line_quantity, line.product.default_uom,
                    round=False)
        return needs
