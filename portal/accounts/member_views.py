"""Account → Members: a customer's administrator manages who acts for the customer.

Every view is for the customer's administrators (403 for the other roles before any
call); Tryton checks the role, the member's customer and the last administrator again.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import Action
from audit.services import audit_record
from erp import identity as tryton_identity
from erp import members as erp_members
from erp.errors import TrytonValidationError

from .customer import SESSION_CHECKED_AT, SESSION_TRYTON_KEY
from .forms import ROLE_CHOICES, MemberInviteForm, MemberRoleForm
from .roles import ADMIN, members_required

ROLE_LABELS = dict(ROLE_CHOICES)


def _is_last_admin(members, member) -> bool:
    admins = [m for m in members if m.active and m.role == ADMIN]
    return member.role == ADMIN and admins == [member]


LAST_ADMIN = gettext_lazy(
    "Your organisation must keep at least one administrator: make another member an "
    "administrator first."
)


def _roles_changed(request):
    """The administrator changed their own role or left the customer: ask Tryton for the
    parties and roles at the next request, and go home (the members page may be closed
    to them now)."""
    tryton_identity.web_user_session_forget(session=request.session.get(SESSION_TRYTON_KEY))
    request.session[SESSION_CHECKED_AT] = 0
    return redirect("home")


def _member_or_404(request, member_id: int):
    """(the customer's members, the one of ``member_id``); 404 for anybody else. 1 call."""
    members = erp_members.member_list(request.customer.scope)
    for member in members:
        if member.id == member_id:
            return members, member
    raise Http404


def _page(request, *, invite_form=None, status=200):
    members = erp_members.member_list(request.customer.scope)
    rows = [
        {
            "member": member,
            "role_label": ROLE_LABELS.get(member.role, member.role),
            "form": MemberRoleForm(initial={"role": member.role}, prefix=f"m{member.id}"),
            "last_admin": _is_last_admin(members, member),
        }
        for member in members
    ]
    return render(
        request,
        "account/members.html",
        {"rows": rows, "invite_form": invite_form or MemberInviteForm()},
        status=status,
    )


@require_http_methods(["GET"])
@members_required
def member_list(request):
    """The customer's members, each with its role, and the invitation form. 1 call."""
    return _page(request)


@require_POST
@members_required
def member_invite(request):
    form = MemberInviteForm(request.POST)
    if not form.is_valid():
        return _page(request, invite_form=form, status=400)
    email, role = form.cleaned_data["email"], form.cleaned_data["role"]
    try:
        erp_members.member_invite(request.customer.scope, email=email, role=role)
    except TrytonValidationError as refusal:
        form.add_error("email", refusal.message)
        return _page(request, invite_form=form, status=400)
    audit_record(request, Action.MEMBER_INVITED, target=email)
    messages.success(
        request,
        _("%(email)s is invited as “%(role)s”: we sent them an e-mail to choose a password.")
        % {"email": email, "role": ROLE_LABELS[role]},
    )
    return redirect("account_members")


@require_POST
@members_required
def member_role(request, member_id: int):
    members, member = _member_or_404(request, member_id)
    form = MemberRoleForm(request.POST, prefix=f"m{member.id}")
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return redirect("account_members")
    role = form.cleaned_data["role"]
    if role != ADMIN and _is_last_admin(members, member):
        messages.error(request, LAST_ADMIN)
        return redirect("account_members")
    try:
        erp_members.member_role_change(request.customer.scope, member_id=member.id, role=role)
    except TrytonValidationError as refusal:
        messages.error(request, refusal.message)
    else:
        audit_record(request, Action.MEMBER_ROLE_CHANGED, target=f"{member.email}: {role}")
        messages.success(
            request,
            _("The role of %(email)s is now “%(role)s”.")
            % {"email": member.email, "role": ROLE_LABELS[role]},
        )
        if member.is_caller:
            return _roles_changed(request)
    return redirect("account_members")


@require_http_methods(["GET", "POST"])
@members_required
def member_remove(request, member_id: int):
    """A confirmation step, then the removal."""
    members, member = _member_or_404(request, member_id)
    last_admin = _is_last_admin(members, member)
    if request.method == "POST":
        if last_admin:
            messages.error(request, LAST_ADMIN)
            return redirect("account_members")
        try:
            erp_members.member_remove(request.customer.scope, member_id=member.id)
        except TrytonValidationError as refusal:
            messages.error(request, refusal.message)
        else:
            audit_record(request, Action.MEMBER_REMOVED, target=member.email)
            messages.success(
                request,
                _("%(email)s no longer acts for %(customer)s.")
                % {"email": member.email, "customer": request.customer.name},
            )
            if member.is_caller:
                return _roles_changed(request)
        return redirect("account_members")
    return render(
        request, "account/member_remove.html", {"member": member, "last_admin": last_admin}
    )
