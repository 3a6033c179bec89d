"""Account → Profile (name, phone, language, sign-in e-mail) and Account → Organisation
(the customer's addresses and contacts).

Tryton keeps all of it (erp/profile.py): every member edits their own profile; the
organisation's addresses and contacts are read by every member and changed by its
administrators only (403 here before any call, refused by Tryton as well).
"""

import logging
from functools import wraps

from allauth.core.ratelimit import respond_429
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import Action
from audit.services import audit_record
from core.unavailable import FORM_REFUSED, WRITE_REFUSED, unavailable
from erp import identity as tryton_identity
from erp import profile as erp_profile
from erp.errors import RecordNotFound, TrytonUnavailable, TrytonValidationError

from . import passwords
from .customer import SESSION_CHECKED_AT, SESSION_TRYTON_KEY
from .language import set_language_cookie
from .models import User
from .profile_forms import AddressForm, ContactForm, EmailChangeForm, ProfileForm
from .roles import members_required

logger = logging.getLogger(__name__)

SESSION_EMAIL_TOKEN = "portal_email_change_token"


def customer_required(view):
    """A signed-in member acting for no customer has no profile or organisation here."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.customer:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@never_cache
@require_http_methods(["GET", "POST"])
@customer_required
def profile(request):
    """The member's name, phone and language. 1 call cold, 0 warm; saving costs 1."""
    scope = request.customer.scope
    current = erp_profile.profile_get(scope, web_user_id=request.user.web_user_id)
    initial = {"name": current.name, "phone": current.phone, "language": current.language}
    form = ProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                erp_profile.profile_update(
                    scope, name=data["name"], phone=data["phone"], language=data["language"]
                )
            except TrytonUnavailable:
                form.add_error(None, FORM_REFUSED)
                return unavailable(
                    render(request, "account/profile.html", {"form": form, "profile": current})
                )
            except TrytonValidationError as refusal:
                form.add_error(None, refusal.message)
            else:
                audit_record(request, Action.PROFILE_CHANGED)
                messages.success(request, _("Your profile is saved."))
                return set_language_cookie(redirect("account_profile"), data["language"])
        status = 400
    return render(
        request, "account/profile.html", {"form": form, "profile": current}, status=status
    )


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
@customer_required
def email_change(request):
    """The new address and the password again; Tryton e-mails the new address a link."""
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            if not passwords.throttle_allows(request, action="change_email"):
                return respond_429(request)
            sent = erp_profile.email_change_request(
                request.customer.scope, password=form.cleaned_data["password"], email=email
            )
        except (passwords.ThrottleUnavailable, TrytonUnavailable):
            logger.warning("E-mail change refused: a dependency is down")
            form.add_error(None, FORM_REFUSED)
            return unavailable(render(request, "account/email_change.html", {"form": form}))
        except TrytonValidationError as refusal:
            form.add_error("email", refusal.message)
        else:
            if sent:
                audit_record(request, Action.EMAIL_CHANGE_REQUESTED, target=email)
                messages.success(
                    request,
                    _(
                        "We sent a link to %(email)s: follow it within an hour to sign in "
                        "with that address. Until then, nothing changes."
                    )
                    % {"email": email},
                )
                return redirect("account_profile")
            form.add_error("password", _("Your password is not correct."))
    status = 400 if form.errors else 200
    return render(request, "account/email_change.html", {"form": form}, status=status)


@transaction.atomic
def _mirror_email_change(web_user_id: int, email: str) -> User | None:
    """The local mirror of the web user signs in with ``email`` too."""
    for stale in User.objects.filter(email=email).exclude(web_user_id=web_user_id):
        stale.email = f"stale-{stale.pk}@invalid"
        stale.is_active = False
        stale.save(update_fields=["email", "is_active"])
    user = User.objects.filter(web_user_id=web_user_id).first()
    if user is not None:
        user.email = email
        user.save(update_fields=["email"])
    return user


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def email_change_confirm(request):
    """The page of the e-mail's link: a button confirms the new address (a link preview
    or a mail scanner opening the link changes nothing). The token leaves the URL at once."""
    token = request.GET.get("token")
    if token:
        request.session[SESSION_EMAIL_TOKEN] = token[:200]
        return redirect("account_email_confirm")
    token = request.session.get(SESSION_EMAIL_TOKEN)
    if not token:
        return render(request, "account/email_confirm.html", {"invalid_link": True})
    if request.method == "GET":
        return render(request, "account/email_confirm.html", {})
    try:
        if not passwords.throttle_allows(request, action="change_email_confirm"):
            return respond_429(request)
        result = erp_profile.email_change_confirm(token=token)
    except (passwords.ThrottleUnavailable, TrytonUnavailable):
        logger.warning("E-mail change confirmation refused: a dependency is down")
        return unavailable(render(request, "account/email_confirm.html", {"error": WRITE_REFUSED}))
    request.session.pop(SESSION_EMAIL_TOKEN, None)
    if result is None:
        return render(request, "account/email_confirm.html", {"invalid_link": True})
    web_user_id, email = result
    user = _mirror_email_change(web_user_id, email)
    audit_record(
        request,
        Action.EMAIL_CHANGED,
        target=email,
        user=user,
        email=email,
        party_id=user.party_id if user else None,
    )
    messages.success(request, _("Your sign-in e-mail is now %(email)s.") % {"email": email})
    if request.user.is_authenticated and request.user.web_user_id == web_user_id:
        # The identity cached for this session still names the old address.
        tryton_identity.web_user_session_forget(session=request.session.get(SESSION_TRYTON_KEY))
        request.session[SESSION_CHECKED_AT] = 0
        return redirect("account_profile")
    return redirect("account_login")


