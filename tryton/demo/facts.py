"""What the demo data promises, in one place: the loader builds it, the tests read it.

Pure data (no Tryton import), so the pytest harness can import it cheaply.
"""

COMPANY_NAME = "Ferment Station"
CURRENCY = "EUR"
# Date formats set on Tryton's languages, by code: Tryton's French writes 15.04.2027, French
# business documents 15/04/2027.
DATE_FORMATS = {"fr": "%d/%m/%Y"}
# The supplier's companies, each with the contact and logo the portal shows. The first sells
# everything in the demo and is the portal's own; the second, a production site run as its
# own entity, shows that a database may hold several companies.
SECOND_COMPANY_NAME = "Ferment Station Savoie"
COMPANIES = {
    COMPANY_NAME: {
        "street": "4 rue des Brasseurs",
        "postal_code": "69007",
        "city": "Lyon",
        "email": "contact@ferment-station.example.fr",
        "phone": "+33 4 78 00 00 00",
        "logo": {"background": "#0f766e", "mark": "bubbles"},
    },
    SECOND_COMPANY_NAME: {
        "street": "27 avenue de la Boisse",
        "postal_code": "73000",
        "city": "Chambéry",
        "email": "savoie@ferment-station.example.fr",
        "phone": "+33 4 79 00 00 00",
        "logo": {"background": "#1e3a8a", "mark": "mountain"},
    },
}

# What the second company quotes (module demo/second_company.py): its documents show under
# its own name and logo in the portal. (code, quantity, unit price excl. VAT) per line.
SECOND_COMPANY_QUOTATIONS = [
    {"reference": "SAVOIE-001", "customer": "C-PENTES", "days_ago": 3,
     "description": "Fûts pour la saison d'hiver",
     "lines": [("KB-ORI-F20", 4, "76.00"), ("KB-GIC-F20", 2, "76.00")]},
    {"reference": "SAVOIE-002", "customer": "C-PENTES", "days_ago": 8,
     "description": "Ginger beer en bouteilles",
     "lines": [("GB-EPI-33", 48, "2.30")]},
]  # fmt: skip

# Every demo web user has this password (printed by `make run`).
DEMO_PASSWORD = "demo-portal-2026"

# Customers: code -> party data. Codes are the lookup keys that make the loader idempotent.
# "lang" is the party's language in Tryton, which its documents (PDFs, e-mails) are written
# in: French for the Lyon-area customers; L'Alambic Vert, run by an English-speaking team,
# shows the other.
CUSTOMERS = {
    "C-PENTES": {
        "name": "Le Comptoir des Pentes",
        "kind": "bar",
        "street": "12 montée de la Grande-Côte",
        "postal_code": "69001",
        "city": "Lyon",
        "email": "contact@comptoir-des-pentes.example.fr",
        "phone": "+33 4 78 28 14 52",
        "lang": "fr",
    },
    "C-GARNIER": {
        "name": "Épicerie fine Maison Garnier",
        "kind": "épicerie fine",
        "street": "5 rue Royale",
        "postal_code": "74000",
        "city": "Annecy",
        "email": "bonjour@maison-garnier.example.fr",
        "phone": "+33 4 50 45 21 07",
        "lang": "fr",
    },
    "C-GARNIER-CHY": {
        "name": "Maison Garnier Chambéry",
        "kind": "épicerie fine",
        "street": "18 place Saint-Léger",
        "postal_code": "73000",
        "city": "Chambéry",
        "email": "chambery@maison-garnier.example.fr",
        "phone": "+33 4 79 33 60 18",
        "lang": "fr",
    },
    "C-MARCHE": {
        "name": "La Table du Marché",
        "kind": "restaurant",
        "street": "34 cours Émile-Zola",
        "postal_code": "69100",
        "city": "Villeurbanne",
        "email": "reservation@table-du-marche.example.fr",
        "phone": "+33 4 72 44 90 31",
        "lang": "fr",
    },
    "C-BULLES": {
        "name": "Saveurs & Bulles Traiteur",
        "kind": "traiteur",
        "street": "7 avenue Alsace-Lorraine",
        "postal_code": "38000",
        "city": "Grenoble",
        "email": "commandes@saveurs-et-bulles.example.fr",
        "phone": "+33 4 76 86 12 40",
        "lang": "fr",
    },
    "C-ALAMBIC": {
        "name": "L'Alambic Vert",
        "kind": "bar",
        "street": "61 rue Oberkampf",
        "postal_code": "75011",
        "city": "Paris",
        "email": "hello@alambic-vert.example.fr",
        "phone": "+33 1 43 55 27 89",
        "lang": "en",
    },
}

