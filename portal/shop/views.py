import datetime as dt
import uuid

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import acting_required
from audit.models import Action
from audit.services import audit_record
from core.listing import page_number, query
from erp.catalog import MAX_SEARCH
from erp.errors import RecordNotFound, TrytonValidationError
from erp.filters import search_text

from . import cart, selectors, services
from .forms import CheckoutForm, QuickOrderForm
from .quick_order import (
    BAD_QUANTITY,
    NO_QUANTITY,
    TOO_MANY,
    UNKNOWN_CODE,
    decode_upload,
    parse_lines,
)

# Why a quick-order line is not added, in the customer's words.
QUICK_ERRORS = {
    NO_QUANTITY: gettext_lazy("No quantity: write the code, a comma, then the quantity."),
    BAD_QUANTITY: gettext_lazy("The quantity is not a number above 0."),
    UNKNOWN_CODE: gettext_lazy("No product we sell has this code."),
    TOO_MANY: gettext_lazy("Too many lines: an order holds at most 100."),
    selectors.BAD_UNIT_QUANTITY: gettext_lazy("This product is sold in whole units."),
}


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def _back(request, default: str):
    """Where a cart form came from (same site only), else ``default``."""
    target = request.POST.get("next") or ""
    # A path of this site only; redirect() would take anything else for a view's name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return HttpResponseRedirect(target)
    return redirect(default)


@require_GET
@acting_required
def catalog(request):
    number = page_number(request.GET.get("page"))
    search = search_text(request.GET.get("q"))[:MAX_SEARCH]
    category_id = _int(request.GET.get("category"))
    page = selectors.catalog(
        customer=request.customer, search=search, category_id=category_id, page=number
    )
    if number > 1 and not page.items:
        raise Http404
    return render(
        request,
        "shop/catalog.html",
        {
            "page": page,
            "search": search,
            "category_id": category_id,
            "list_query": query(q=search, category=category_id or ""),
            "cart_count": cart.cart_count(request.session, party_id=request.customer.party_id),
            "as_of": page.as_of,
        },
    )


@require_POST
@acting_required
def cart_add(request):
    customer = request.customer
    product_id = _int(request.POST.get("product"))
    item = selectors.catalog_item(customer=customer, product_id=product_id) if product_id else None
    if item is None:
        messages.error(request, _("This product cannot be ordered any more."))
        return _back(request, "shop:catalog")
    quantity = cart.parse_quantity(request.POST.get("quantity"), digits=item.unit_digits)
    if quantity is None:
        messages.error(
            request,
            _("“%(product)s”: type a quantity above 0%(whole)s.")
            % {"product": item.name,
               "whole": _(", in whole units") if item.unit_digits == 0 else ""},
        )
        return _back(request, "shop:catalog")
    try:
        services.cart_add(customer=customer, session=request.session, item=item, quantity=quantity)
    except cart.CartFull:
        messages.error(request, _("Your cart is full: an order holds at most 100 products."))
    else:
        messages.success(request, _("“%(product)s” is in your cart.") % {"product": item.name})
    return _back(request, "shop:catalog")


@require_GET
@acting_required
def cart_view(request):
    the_cart = selectors.cart_get(customer=request.customer, session=request.session)
    return render(request, "shop/cart.html", {"cart": the_cart})


@require_POST
@acting_required
def cart_update(request):
    customer = request.customer
    product_id = _int(request.POST.get("product"))
    if product_id is None:
        return redirect("shop:cart")
    if "remove" in request.POST:
        services.cart_set(customer=customer, session=request.session, product_id=product_id,
                          quantity=0)
        messages.success(request, _("The product is out of your cart."))
        return redirect("shop:cart")
    item = selectors.catalog_item(customer=customer, product_id=product_id)
    raw = (request.POST.get("quantity") or "").strip()
    if raw in {"0", "0,0", "0.0"}:
        quantity = 0
    else:
        quantity = cart.parse_quantity(raw, digits=item.unit_digits if item else 0)
    if item is None or quantity is None:
        messages.error(request, _("Type a quantity above 0, or 0 to remove the product."))
        return redirect("shop:cart")
    services.cart_set(customer=customer, session=request.session, product_id=product_id,
                      quantity=quantity)
    messages.success(request, _("Your cart is up to date."))
    return redirect("shop:cart")


