"""The language the portal speaks to a member: the one they chose in their profile, kept
in Tryton, applied by Django's language cookie (LocaleMiddleware reads it)."""

from django.conf import settings

# The member's chosen language, between the Tryton login and the response that signs
# them in (the login may wait for an MFA code in between).
SESSION_LANGUAGE = "portal_language_at_login"


def set_language_cookie(response, language: str):
    """The portal speaks ``language`` from the next request on ("": the browser's)."""
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    elif not language:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, path=settings.LANGUAGE_COOKIE_PATH)
    return response
