"""What the portal's catalog shows: product categories and a customer's own price list.

Loaded after the demo sales, whose prices stay the list prices they were made at.
"""

from proteus import Model

from .facts import CATALOG_CATEGORIES, CUSTOMER_PRICE_LISTS


def ensure_catalog_categories(cfg, products):
    """Each finished good in the category of its family (facts.CATALOG_CATEGORIES)."""
    Category = Model.get("product.category", config=cfg)
    Template = Model.get("product.template", config=cfg)
    categories = {}
    for family, name in CATALOG_CATEGORIES.items():
        found = Category.find([("name", "=", name), ("accounting", "=", False)])
        categories[family] = found[0] if found else Category(name=name)
        if not found:
            categories[family].save()
    for code, product in products.items():
        category = categories.get(code.split("-")[0])
        template = Template(product.template.id)
        if category and category not in template.categories:
            template.categories.append(Category(category.id))
            template.save()


def ensure_customer_price_lists(cfg, customers, company):
    """The price lists of facts.CUSTOMER_PRICE_LISTS, each the party's sale price list."""
    PriceList = Model.get("product.price_list", config=cfg)
    Party = Model.get("party.party", config=cfg)
    for code, (name, factor) in CUSTOMER_PRICE_LISTS.items():
        found = PriceList.find([("name", "=", name)])
        if found:
            price_list = found[0]
        else:
            price_list = PriceList(name=name, company=company, price="list_price")
            price_list.unit = "product_sale"
            line = price_list.lines.new()
            line.formula = f"list_price * {factor}"
            price_list.save()
        party = Party(customers[code].id)
        if party.sale_price_list != price_list:
            party.sale_price_list = price_list
            party.save()
