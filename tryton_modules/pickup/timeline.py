# This file is part of the customer portal project.
from trytond.pool import Pool, PoolMeta


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    def _portal_timeline_pickups(self):
        "The products of the sale collected by its done pickups, by product"
        pool = Pool()
        Request = pool.get('pickup.request')
        pickups = super()._portal_timeline_pickups()
        requests = Request.search([
                ('sale', '=', self.id),
                ('state', '=', 'done'),
                ], order=[('pickup_date', 'ASC'), ('id', 'ASC')])
        for request in requests:
            day = (request.done_at.date() if request.done_at
                else request.pickup_date)
            for line in request.lines:
                if line.product:
                    pickups.setdefault(line.product.id, []).append(
                        (request.reference or '', day))
        return pickups