def _account_or_404(request, record: str, record_id: int):
    """(the customer's account, its address or contact ``record_id``); 404 for anybody
    else's. 1 call cold, 0 warm."""
    account = erp_profile.account_get(request.customer.scope)
    try:
        found = getattr(account, record)(record_id)
    except RecordNotFound:
        raise Http404 from None
    return account, found


@never_cache
@require_http_methods(["GET"])
@customer_required
def organisation(request):
    """The customer's name, tax identifier, addresses and contacts. 1 call cold, 0 warm."""
    account = erp_profile.account_get(request.customer.scope)
    return render(request, "account/organisation.html", {"account": account})


def _write(request, form, template, context, write, *, action, target):
    """Send a valid ``form`` to Tryton through ``write()``; the form back on a refusal."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except TrytonUnavailable:
            form.add_error(None, FORM_REFUSED)
            return unavailable(render(request, template, {"form": form, **context}))
        except TrytonValidationError as refusal:
            form.add_error(None, refusal.message)
        else:
            audit_record(request, action, target=target)
            messages.success(request, _("Your organisation's details are saved."))
            return redirect("account_organisation")
    return render(request, template, {"form": form, **context}, status=400)


ADDRESS_FIELDS = ("party_name", "street", "postal_code", "city", "country")


@never_cache
@require_http_methods(["GET", "POST"])
@members_required
def address_add(request):
    form = AddressForm(request.POST or None)
    if request.method == "GET":
        return render(request, "account/address_form.html", {"form": form})
    return _write(
        request, form, "account/address_form.html", {},
        lambda data: erp_profile.address_create(request.customer.scope, values=data),
        action=Action.ADDRESS_CHANGED, target="address added",
    )


@never_cache
@require_http_methods(["GET", "POST"])
@members_required
def address_edit(request, address_id: int):
    _account, address = _account_or_404(request, "address", address_id)
    initial = {name: getattr(address, name) for name in ADDRESS_FIELDS}
    form = AddressForm(request.POST or None, initial=initial)
    context = {"address": address}
    if request.method == "GET":
        return render(request, "account/address_form.html", {"form": form, **context})
    return _write(
        request, form, "account/address_form.html", context,
        lambda data: erp_profile.address_update(
            request.customer.scope, address_id=address.id, values=data
        ),
        action=Action.ADDRESS_CHANGED, target=f"address {address.id}",
    )


@require_POST
@members_required
def address_deactivate(request, address_id: int):
    _account, address = _account_or_404(request, "address", address_id)
    return _remove(
        request,
        lambda: erp_profile.address_deactivate(request.customer.scope, address_id=address.id),
        action=Action.ADDRESS_CHANGED, target=f"address {address.id} removed",
        done=_("The address is removed from your organisation's."),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@members_required
def contact_add(request):
    form = ContactForm(request.POST or None)
    if request.method == "GET":
        return render(request, "account/contact_form.html", {"form": form})
    return _write(
        request, form, "account/contact_form.html", {},
        lambda data: erp_profile.contact_create(request.customer.scope, **data),
        action=Action.CONTACT_CHANGED, target="contact added",
    )


@never_cache
@require_http_methods(["GET", "POST"])
@members_required
def contact_edit(request, contact_id: int):
    _account, contact = _account_or_404(request, "contact", contact_id)
    form = ContactForm(
        request.POST or None,
        initial={"value": contact.value, "name": contact.name},
        fixed_type=contact.type,
    )
    context = {"contact": contact}
    if request.method == "GET":
        return render(request, "account/contact_form.html", {"form": form, **context})
    return _write(
        request, form, "account/contact_form.html", context,
        lambda data: erp_profile.contact_update(
            request.customer.scope, contact_id=contact.id, value=data["value"], name=data["name"]
        ),
        action=Action.CONTACT_CHANGED, target=f"contact {contact.id}",
    )


@require_POST
@members_required
def contact_remove(request, contact_id: int):
    _account, contact = _account_or_404(request, "contact", contact_id)
    return _remove(
        request,
        lambda: erp_profile.contact_remove(request.customer.scope, contact_id=contact.id),
        action=Action.CONTACT_CHANGED, target=f"contact {contact.id} removed",
        done=_("The contact is removed."),
    )


def _remove(request, call, *, action: str, target: str, done: str):
    """Remove an address or a contact in Tryton, then back to the organisation page with
    what happened: done (audited), Tryton unreachable, or Tryton's refusal."""
    try:
        call()
    except TrytonUnavailable:
        messages.error(request, WRITE_REFUSED)
    except TrytonValidationError as refusal:
        messages.error(request, refusal.message)
    else:
        audit_record(request, action, target=target)
        messages.success(request, done)
    return redirect("account_organisation")
