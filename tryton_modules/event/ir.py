from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

# The record rules of the event groups need to know who the user is.
_USER_RULE_MODELS = {'party.party', 'sale.sale', 'event.event'}


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def _get_context(cls, model_name):
        pool = Pool()
        User = pool.get('res.user')
        context = super()._get_context(model_name)
        if model_name in _USER_RULE_MODELS:
            context['user_id'] = Transaction().user
            context['employees'] = list(User.get_employees())
        return context

    @classmethod
    def _get_cache_key(cls, model_names):
        pool = Pool()
        User = pool.get('res.user')
        key = super()._get_cache_key(model_names)
        if model_names & _USER_RULE_MODELS:
            key = (*key, Transaction().user, User.get_employees())
        return key
