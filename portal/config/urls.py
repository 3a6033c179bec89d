"""The portal's URLs. Every pattern here is listed in tests/test_route_access_matrix.py."""

from allauth.account import views as allauth_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from allauth.usersessions import views as usersessions_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts import customer_views, member_views, privacy_views, profile_views
from accounts import views as account_views
from audit import views as audit_views
from core import views as core_views

# allauth.mfa's pages but WebAuthn's; the code asked at login is for a visitor whose
# password Tryton has just accepted (allauth keeps the pending login in the session).
mfa_patterns = [
    path("", mfa_views.index, name="mfa_index"),
    path("authenticate/", login_not_required(mfa_views.authenticate), name="mfa_authenticate"),
    path("reauthenticate/", mfa_views.reauthenticate, name="mfa_reauthenticate"),
    path("totp/activate/", totp_views.activate_totp, name="mfa_activate_totp"),
    path("totp/deactivate/", totp_views.deactivate_totp, name="mfa_deactivate_totp"),
    path("recovery-codes/", recovery_views.view_recovery_codes, name="mfa_view_recovery_codes"),
    path(
        "recovery-codes/generate/",
        recovery_views.generate_recovery_codes,
        name="mfa_generate_recovery_codes",
    ),
    path(
        "recovery-codes/download/",
        recovery_views.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
]

# Only the allauth flows that make sense for accounts owned by Tryton; the e-mail change
# is ours (accounts/profile_views.py), wired to Tryton.
account_patterns = [
    path("login/", allauth_views.login, name="account_login"),
    # allauth's, and the "Cancel" of the MFA code page (accounts/views.py).
    path("logout/", account_views.logout, name="account_logout"),
    path("signup/", allauth_views.signup, name="account_signup"),
    path("inactive/", allauth_views.account_inactive, name="account_inactive"),
    # Passwords are Tryton's: our own pages, not allauth's.
    path("password/reset/", account_views.password_reset, name="account_reset_password"),
    path(
        "password/reset/done/",
        account_views.password_reset_done,
        name="account_reset_password_done",
    ),
    # The link of Tryton's reset e-mail ([web] reset_password_url) lands here.
    path(
        "password/reset/key/",
        account_views.password_reset_key,
        name="account_reset_password_from_key",
    ),
    path("password/change/", account_views.password_change, name="account_change_password"),
    # Before changing MFA: the password again (checked by Tryton, accounts/adapter.py).
    path("reauthenticate/", allauth_views.reauthenticate, name="account_reauthenticate"),
    # TOTP, recovery codes and the code asked at login (allauth.mfa, accounts/mfa.py).
    path("2fa/", include(mfa_patterns)),
    # The security page's list of sessions, with "sign out everywhere else".
    path("sessions/", usersessions_views.list_usersessions, name="usersessions_list"),
    path("customer/", customer_views.customer_choose, name="account_customer"),
    # The active customer's members, for its administrators (accounts/roles.py).
    path("members/", member_views.member_list, name="account_members"),
    path("members/invite/", member_views.member_invite, name="account_member_invite"),
    path("members/<int:member_id>/role/", member_views.member_role, name="account_member_role"),
    path(
        "members/<int:member_id>/remove/",
        member_views.member_remove,
        name="account_member_remove",
    ),
    # What was done for the active customer (audit log), for its administrators.
    path("activity/", audit_views.activity_list, name="account_activity"),
    # The member's own data (JSON) and their request to close their account.
    path("privacy/", privacy_views.privacy, name="account_privacy"),
    path("privacy/data/", privacy_views.personal_data_download, name="account_personal_data"),
    path("privacy/close/", privacy_views.closure_request, name="account_closure_request"),
    # The member's profile and sign-in e-mail; the link of the e-mail change lands on
    # email/confirm/ (Tryton's [web] email_change_url, by default beside the reset page).
    path("profile/", profile_views.profile, name="account_profile"),
    path("email/", profile_views.email_change, name="account_email"),
    path("email/confirm/", profile_views.email_change_confirm, name="account_email_confirm"),
    # The active customer's addresses and contacts: read by all, changed by admins.
    path("organisation/", profile_views.organisation, name="account_organisation"),
    path(
        "organisation/addresses/add/",
        profile_views.address_add,
        name="account_address_add",
    ),
    path(
        "organisation/addresses/<int:address_id>/",
        profile_views.address_edit,
        name="account_address_edit",
    ),
    path(
        "organisation/addresses/<int:address_id>/remove/",
        profile_views.address_deactivate,
        name="account_address_remove",
    ),
    path(
        "organisation/contacts/add/",
        profile_views.contact_add,
        name="account_contact_add",
    ),
    path(
        "organisation/contacts/<int:contact_id>/",
        profile_views.contact_edit,
        name="account_contact_edit",
    ),
    path(
        "organisation/contacts/<int:contact_id>/remove/",
        profile_views.contact_remove,
        name="account_contact_remove",
    ),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("ready/", core_views.ready, name="ready"),
    path(
        "brand/<int:company_id>/logo-<str:digest>.png",
        core_views.company_logo,
        name="company_logo",
    ),
    # Visitors choose their language on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include(account_patterns)),
    path("orders/", include("orders.urls")),
    path("invoices/", include("billing.urls")),
    # Billing, like the invoices above: whoever may see one may see the other.
    path("billing/statement/", include("billing.statement_urls")),
    path("pickups/", include("pickups.urls")),
    path("events/", include("events.urls")),
    path("production/", include("production.urls")),
    path("notifications/", include("notifications.urls")),
    path("complaints/", include("complaints.urls")),
    path("shop/", include("shop.urls")),
]

# Our 400 and 500 pages in the layout, Django's 403 and 404 with our templates; none of
# them reads a body Django could not decode (see core.views._error_page).
handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
