"""The layout's tags: the supplier's logo and the company a document belongs to.

Pure lookups in what the context processor already holds: no call to Tryton here.
"""

from django import template
from django.urls import reverse

from erp.company import Companies, Company

register = template.Library()


@register.simple_tag
def logo_url(company: Company | None) -> str:
    """The URL of the company's logo, or '' when it has none."""
    if not company or not company.logo:
        return ""
    return reverse(
        "company_logo", kwargs={"company_id": company.id, "digest": company.logo_digest}
    )


@register.filter
def issuer(companies: Companies | None, document) -> Company | None:
    """``companies|issuer:order``: the company that issued the document."""
    return companies.issuer(document) if companies else None
