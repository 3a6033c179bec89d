from trytond.pool import Pool, PoolMeta


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.domain.help += (
            '\n- "portal_parties" as list of ids of the parties '
            'the current user integrates')

    @classmethod
    def _get_cache_key(cls, model_names):
        pool = Pool()
        User = pool.get('res.user')
        key = super()._get_cache_key(model_names)
        # The integrator rules depend on the user's parties, not only on
        # its groups, so two integrators must not share a cached domain.
        return (*key, User.get_portal_parties())

    @classmethod
    def _get_context(cls, model_name):
        pool = Pool()
        User = pool.get('res.user')
        context = super()._get_context(model_name)
        context['portal_parties'] = list(User.get_portal_parties())
        return context
