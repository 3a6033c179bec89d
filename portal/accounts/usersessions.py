"""The security page's sessions (allauth.usersessions) kept in step with Tryton.

Each Django session of a customer holds its own Tryton web-user session
(customer.SESSION_TRYTON_KEY): ending a Django session from the list ("sign out
everywhere else") ends that Tryton session too, so it cannot be used any more by
whoever holds it.
"""

from importlib import import_module

from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from django.conf import settings

from .customer import SESSION_TRYTON_KEY
from .services import tryton_logout


def tryton_session_of(session_key: str) -> str | None:
    """The Tryton web-user session kept in the Django session ``session_key``, if any."""
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return store.get(SESSION_TRYTON_KEY)


class PortalUserSessionsAdapter(DefaultUserSessionsAdapter):
    def end_sessions(self, sessions) -> None:
        for session in sessions:
            tryton_session = tryton_session_of(session.session_key)
            session.end()
            if tryton_session:
                tryton_logout(session=tryton_session)
