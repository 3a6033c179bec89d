"""The portal's URLs. Every pattern here is listed in tests/test_route_access_matrix.py."""

from allauth.account import views as allauth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts import customer_views, member_views
from accounts import views as account_views
from audit import views as audit_views
from core import views as core_views

# Only the allauth flows that make sense for accounts owned by Tryton; e-mail change and
# MFA are added as each is wired to Tryton.
account_patterns = [
    path("login/", allauth_views.login, name="account_login"),
    path("logout/", allauth_views.logout, name="account_logout"),
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
]

# Our 400 and 500 pages in the layout, Django's 403 and 404 with our templates; none of
# them reads a body Django could not decode (see core.views._error_page).
handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
