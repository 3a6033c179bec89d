from trytond.pool import Pool, PoolMeta


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.domain.help += (
            '\n- "portal_parties" as list of ids of the parties '
            'the current user acts for: its integrator parties, or, '
            'for the portal service, the customer of the portal context'
            '\n- "portal_billing_parties" as the list of those parties '
            'whose invoices and other billing documents the user may read '
            '(for the portal service, none unless the web user of the '
            'portal context is an administrator or accountant of the '
            'customer)')

    @classmethod
    def _get_cache_key(cls, model_names):
        pool = Pool()
        User = pool.get('res.user')
        key = super()._get_cache_key(model_names)
        # The portal rules depend on the parties the user acts for, not only
        # on its groups: two integrators, or the service user acting for two
        # customers, must not share a cached domain.
        return (
            *key, User.get_portal_parties(),
            User.get_portal_billing_parties())

    @classmethod
    def _get_context(cls, model_name):
        pool = Pool()
        User = pool.get('res.user')
        context = super()._get_context(model_name)
        context['portal_parties'] = list(User.get_portal_parties())
        context['portal_billing_parties'] = list(
            User.get_portal_billing_parties())
        return context
