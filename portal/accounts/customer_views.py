"""Choosing the customer a web user acts for, when it acts for several."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from erp.scope import valid_id

from .customer import customer_parties, remember_party
from .services import customer_switch


def _section(request: HttpRequest, url: str | None) -> str:
    """Where to land after choosing: the section of ``url`` ("/orders/42/" -> "/orders/").

    A record of the customer left behind would be a 404 for the new one, so only the
    section is kept; anything else (another site, the accounts pages) is the home page.
    """
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    segment = url.split("?", 1)[0].split("#", 1)[0].lstrip("/").split("/", 1)[0]
    section = f"/{segment}/" if segment else "/"
    try:
        match = resolve(section)
    except Resolver404:
        return "/"
    return "/" if (match.url_name or "").startswith("account_") else section


@require_http_methods(["GET", "POST"])
def customer_choose(request: HttpRequest) -> HttpResponse:
    """GET: "Which customer do you act for?"; POST ``party``: act for it from now on.

    A party the web user may not act for is a 404 and changes nothing.
    """
    next_url = _section(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        try:
            party_id = int(request.POST.get("party", ""))
        except ValueError:
            raise Http404() from None
        customer = customer_switch(request, party_id=party_id) if valid_id(party_id) else None
        if customer is None:
            raise Http404()
        messages.success(request, _("You now act for %(name)s.") % {"name": customer.name})
        response = redirect(next_url)
        remember_party(response, web_user_id=request.user.web_user_id, party_id=party_id)
        return response
    customers = customer_parties(request)
    if len(customers) < 2:
        return redirect(next_url)
    return render(
        request, "account/customer_choose.html", {"customers": customers, "next": next_url}
    )
