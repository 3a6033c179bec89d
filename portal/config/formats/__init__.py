"""Format overrides per language (settings.FORMAT_MODULE_PATH); Django's own otherwise."""
