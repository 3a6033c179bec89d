# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Where each line of a customer's sale stands, from the order to the payment,
read from Tryton's own records in one call (sale.sale.portal_timeline).

The steps of a line, in order: ordered, production (only for a line whose
product is made for the sale), ready (its goods picked or packed), shipped or
picked up, invoiced, paid (those two only for the roles that read billing).
Each step says whether it is reached and, when Tryton records it, the day.
Modules that know more extend the hooks: production_proposal gives the
productions made for the sale, pickup the pickups that collected it.
"""
from trytond.pool import Pool, PoolMeta
from trytond.rpc import RPC
from trytond.transaction import without_check_access

from .model import portal_entry_point, portal_records

ORDERED_STATES = {'confirmed', 'processing', 'done'}
# A production is under way from its start on.
STARTED_PRODUCTION_STATES = {'running', 'done'}
READY_SHIPMENT_STATES = {'assigned', 'picked', 'packed'}
SHIPPED_SHIPMENT_STATES = {'shipped', 'done'}
INVOICED_STATES = {'posted', 'paid'}


def _step(name, reached, date=None, details=()):
    return {
        'step': name,
        'reached': bool(reached),
        'date': date if reached else None,
        'details': list(details),
        }


def _latest(dates):
    dates = [d for d in dates if d]
    return max(dates) if dates else None


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__['portal_timeline'] = RPC()

    @classmethod
    @portal_entry_point
    def portal_timeline(cls, sale_id):
        """Return the timeline of each line of the customer's sale and the
        tracking of its shipments:

        {'lines': [{'line': id, 'steps': [{'step', 'reached', 'date',
        'details'}, ...]}, ...], 'shipments': [{'id', 'number', 'carrier',
        'reference', 'url'}, ...]}

        Another party's sale is refused as a missing one.
        """
        pool = Pool()
        User = pool.get('res.user')
        sale, = portal_records(cls, [sale_id])
        with_billing = sale.party.id in User.get_portal_billing_parties()
        # The sale is the customer's: what serves it is read as Tryton
        # records it, whoever may read each model.
        with without_check_access():
            sale = cls(sale.id)
            return {
                'lines': sale._portal_line_timelines(with_billing),
                'shipments': [
                    s.portal_tracking() for s in sale.shipments
                    if s.state != 'cancelled'],
                }

    def _portal_line_timelines(self, with_billing):
        productions = self._portal_timeline_productions()
        pickups = self._portal_timeline_pickups()
        timelines = []
        for line in self.lines:
            if line.type != 'line':
                continue
            product = line.product.id if line.product else None
            steps = [_step(
                    'ordered', self.state in ORDERED_STATES, self.sale_date)]
            made = [p for p in productions
                if product and p.product and p.product.id == product]
            if made:
                steps.append(self._portal_production_step(made))
            if line.product and line.product.type in {'goods', 'assets'}:
                steps.extend(
                    self._portal_delivery_steps(line, pickups.get(product)))
            if with_billing:
                steps.extend(self._portal_invoice_steps(line))
            timelines.append({'line': line.id, 'steps': steps})
        return timelines

    def _portal_timeline_productions(self):
        "The production orders made for the sale (see production_proposal)"
        return []

    def _portal_timeline_pickups(self):
        """{product id: [(reference, day collected)]} of the done pickups of
        the sale (see the pickup module)"""
        return {}

    @staticmethod
    def _portal_production_step(productions):
        started = [p for p in productions
            if p.state in STARTED_PRODUCTION_STATES]
        details = [{
                'number': p.number or '',
                'state': p.state,
                'planned_start_date': p.planned_start_date,
                'planned_date': p.planned_date,
                'effective_start_date': p.effective_start_date,
                'effective_date': p.effective_date,
                } for p in productions if p.state != 'cancelled']
        start = [p.effective_start_date or p.effective_date for p in started]
        start = [d for d in start if d]
        return _step(
            'production', started, min(start) if start else None, details)

    @staticmethod
    def _portal_delivery_steps(line, pickups):
        moves = [m for m in line.moves if m.state != 'cancelled']
        shipments = {}
        for move in moves:
            shipment = move.shipment
            if shipment and shipment.__name__ == 'stock.shipment.out':
                shipments[shipment.id] = shipment
        shipments = [s for s in shipments.values() if s.state != 'cancelled']
        shipped = [s for s in shipments
            if s.state in SHIPPED_SHIPMENT_STATES]
        shipped_on = _latest(s.effective_date for s in shipped)
        ready = bool(shipments) and all(
            s.state in READY_SHIPMENT_STATES | SHIPPED_SHIPMENT_STATES
            for s in shipments)
        # Tryton dates the picking by the inventory moves it makes done.
        picked = _latest(
            m.effective_date for s in shipments for m in s.inventory_moves
            if m.state == 'done' and m.product == line.product)
        if picked and shipped_on:
            picked = min(picked, shipped_on)
        steps = []
        if pickups and not shipped:
            steps.append(_step('ready', True, _latest(d for _, d in pickups)))
            steps.append(_step(
                    'picked_up', True, _latest(d for _, d in pickups),
                    [{'number': r, 'date': d} for r, d in pickups]))
            return steps
        steps.append(_step('ready', ready, picked))
        steps.append(_step(
                'shipped', shipped and len(shipped) == len(shipments),
                shipped_on,
                [{'number': s.number or '', 'date': s.effective_date}
                    for s in shipped]))
        return steps

    @staticmethod
    def _portal_invoice_steps(line):
        invoices = {}
        for invoice_line in line.invoice_lines:
            invoice = invoice_line.invoice
            if invoice and invoice.type == 'out':
                invoices[invoice.id] = invoice
        posted = [i for i in invoices.values() if i.state in INVOICED_STATES]
        paid = [i for i in posted if i.state == 'paid']
        return [
            _step(
                'invoiced', posted,
                _latest(i.invoice_date for i in posted),
                [{'number': i.number or '', 'date': i.invoice_date}
                    for i in posted]),
            _step(
                'paid', posted and len(paid) == len(posted),
                _latest(i.reconciled for i in paid),
                [{'number': i.number or '', 'date': i.reconciled}
                    for i in paid]),
            ]