@require_http_methods(["GET", "POST"])
@acting_required
def checkout(request):
    customer = request.customer
    if request.method == "POST":
        # The same form sent again once its order exists: show that order.
        done = services.checkout_done(
            session=request.session, idempotency_key=request.POST.get("key", ""))
        if done:
            return redirect("orders:detail", order_id=done)
        # Sent again once kept in the outbox: the orders list shows it pending.
        if services.checkout_kept(customer=customer, user=request.user,
                                  idempotency_key=request.POST.get("key", "")):
            return redirect("orders:list")
    the_cart = selectors.cart_get(customer=customer, session=request.session)
    if not the_cart.lines:
        messages.error(request, _("Your cart is empty: add products before ordering."))
        return redirect("shop:cart")
    addresses = selectors.delivery_addresses(customer=customer)
    refusal = ""
    if request.method == "POST":
        form = CheckoutForm(request.POST, addresses=addresses)
        if form.is_valid():
            data = form.cleaned_data
            address = next(a for a in addresses if a.id == data["address"])
            try:
                done = services.checkout(
                    customer=customer, user=request.user, session=request.session,
                    the_cart=the_cart, address_id=address.id, address_label=address.label,
                    delivery_date=data["delivery_date"], idempotency_key=data["key"],
                )
            except TrytonValidationError as error:
                refusal = error.message
            else:
                audit_record(
                    request, Action.ORDER_PLACED,
                    target="order pending" if done.queued else f"order {done.sale_id}",
                )
                if done.queued:
                    messages.success(request, _(
                        "The supplier's system cannot be reached right now: your order is "
                        "saved and will be sent when it is back. It shows as pending below."))
                    return redirect("orders:list")
                messages.success(
                    request, _("Thank you: your order is sent. We confirm it shortly."))
                return redirect("orders:detail", order_id=done.sale_id)
    else:
        form = CheckoutForm(
            addresses=addresses,
            initial={
                "address": addresses[0].id if addresses else None,
                "delivery_date": dt.date.today() + dt.timedelta(days=1),
                "key": uuid.uuid4().hex,
            },
        )
    return render(
        request,
        "shop/checkout.html",
        {"cart": the_cart, "form": form, "refusal": refusal, "addresses": addresses},
    )


@require_POST
@acting_required
def reorder(request, order_id: int):
    try:
        result = services.reorder(
            customer=request.customer, session=request.session, order_id=order_id)
    except RecordNotFound:
        raise Http404
    except cart.CartFull:
        messages.error(request, _("Your cart is full: an order holds at most 100 products."))
        return redirect("shop:cart")
    if result.added:
        count = len(result.added)
        messages.success(request, ngettext(
            "%(count)s product of this order is in your cart.",
            "%(count)s products of this order are in your cart.", count) % {"count": count})
    if result.not_sold:
        messages.error(request, _("Not sold any more, left out: %(products)s.")
                       % {"products": ", ".join(result.not_sold)})
    return redirect("shop:cart")


@require_http_methods(["GET", "POST"])
@acting_required
def quick_order(request):
    customer = request.customer
    form = QuickOrderForm(request.POST or None, request.FILES or None)
    matched = []
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data.get("lines") or ""
        upload = form.cleaned_data.get("file")
        if upload:
            decoded = decode_upload(upload.read())
            if decoded is None:
                form.add_error("file", _("This file is not a CSV file."))
            text = decoded or ""
        matched = selectors.quick_order_match(customer=customer, lines=parse_lines(text))
        if "add" in request.POST and not form.errors:
            try:
                count = services.quick_order_add(
                    customer=customer, session=request.session, lines=matched)
            except cart.CartFull:
                messages.error(
                    request, _("Your cart is full: an order holds at most 100 products."))
                return redirect("shop:cart")
            messages.success(request, ngettext(
                "%(count)s product is in your cart.",
                "%(count)s products are in your cart.", count) % {"count": count})
            return redirect("shop:cart")
        if not matched and not form.errors:
            form.add_error("lines", _("No line to read: one product a line, code then quantity."))
        # What the preview read, kept for the "add" button (the file is not sent again).
        form = QuickOrderForm(initial={"lines": text}) if not form.errors else form
    lines = [
        {"line": line, "error": QUICK_ERRORS.get(line.error, "")} for line in matched
    ]
    return render(
        request,
        "shop/quick_order.html",
        {
            "form": form,
            "lines": lines,
            "matched_count": sum(1 for line in matched if not line.error),
        },
    )