# Web users (portal logins): email -> main party code and secondary party codes.
# Le Comptoir des Pentes has TWO web users; Claire Garnier also acts for the Chambéry shop.
# Portal logins with their role for their parties (docs/contracts.md): the first logins
# are the customers' administrators; Le Comptoir des Pentes also has a member in each
# other role, to try each role with `make run`.
WEB_USERS = {
    "sophie@comptoir-des-pentes.example.fr": {
        "party": "C-PENTES", "secondary": [], "role": "admin"},
    "achats@comptoir-des-pentes.example.fr": {
        "party": "C-PENTES", "secondary": [], "role": "admin"},
    "claire@maison-garnier.example.fr": {
        "party": "C-GARNIER", "secondary": ["C-GARNIER-CHY"], "role": "admin"},
    "chef@table-du-marche.example.fr": {"party": "C-MARCHE", "secondary": [], "role": "admin"},
    "commandes@saveurs-et-bulles.example.fr": {
        "party": "C-BULLES", "secondary": [], "role": "admin"},
    "lucas@comptoir-des-pentes.example.fr": {
        "party": "C-PENTES", "secondary": [], "role": "buyer"},
    "compta@comptoir-des-pentes.example.fr": {
        "party": "C-PENTES", "secondary": [], "role": "accountant"},
    "accueil@comptoir-des-pentes.example.fr": {
        "party": "C-PENTES", "secondary": [], "role": "viewer"},
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
# Customer A's standing order: the same few drinks every few days for most of a year, done
# and paid, so "My orders" needs several pages (20 a page). References REGULAR-NNN. Products
# the production demo leaves alone, 12 or 24 at a time: the opening stock covers them.
REGULAR_ORDERS = {"customer": "C-PENTES", "count": 56, "every_days": 5, "first_days_ago": 41,
                  "products": ["KB-HIB-33", "KF-SUR-33", "GB-EPI-33", "KB-GIC-F20"]}
# Quotations waiting for the customer's answer in the portal, valid QUOTATION_VALIDITY_DAYS
# from the day they were quoted: two still open, one expired (``quoted_days_ago``).
QUOTATION_VALIDITY_DAYS = 30
OPEN_QUOTATIONS = [
    {"reference": "DEVIS-001", "customer": "C-PENTES", "quoted_days_ago": 2,
     "lines": [("KB-HIB-75", 24), ("KF-FIG-33", 48)]},
    {"reference": "DEVIS-002", "customer": "C-PENTES", "quoted_days_ago": 6,
     "lines": [("KB-GIC-F20", 2)]},
    {"reference": "DEVIS-003", "customer": "C-PENTES", "quoted_days_ago": 45,
     "lines": [("KB-MEN-33", 96)]},
]  # fmt: skip
# Invoice states the demo guarantees (an overdue one is posted, unpaid, due in the past).
INVOICE_STATES = ("draft", "posted", "paid")
# Production order states the demo builds (facts.PRODUCTIONS).
PRODUCTION_STATES = ("draft", "waiting", "assigned", "running", "done")

SERVICE_LOGIN = "portal_service"
SERVICE_PASSWORD_DEFAULT = "portal-service"

# Back-office users (Tryton client): login -> name, groups as "module.xml_id", and whether
# the person is an employee of the company (a support contact must be one). One password.
BACKOFFICE_PASSWORD = "demo-backoffice-2026"
BACKOFFICE_USERS = {
    "bill.boquet": {
        "name": "Bill Boquet", "groups": ["event.group_event_sales"],
        "role": "commercial événements"},
    "kate.hastroff": {
        "name": "Kate Hastroff", "groups": ["event.group_event_support"],
        "role": "support événements"},
    "alienor.vichum": {
        "name": "Aliénor Vichum", "groups": ["event.group_event_support"],
        "role": "support événements"},
    "marc.delorme": {
        "name": "Marc Delorme", "groups": ["event.group_event_management"],
        "role": "gestion des événements"},
    "julien.moreau": {
        "name": "Julien Moreau", "groups": ["pickup.group_pickup"],
        "role": "ramasses"},
    "nadia.benali": {
        "name": "Nadia Benali", "groups": ["pickup.group_pickup_admin"],
        "role": "administration des ramasses"},
    # Opens customers' portal accounts from the party form (invitations, parties,
    # deactivation); reads no customer document.
    "lea.marchand": {
        "name": "Léa Marchand", "groups": ["portal.group_portal_admin"],
        "role": "accès des clients au portail"},
}
# The events salesperson in charge of these customers (party.sales_responsible).
SALES_RESPONSIBLE = {"bill.boquet": ["C-BULLES", "C-MARCHE"]}

# An integrator (scripts over JSON-RPC) allowed to read one customer's documents.
INTEGRATOR_LOGIN = "integrator.pentes"
INTEGRATOR_PASSWORD = "demo-integrator-2026"
INTEGRATOR_PARTIES = ["C-PENTES"]

# Carriers (module carrier) receiving the pickup slips at their e-mail address, their
# "pickup contact". Transports Bernard has none: its slip e-mail fails, which the back
# office sees in the "E-mail failed" tab.
CARRIERS = {
    "T-SOFRIPA": {
        "name": "Sofripa", "street": "ZI de la Plaine, 12 rue du Commerce",
        "postal_code": "69800", "city": "Saint-Priest",
        "email": "ramasses@sofripa.example.fr", "phone": "+33 4 72 90 15 60"},
    "T-BERNARD": {
        "name": "Transports Bernard", "street": "3 chemin des Routiers",
        "postal_code": "38070", "city": "Saint-Quentin-Fallavier",
        "email": None, "phone": "+33 4 74 94 33 12"},
}
PICKUP_REPLY_TO = "ramasses@ferment-station.example.fr"
# The carriers' tracking pages ({reference}: the shipment's tracking reference). Transports
# Bernard has none: its shipments show the carrier and the reference, without a link.
TRACKING_URLS = {"T-SOFRIPA": "https://suivi.sofripa.example.fr/colis/{reference}"}
# Every how many shipped demo shipments one goes with Transports Bernard (the others with
# Sofripa); shipments older than TRACKED_DAYS have no carrier recorded.
BERNARD_EVERY = 3
TRACKED_DAYS = 120
# The carrier that collects the pickups customers request from the portal.
PORTAL_CARRIER = "T-SOFRIPA"
# Pickups: the comment is the lookup key of a second run. ``sale`` is the n-th (0-based)
# processing or done demo sale of the customer, whose lines fill the pickup;
# ``days`` is the pickup date relative to the day the demo is built.
PICKUPS = [
    {"customer": "C-PENTES", "state": "draft", "days": 6, "window": ("08:00", "12:00"),
     "carrier": "T-SOFRIPA", "sale": 0,
     "comment": "Accès par la montée de la Grande-Côte, sonner au bar."},
    {"customer": "C-GARNIER", "state": "requested", "days": 3, "window": ("09:00", "11:30"),
     "carrier": "T-SOFRIPA", "sale": 0,
     "comment": "Cartons sur palette filmée, entrée de service rue Royale."},
    {"customer": "C-MARCHE", "state": "requested", "days": 2, "window": ("14:00", "16:00"),
     "carrier": "T-BERNARD", "sale": None,
     "comment": "Côté cuisine, avant le service du soir."},
    {"customer": "C-BULLES", "state": "confirmed", "days": 1, "window": ("07:30", "10:00"),
     "carrier": "T-SOFRIPA", "sale": 0,
     "comment": "Chambre froide au sous-sol, prévoir un diable."},
    {"customer": "C-ALAMBIC", "state": "done", "days": -10, "window": ("10:00", "12:00"),
     "carrier": "T-SOFRIPA", "sale": 0,
     "comment": "Fûts de 20 L à enlever en cave, code portail 4512."},
    {"customer": "C-PENTES", "state": "done", "days": -24, "window": ("08:30", "10:30"),
     "carrier": "T-SOFRIPA", "sale": 1,
     "comment": "Bouteilles consignées rangées près de la réserve."},
    # Le Comptoir des Pentes (the portal demo's customer) has one pickup it may still
    # cancel and one it no longer may.
    {"customer": "C-PENTES", "state": "requested", "days": 4, "window": ("14:00", "17:00"),
     "carrier": "T-SOFRIPA", "sale": None,
     "comment": "Fûts vides à reprendre, entrée par la cour."},
    {"customer": "C-PENTES", "state": "confirmed", "days": 2, "window": ("09:00", "11:00"),
     "carrier": "T-SOFRIPA", "sale": None,
     "comment": "Caisses de bouteilles consignées au comptoir."},
    {"customer": "C-GARNIER-CHY", "state": "cancelled", "days": -3,
     "window": ("13:30", "15:00"), "carrier": "T-SOFRIPA", "sale": None,
     "comment": "Annulée : la boutique récupère elle-même la commande."},
]
PICKUP_STATES = ("draft", "requested", "confirmed", "done", "cancelled")

# Events on signed sales (the n-th, 0-based, confirmed/processing/done demo sale of the
# customer). Times are UTC hours; ``days`` count from the day the demo is built.
# ``location``: "customer" for the customer's own address, else a text.
# ``cutoff_days``: the customer cut-off relative to today (None: until the start).
EVENTS = [
    {"name": "Mariage John Ouick", "customer": "C-BULLES", "sale": 0, "state": "done",
     "start": (-30, 13), "end": (-29, 2), "support": "kate.hastroff", "attendees": 75,
     "location": "53 rue du Château, 41120 Candé-sur-Beuvron",
     "notes": "La cérémonie commence à 15 h au bord de la rivière.\n"
              "Le traiteur sert le cocktail à partir de 17 h : kombuchas et ginger beers "
              "en bouteilles 75 cl, bien frais.", "cutoff_days": -37},
    {"name": "Assemblée générale Lou Bouzin", "customer": "C-MARCHE", "sale": 0,
     "state": "planned", "start": (21, 13), "end": (21, 15), "support": None,
     "attendees": 200, "location": "Salle des fêtes de Mufflins",
     "notes": "Assemblée générale des actionnaires (environ 200 personnes).\n"
              "Contact sur place : Jacky Blangier. Pause boissons à 14 h.",
     "cutoff_days": 14},
    {"name": "Soirée dégustation kombucha", "customer": "C-PENTES", "sale": 0,
     "state": "in_progress", "start": (0, 8), "end": (0, 22), "support": "kate.hastroff",
     "attendees": 40, "location": "customer",
     "notes": "Dégustation des quatre kombuchas, un fût en tirage pression.",
     "cutoff_days": -2},
    {"name": "Salon des traiteurs de Grenoble", "customer": "C-BULLES", "sale": 1,
     "state": "planned", "start": (9, 8), "end": (10, 17), "support": "alienor.vichum",
     "attendees": 350, "location": "Alpexpo, avenue d'Innsbruck, 38100 Grenoble",
     "notes": "Stand B12 partagé avec Saveurs & Bulles. Prévoir 2 fûts de ginger beer.",
     "cutoff_days": -1},
    {"name": "Afterwork des Pentes", "customer": "C-PENTES", "sale": 1, "state": "done",
     "start": (-40, 16), "end": (-40, 21), "support": "alienor.vichum", "attendees": 55,
     "location": "customer", "notes": "Deux fûts de kombucha gingembre-citron en tirage.",
     "cutoff_days": -47},
    {"name": "Fête de quartier de la Croix-Rousse", "customer": "C-PENTES", "sale": 1,
     "state": "planned", "start": (18, 14), "end": (18, 23), "support": "kate.hastroff",
     "attendees": 120, "location": "Place de la Croix-Rousse, 69004 Lyon",
     "notes": "Stand en terrasse, prévoir des gobelets consignés.", "cutoff_days": 11},
    {"name": "Brunch de printemps", "customer": "C-MARCHE", "sale": 1, "state": "planned",
     "start": (35, 9), "end": (35, 14), "support": None, "attendees": 60,
     "location": "customer", "notes": "Terrasse si la météo le permet.", "cutoff_days": None},
]
EVENT_STATES = ("planned", "in_progress", "done")

# Batch rules of the production proposals (product.template, in units):
# code -> (minimum batch, batch multiple, maximum per day).
BATCH_RULES = {
    "KB-ORI-33": (480, 240, 1440),
    "GB-ORI-33": (240, 120, 720),
    "KB-GIC-33": (240, 240, 960),
}

# Days between a sale and the delivery Tryton plans for it (product configuration's default
# lead time): without one, Tryton 8.2 plans every customer move for the day it is processed.
SALE_LEAD_TIME_DAYS = 14
# Production orders made for customers' sales: (product, quantity, state, days from today of
# the planned date, the sale served). A ("MTO-nnn", customer) sale is a demo sale of its own
# for that product and quantity, processing, to be delivered 2 days after the production;
# None: the first done demo sale holding the product.
PRODUCTIONS = [
    ("KB-ORI-33", 480, "done", -40, None),
    ("GB-ORI-33", 240, "done", -12, None),
    ("KB-ORI-33", 960, "running", -1, ("MTO-001", "C-PENTES")),
    ("GB-ORI-33", 480, "assigned", 2, ("MTO-002", "C-GARNIER")),
    ("KB-ORI-33", 720, "waiting", 6, ("MTO-003", "C-PENTES")),
    ("GB-ORI-33", 240, "draft", 12, ("MTO-004", "C-MARCHE")),
]
PRODUCTION_DELIVERY_DAYS = 2

# Complaints (module sale_complaint): the kinds of problem a customer may report on an
# order line from the portal, and the demo's complaints, one in each state for Le Comptoir
# des Pentes. ``sale`` is the n-th (0-based) done demo sale of the customer (invoiced and
# paid), whose first line the complaint is about; the description is the lookup key.
# The resolved one ends in a credit note of one unit, posted as the back office would.
COMPLAINT_TYPES = ["Bouteilles cassées", "Produit non conforme", "Quantité manquante"]
COMPLAINTS = [
    {"customer": "C-PENTES", "state": "draft", "sale": 0, "type": "Quantité manquante",
     "quantity": 2, "photos": 0,
     "description": "Il manquait deux bouteilles dans le carton à la livraison."},
    {"customer": "C-PENTES", "state": "waiting", "sale": 1, "type": "Bouteilles cassées",
     "quantity": 1, "photos": 1,
     "description": "Une bouteille arrivée fêlée, le carton était humide."},
    {"customer": "C-PENTES", "state": "approved", "sale": 2, "type": "Produit non conforme",
     "quantity": 1, "photos": 0,
     "description": "Étiquette illisible sur une bouteille, impossible de la servir."},
    {"customer": "C-PENTES", "state": "rejected", "sale": 3, "type": "Produit non conforme",
     "quantity": 1, "photos": 0,
     "description": "Le goût nous paraît plus acide que d'habitude."},
    {"customer": "C-PENTES", "state": "done", "sale": 4, "type": "Bouteilles cassées",
     "quantity": 1, "photos": 2, "credit_note": 1,
     "description": "Deux bouteilles cassées dans le transport, photos jointes."},
    {"customer": "C-PENTES", "state": "cancelled", "sale": 5, "type": "Quantité manquante",
     "quantity": 1, "photos": 0,
     "description": "Bouteille manquante, finalement retrouvée dans la réserve."},
    # Another customer's, with a photo: what customer A must never reach.
    {"customer": "C-MARCHE", "state": "waiting", "sale": 0, "type": "Bouteilles cassées",
     "quantity": 1, "photos": 1,
     "description": "Un fût livré cabossé, la valve fuit."},
]
COMPLAINT_STATES = ("draft", "waiting", "approved", "rejected", "done", "cancelled")

# The catalog of the portal (ordering): the category of each family of finished goods
# (product.category, by the code's first part), and the customers' own price lists
# (sale_price_list): customer code -> (price list name, factor on the list price).
CATALOG_CATEGORIES = {"KB": "Kombucha", "KF": "Kéfir de fruits", "GB": "Ginger beer"}
CUSTOMER_PRICE_LISTS = {"C-PENTES": ("Tarif bars partenaires (-10 %)", "0.90")}
# What customers pay to by bank transfer (the company's report_bank_details, module
# html_report): printed on the documents and shown with the transfer instructions.
COMPANY_BANK_DETAILS = (
    "Ferment Station SAS\n"
    "IBAN FR76 3000 6000 0112 3456 7890 189\n"
    "BIC AGRIFRPPXXX"
)
# The mentions French law asks on every invoice (module html_report): the legal form and
# capital are company fields, SIREN, SIRET (on the head office address) and VAT number the
# company party's identifiers (valid checksums: Luhn, and the FR key of the SIREN).
COMPANY_LEGAL_MENTIONS = {
    "legal_form": "SAS",
    "share_capital": "10 000 €",
    "recovery_indemnity": "40 €",
    "late_payment_penalty": {
        "en": "three times the French legal interest rate",
        "fr": "trois fois le taux d'intérêt légal",
    },
}
COMPANY_IDENTIFIERS = {
    "fr_siren": "732829320",
    "fr_siret": "73282932000074",
    "eu_vat": "FR44732829320",
}

# Reminders (account_dunning): one procedure whose levels apply so many days after the due
# date, on one customer whose overdue invoice is reminded (its statement shows the level).
DUNNING_PROCEDURE = "Relances clients"
DUNNING_LEVEL_DAYS = (10, 45)
DUNNING_CUSTOMER = "C-MARCHE"

# Approval inside the customer: Le Comptoir des Pentes approves its buyers' portal orders
# above this total (taxes included, EUR); one order of its buyer waits for that approval.
APPROVAL_THRESHOLDS = {"C-PENTES": "300.00"}
AWAITING_APPROVAL = {"reference": "APPRO-001", "customer": "C-PENTES",
                     "lines": [("KB-GIC-F20", 6)]}  # fmt: skip
