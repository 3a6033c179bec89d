from trytond.tests.test_tryton import ModuleTestCase


class EventTestCase(ModuleTestCase):
    "Test Event module"
    module = 'event'


del ModuleTestCase
