# This file is part of the customer portal project.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class PickupTestCase(CompanyTestMixin, ModuleTestCase):
    "Test Pickup module"
    module = 'pickup'


del ModuleTestCase
