from portal.tests.portal_fakes import alice_client, fake_tryton  # noqa: F401
from portal.tests.portal_tryton import customer_a_client, demo_customers  # noqa: F401
