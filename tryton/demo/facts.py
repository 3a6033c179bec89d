"""What the demo data promises, in one place: the loader builds it, the tests read it.

Pure data (no Tryton import), so the pytest harness can import it cheaply.
"""

COMPANY_NAME = "Ferment Station"
CURRENCY = "EUR"

# Every demo web user has this password (printed by `make run`).
DEMO_PASSWORD = "demo-portal-2026"

# Customers: code -> party data. Codes are the lookup keys that make the loader idempotent.
CUSTOMERS = {
    "C-PENTES": {
        "name": "Le Comptoir des Pentes",
        "kind": "bar",
        "street": "12 montée de la Grande-Côte",
        "postal_code": "69001",
        "city": "Lyon",
        "email": "contact@comptoir-des-pentes.example.fr",
        "phone": "+33 4 78 28 14 52",
    },
    "C-GARNIER": {
        "name": "Épicerie fine Maison Garnier",
        "kind": "épicerie fine",
        "street": "5 rue Royale",
        "postal_code": "74000",
        "city": "Annecy",
        "email": "bonjour@maison-garnier.example.fr",
        "phone": "+33 4 50 45 21 07",
    },
    "C-GARNIER-CHY": {
        "name": "Maison Garnier Chambéry",
        "kind": "épicerie fine",
        "street": "18 place Saint-Léger",
        "postal_code": "73000",
        "city": "Chambéry",
        "email": "chambery@maison-garnier.example.fr",
        "phone": "+33 4 79 33 60 18",
    },
    "C-MARCHE": {
        "name": "La Table du Marché",
        "kind": "restaurant",
        "street": "34 cours Émile-Zola",
        "postal_code": "69100",
        "city": "Villeurbanne",
        "email": "reservation@table-du-marche.example.fr",
        "phone": "+33 4 72 44 90 31",
    },
    "C-BULLES": {
        "name": "Saveurs & Bulles Traiteur",
        "kind": "traiteur",
        "street": "7 avenue Alsace-Lorraine",
        "postal_code": "38000",
        "city": "Grenoble",
        "email": "commandes@saveurs-et-bulles.example.fr",
        "phone": "+33 4 76 86 12 40",
    },
    "C-ALAMBIC": {
        "name": "L'Alambic Vert",
        "kind": "bar",
        "street": "61 rue Oberkampf",
        "postal_code": "75011",
        "city": "Paris",
        "email": "hello@alambic-vert.example.fr",
        "phone": "+33 1 43 55 27 89",
    },
}

# Web users (portal logins): email -> main party code and secondary party codes.
# Le Comptoir des Pentes has TWO web users; Claire Garnier also acts for the Chambéry shop.
WEB_USERS = {
    "sophie@comptoir-des-pentes.example.fr": {"party": "C-PENTES", "secondary": []},
    "achats@comptoir-des-pentes.example.fr": {"party": "C-PENTES", "secondary": []},
    "claire@maison-garnier.example.fr": {"party": "C-GARNIER", "secondary": ["C-GARNIER-CHY"]},
    "chef@table-du-marche.example.fr": {"party": "C-MARCHE", "secondary": []},
    "commandes@saveurs-et-bulles.example.fr": {"party": "C-BULLES", "secondary": []},
}

# Finished goods: (code, name, list price, cost price). Prices are per unit, excl. VAT.
_FLAVOURS = {
    # family code: (label, {flavour code: flavour})
    "KB": ("Kombucha", {"ORI": "Original", "GIC": "Gingembre-Citron",
                        "HIB": "Hibiscus-Framboise", "MEN": "Menthe-Concombre"}),
    "KF": ("Kéfir de fruits", {"FIG": "Citron-Figue", "SUR": "Fleur de sureau",
                               "GRE": "Grenade"}),
    "GB": ("Ginger beer", {"ORI": "Original", "EPI": "Épicée"}),
}
_FORMATS = {
    # format code: (label, list price, cost price)
    "33": ("bouteille 33 cl", "2.40", "0.95"),
    "75": ("bouteille 75 cl", "5.20", "2.10"),
    "F20": ("fût 20 L", "78.00", "32.00"),
}
_FORMATS_BY_FAMILY = {"KB": ["33", "75", "F20"], "KF": ["33", "75"], "GB": ["33", "75"]}


def _products():
    products = []
    for family, (label, flavours) in _FLAVOURS.items():
        for slug, flavour in flavours.items():
            for fmt in _FORMATS_BY_FAMILY[family]:
                fmt_label, list_price, cost_price = _FORMATS[fmt]
                products.append(
                    (f"{family}-{slug}-{fmt}", f"{label} {flavour} – {fmt_label}",
                     list_price, cost_price))
    return products


PRODUCTS = _products()

# Raw materials and packaging used by the bills of materials: (code, name, uom xml id, cost).
COMPONENTS = [
    ("MP-THE", "Thé vert bio", "product.uom_kilogram", "18.00"),
    ("MP-SUCRE", "Sucre de canne bio", "product.uom_kilogram", "2.40"),
    ("MP-GINGEMBRE", "Gingembre frais bio", "product.uom_kilogram", "6.50"),
    ("EMB-B33", "Bouteille verre 33 cl", "product.uom_unit", "0.22"),
    ("EMB-CAPS", "Capsule 26 mm", "product.uom_unit", "0.03"),
]

# Sales: how many of each state the loader builds (at least 40 in all).
SALE_STATES = {
    "draft": 6,
    "quotation": 6,
    "confirmed": 5,
    "processing": 14,
    "done": 10,
    "cancelled": 5,
}
# Invoice states the demo guarantees (an overdue one is posted, unpaid, due in the past).
INVOICE_STATES = ("draft", "posted", "paid")
# Production order states the demo builds.
PRODUCTION_STATES = ("draft", "waiting", "assigned", "running", "done")

SERVICE_LOGIN = "portal_service"
SERVICE_PASSWORD_DEFAULT = "portal-service"
