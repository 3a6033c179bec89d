"""Tryton database set-up and demo data of the customer portal (scripts, not a Tryton module)."""
