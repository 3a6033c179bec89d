"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from config.startup import refuse_unsafe_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()

# Never serve with a development password, a weak key, a wildcard host or build settings.
refuse_unsafe_settings()
