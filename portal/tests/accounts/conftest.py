from portal.tests.portal_fakes import alice_client, fake_tryton  # noqa: F401
