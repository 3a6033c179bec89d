from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.customer import customer_parties
from erp.company import company_list


def portal(request: HttpRequest) -> dict:
    """The layout's data: the active customer (None when anonymous), every customer the
    user may act for (``customers``, from the session: no call) and the supplier.

    ``companies`` is every company of the Tryton database (documents show their own),
    ``supplier`` the portal's own; both are read on first use only, from memory or the
    cache once warm, and never raise (see erp/company.py).
    """
    customer = getattr(request, "customer", None)
    companies = SimpleLazyObject(company_list)
    return {
        # request.customer is lazy: resolve it so templates can test it with {% if %}.
        "customer": customer if customer else None,
        "customers": SimpleLazyObject(lambda: customer_parties(request) if customer else []),
        "companies": companies,
        "supplier": SimpleLazyObject(lambda: companies.main),
    }
