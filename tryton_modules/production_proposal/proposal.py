# This file is part of the customer portal project. See LICENSE at the
# top level of the repository for the full license terms.
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction
from trytond.wizard import Button, StateAction, StateView, Wizard

from .exceptions import ProposalError
from .planning import component_shortages, plan

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
        help="The planned date of the first proposal of each product.")

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
    demand = fields.Float(
        "Demand", readonly=True,
        help="Quantity still to ship on confirmed sales.")
    available = fields.Float(
        "Available", readonly=True, help="Quantity on hand in the warehouse.")
    planned = fields.Float(
        "Planned", readonly=True,
        help="Quantity of the production orders not yet done.")
    forecast = fields.Float(
        "Forecast", readonly=True,
        help="Forecast quantity of the warehouse at the planned date.")
    component_shortage = fields.Boolean("Component Shortage", readonly=True)
    component_shortages = fields.Text("Missing Components", readonly=True)
    sales = fields.Many2Many('sale.sale', None, None, "Sales", readonly=True)


class ProposalProposals(ModelView):
    __name__ = 'production.proposal.proposals'
    __string__ = "Production Proposals"
    proposals = fields.One2Many(
        'production.proposal.line', None, "Proposals",
        domain=[('quantity', '>', 0)])
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
        proposals = self.compute_proposals(
            self.start.warehouse, self.start.date)
        return {
            'warehouse': self.start.warehouse.id,
            'proposals': proposals,
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
        action['domain'] = [('id', 'in', [p.id for p in productions])]
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
        """The proposals (as values of production.proposal.line) for the
        open demand of the warehouse, one per product and day."""
        pool = Pool()
        Product = pool.get('product.product')

        demand, sales = cls.get_demand(warehouse)
        if not demand:
            return []
        products = Product.browse(list(demand))
        planned = cls.get_planned(warehouse, products)
        with Transaction().set_context(
                locations=[warehouse.id], with_childs=True):
            on_hand = {p.id: p.quantity for p in Product.browse(products)}
        with Transaction().set_context(
                locations=[warehouse.id], stock_date_end=date,
                with_childs=True):
            forecast = {
                p.id: p.forecast_quantity for p in Product.browse(products)}

        proposals, requirements = [], []
        for product in sorted(products, key=lambda p: p.rec_name):
            bom = product.boms[0].bom if product.boms else None
            rule = product.template.production_batch_rule
            for planned_date, quantity in plan(
                    demand[product.id], on_hand[product.id],
                    planned[product.id], rule, date):
                proposals.append({
                        'selected': True,
                        'product': product.id,
                        'bom': bom.id if bom else None,
                        'quantity': product.default_uom.round(quantity),
                        'unit': product.default_uom.id,
                        'planned_date': planned_date,
                        'demand': demand[product.id],
                        'available': on_hand[product.id],
                        'planned': planned[product.id],
                        'forecast': forecast[product.id],
                        'sales': sorted(sales[product.id]),
                        })
                requirements.append(
                    cls.get_requirements(product, bom, quantity))

        components = {c for r in requirements for c in r}
        with Transaction().set_context(
                locations=[warehouse.id], with_childs=True):
            components_available = {
                c.id: c.quantity for c in Product.browse(list(components))}
        for proposal, missing in zip(proposals, component_shortages(
                    requirements, components_available), strict=True):
            proposal['component_shortage'] = bool(missing)
            proposal['component_shortages'] = '\n'.join(
                f'{c.rec_name}: {c.default_uom.ceil(q)} {c.default_uom.symbol}'
                for c, q in sorted(
                    ((Product(i), q) for i, q in missing.items()),
                    key=lambda x: x[0].rec_name))
        return proposals

    @classmethod
    def get_demand(cls, warehouse):
        """Quantity still to ship per producible product on confirmed sales
        of the warehouse (default unit), with the ids of those sales."""
        pool = Pool()
        SaleLine = pool.get('sale.line')
        Uom = pool.get('product.uom')
        demand = defaultdict(float)
        sales = defaultdict(set)
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
                pending = sum(
                    Uom.compute_qty(
                        m.unit, m.quantity, product.default_uom, round=False)
                    for m in line.moves
                    if m.state not in {'done', 'cancelled'}
                    and m.to_location.type == 'customer')
            else:
                pending = Uom.compute_qty(
                    line.unit, line.quantity, product.default_uom,
                    round=False)
            if pending > 0:
                demand[product.id] += pending
                sales[product.id].add(line.sale.id)
        return demand, sales

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
    def get_requirements(cls, product, bom, quantity):
        "Components (id: quantity in default unit) the BOM consumes"
        pool = Pool()
        Uom = pool.get('product.uom')
        if not bom:
            return {}
        factor = bom.compute_factor(product, quantity, product.default_uom)
        needs = defaultdict(float)
        for input_ in bom.inputs:
            for line, line_quantity in input_.lines_for_quantity(
                    input_.compute_quantity(factor)):
                needs[line.product.id] += Uom.compute_qty(
                    line.unit, line_quantity, line.product.default_uom,
                    round=False)
        return needs
