from trytond.tests.test_tryton import ModuleTestCase


class PortalTestCase(ModuleTestCase):
    "Test Portal module"
    module = 'portal'


del ModuleTestCase
