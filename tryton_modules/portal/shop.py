# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Ordering from the portal: the catalog at the customer's prices, and checkout.

Prices are those a sale line of the customer would get (on_change_product of a
draft sale of the customer: its price list, currency and taxes), so what the
catalog shows is what the order is created at.
"""
import datetime as dt
import re
from decimal import Decimal

from sql import Null
from trytond.i18n import gettext
from trytond.model import Index, Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.rpc import RPC
from trytond.transaction import without_check_access

from .exceptions import PortalArgumentError, PortalCheckoutError
from .model import ACTING_ROLES, is_id, portal_entry_point

# A page of the catalog, the lines of one order, the products asked by id or code.
CATALOG_MAX_LIMIT = 100
CHECKOUT_MAX_LINES = 100
ITEMS_MAX = 200
SEARCH_MAX = 100
# More than any shop orders at once: beyond, a typing mistake.
QUANTITY_MAX = 100000
# How far ahead a delivery may be wished.
DELIVERY_MAX_DAYS = 365
# What the portal generates (a UUID): letters, digits and dashes, nothing else.
KEY_PATTERN = re.compile(r'^[A-Za-z0-9_-]{16,64}$')


def _portal_party():
    "Return the one party the caller acts for (the portal context's customer)"
    pool = Pool()
    User = pool.get('res.user')
    Party = pool.get('party.party')
    parties = User.get_portal_parties()
    if len(parties) != 1:
        raise PortalArgumentError(gettext('portal.msg_portal_shop_party'))
    return Party(parties[0])


def _draft_sale(party):
    "A sale of party, not saved, with the defaults and on-changes of a new one"
    pool = Pool()
    Sale = pool.get('sale.sale')
    sale = Sale(**Sale.default_get(
            list(Sale._fields.keys()), with_rec_name=False))
    sale.party = party
    sale.on_change_party()
    return sale


def _sale_line(sale, product, quantity):
    "A line of sale for product and quantity, priced as the client would"
    pool = Pool()
    Line = pool.get('sale.line')
    line = Line(**Line.default_get(
            list(Line._fields.keys()), with_rec_name=False))
    line.sale = sale
    line.type = 'line'
    line.product = product
    line.unit = product.sale_uom
    line.quantity = quantity
    line.on_change_product()
    return line


def _is_number(value):
    return (isinstance(value, (int, float, Decimal))
        and not isinstance(value, bool))


class Product(metaclass=PoolMeta):
    __name__ = 'product.product'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__.update({
                'portal_catalog': RPC(),
                'portal_catalog_items': RPC(),
                })

    @classmethod
    @portal_entry_point(roles=ACTING_ROLES)
    def portal_catalog(cls, search, category, offset, limit):
        """Return a page of the salable products at the customer's prices.

        search matches the code or the name, category is the id of a product
        category (or None), offset and limit select the page (limit at most
        CATALOG_MAX_LIMIT). The customer is the party of the portal context.
        Return {'total', 'currency', 'products': [item], 'categories':
        [{'id', 'name'}]} where an item is as portal_catalog_items returns it.
        """
        pool = Pool()
        Category = pool.get('product.category')
        TemplateCategory = pool.get('product.template-product.category')
        if (not isinstance(search, str) or len(search) > SEARCH_MAX
                or not (category is None or is_id(category))
                or not isinstance(offset, int) or isinstance(offset, bool)
                or not 0 <= offset <= 2 ** 31
                or not isinstance(limit, int) or isinstance(limit, bool)
                or not 0 < limit <= CATALOG_MAX_LIMIT):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_catalog_argument'))
        party = _portal_party()
        domain = cls._portal_catalog_domain()
        search = search.strip()
        if search:
            pattern = '%' + re.sub(r'([\\%_])', r'\\\1', search) + '%'
            domain.append(['OR',
                    ('code', 'ilike', pattern),
                    ('template.name', 'ilike', pattern),
                    ])
        if category is not None:
            domain.append(('template.categories', '=', category))
        with without_check_access():
            products = cls.search(
                domain, offset=offset, limit=limit,
                order=[('code', 'ASC'), ('id', 'ASC')])
            total = cls.search_count(domain)
            used = {c.category.id for c in TemplateCategory.search([
                        ('template.salable', '=', True),
                        ('template.active', '=', True),
                        ])}
            categories = Category.search([
                    ('id', 'in', list(used)),
                    ('accounting', '=', False),
                    ], order=[('name', 'ASC'), ('id', 'ASC')])
            sale = _draft_sale(party)
            return {
                'total': total,
                'currency': sale.currency.code if sale.currency else None,
                'products': [cls._portal_item(sale, p) for p in products],
                'categories': [
                    {'id': c.id, 'name': c.name} for c in categories],
                }

    @classmethod
    @portal_entry_point(roles=ACTING_ROLES)
    def portal_catalog_items(cls, ids, codes):
        """Return the catalog items of the salable products among ids (product
        ids) and codes (product codes, in any case), at the customer's prices.

        Products not sold any more, unknown ids and codes are left out. An item
        is {'id', 'code', 'name', 'unit', 'unit_name', 'unit_digits',
        'category', 'unit_price', 'currency'} with category {'id', 'name'} or None and
        unit_price a Decimal (None when Tryton has no price for it).
        """
        if (not isinstance(ids, list) or not isinstance(codes, list)
                or len(ids) + len(codes) > ITEMS_MAX
                or not all(map(is_id, ids))
                or not all(isinstance(c, str) and len(c) <= SEARCH_MAX
                    for c in codes)):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_catalog_argument'))
        party = _portal_party()
        upper = sorted({c.strip().upper() for c in codes if c.strip()})
        domain = cls._portal_catalog_domain()
        domain.append(['OR',
                ('id', 'in', ids),
                ('code', 'in', upper),
                ])
        with without_check_access():
            products = cls.search(domain, order=[('code', 'ASC'), ('id', 'ASC')])
            sale = _draft_sale(party)
            return [cls._portal_item(sale, p) for p in products]

    @classmethod
    def _portal_catalog_domain(cls):
        "The products a customer may order from the portal"
        return [
            ('template.salable', '=', True),
            ('template.active', '=', True),
            # Without one, Tryton cannot tax a sale line of the product: it could
            # be neither priced nor ordered.
            ('template.account_category', '!=', None),
            ]

    @classmethod
    def _portal_item(cls, sale, product):
        line = _sale_line(sale, product, 0)
        category = next(
            (c for c in product.categories if not c.accounting), None)
        unit = product.sale_uom
        return {
            'id': product.id,
            'code': product.code or '',
            'name': product.name,
            'unit': unit.symbol,
            'unit_name': unit.name,
            'unit_digits': unit.digits,
            'category': (
                {'id': category.id, 'name': category.name}
                if category else None),
            'unit_price': line.unit_price,
            'currency': sale.currency.code if sale.currency else '',
            }


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    portal_idempotency_key = fields.Char(
        "Portal Idempotency Key", readonly=True, strip=False,
        help="The key of the portal's checkout that created the sale: "
        "a second checkout with the same key returns this sale.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints.append(
            ('portal_idempotency_key_unique',
                Unique(t, t.portal_idempotency_key),
                'portal.msg_portal_checkout_key_unique'))
        cls._sql_indexes.add(Index(
                t, (t.portal_idempotency_key, Index.Equality()),
                where=t.portal_idempotency_key != Null))
        cls.__rpc__.update({
                'portal_checkout': RPC(readonly=False),
                })

    @classmethod
    def copy(cls, sales, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('portal_idempotency_key', None)
        return super().copy(sales, default=default)

    @classmethod
    @portal_entry_point(roles=ACTING_ROLES)
    def portal_checkout(
            cls, lines, address, date, idempotency_key, confirm=False):
        """Create the customer's order from the portal and return its id.

        lines are dicts of product (id) and quantity, address the id of one
        of the customer's addresses to deliver to, date the wished delivery
        date (sale shipping_date). The sale is left a quotation, or
        confirmed when confirm. A second call with the same idempotency_key
        (the portal's checkout form) returns the same sale and creates
        nothing. Every refusal names nothing that is not the customer's.
        """
        pool = Pool()
        Date = pool.get('ir.date')
        if (not isinstance(idempotency_key, str)
                or not KEY_PATTERN.match(idempotency_key)):
            raise PortalCheckoutError(gettext(
                    'portal.msg_portal_checkout_key'))
        party = _portal_party()
        # Two submits of one form at once: the second waits here, then finds
        # the sale of the first (the lock is taken before the transaction
        # reads anything).
        cls.lock()
        with without_check_access():
            existing = cls.search([
                    ('portal_idempotency_key', '=', idempotency_key),
                    ], limit=1)
        if existing:
            sale, = existing
            if sale.party != party:
                raise PortalCheckoutError(gettext(
                        'portal.msg_portal_checkout_key_used'))
            return sale.id
        address = cls._portal_checkout_address(party, address)
        today = Date.today()
        if (not isinstance(date, dt.date) or isinstance(date, dt.datetime)
                or not today <= date
                <= today + dt.timedelta(days=DELIVERY_MAX_DAYS)):
            raise PortalCheckoutError(gettext(
                    'portal.msg_portal_checkout_date',
                    days=DELIVERY_MAX_DAYS))
        with without_check_access():
            sale = _draft_sale(party)
            sale.sale_date = today
            sale.shipment_address = address
            sale.shipping_date = date
            sale.portal_idempotency_key = idempotency_key
            sale.lines = cls._portal_checkout_lines(sale, lines)
            sale.save()
            cls._portal_checkout_submit(sale, confirm)
        return sale.id

    @classmethod
    def _portal_checkout_submit(cls, sale, confirm):
        "Move the new sale of a checkout on: a quotation, confirmed when confirm"
        cls.quote([sale])
        if confirm:
            cls.confirm([sale])

    @classmethod
    def _portal_checkout_address(cls, party, address_id):
        "Return the customer's address of address_id, refused naming nothing"
        pool = Pool()
        Address = pool.get('party.address')
        addresses = []
        if is_id(address_id):
            with without_check_access():
                addresses = Address.search([
                        ('id', '=', address_id),
                        ('party', '=', party.id),
                        ])
        if not addresses:
            raise PortalCheckoutError(gettext(
                    'portal.msg_portal_checkout_address'))
        return addresses[0]

    @classmethod
    def _portal_checkout_lines(cls, sale, lines):
        "Return the sale lines of lines, each product salable and quantity valid"
        pool = Pool()
        Product = pool.get('product.product')
        Uom = pool.get('product.uom')
        if not isinstance(lines, list) or not lines:
            raise PortalCheckoutError(gettext(
                    'portal.msg_portal_checkout_no_lines'))
        if len(lines) > CHECKOUT_MAX_LINES:
            raise PortalCheckoutError(gettext(
                    'portal.msg_portal_checkout_too_many_lines',
                    max=CHECKOUT_MAX_LINES))
        if not all(isinstance(line, dict) for line in lines):
            raise PortalCheckoutError(gettext(
                    'portal.msg_portal_checkout_line_values'))
        ids = [line.get('product') for line in lines]
        with without_check_access():
            products = {p.id: p for p in Product.search([
                        ('id', 'in', [i for i in ids if is_id(i)]),
                        *Product._portal_catalog_domain(),
                        ])}
        result = []
        for number, line in enumerate(lines, 1):
            product = products.get(line.get('product'))
            if not product:
                raise PortalCheckoutError(gettext(
                        'portal.msg_portal_checkout_product', line=number))
            quantity = line.get('quantity')
            if (not _is_number(quantity)
                    or not 0 < quantity <= QUANTITY_MAX):
                raise PortalCheckoutError(gettext(
                        'portal.msg_portal_checkout_quantity',
                        line=number, max=QUANTITY_MAX))
            unit = product.sale_uom
            quantity = float(quantity)
            if Uom.round(unit, quantity) != quantity:
                raise PortalCheckoutError(gettext(
                        'portal.msg_portal_checkout_quantity_rounding',
                        line=number, rounding=unit.rounding,
                        unit=unit.symbol))
            result.append(_sale_line(sale, product, quantity))
        return result
