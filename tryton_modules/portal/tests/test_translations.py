"The French translation of our modules covers every string they register"
from pathlib import Path

import polib
from trytond.modules import get_module_info, get_modules
from trytond.pool import Pool
from trytond.tests.test_tryton import DBTestCase, with_transaction


def our_modules():
    "The modules of this repository (the test database holds them all)"
    ours = Path(__file__).resolve().parents[2]
    return sorted(m for m in get_modules() if (ours / m / 'tryton.cfg').exists())


def untranslated(module):
    """Return the msgctxt and msgid of the strings module registers in English
    that its locale/fr.po does not translate"""
    pool = Pool()
    Translation = pool.get('ir.translation')
    ModelData = pool.get('ir.model.data')
    po_path = Path(get_module_info(module)['directory']) / 'locale' / 'fr.po'
    translated = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path))
        if e.msgstr and 'fuzzy' not in e.flags}
    fs_ids = {(d.model, d.db_id): d.fs_id
        for d in ModelData.search([('module', '=', module)])}
    missing = []
    for row in Translation.search([
                ('lang', '=', 'en'), ('module', '=', module),
                ('type', 'in', ['field', 'help', 'selection', 'model']),
                ], order=[('type', 'ASC'), ('name', 'ASC')]):
        if not row.src:
            continue
        res = ''
        if row.type == 'model':
            model = row.name.split(',')[0]
            res = fs_ids.get((model, row.res_id))
            if res is None:
                continue  # a record made by code, not data of the module
        context = f'{row.type}:{row.name}:{res}'
        if (context, row.src) not in translated:
            missing.append(f'{context} {row.src!r}')
    return missing


class TranslationTestCase(DBTestCase):
    "Every label, help, choice and message of our modules reads in French"
    module = 'portal'
    extras = [m for m in our_modules() if m != 'portal']

    @with_transaction()
    def test_every_registered_string_has_a_french_translation(self):
        for module in our_modules():
            with self.subTest(module=module):
                self.assertEqual(untranslated(module), [])


del DBTestCase
