from .fixtures import (
    administrator,
    as_portal,
    as_user,
    create_party,
    create_user,
    create_web_user,
    customer_session,
    service_user,
)

__all__ = [
    'administrator', 'as_portal', 'as_user', 'create_party', 'create_user', 'create_web_user',
    'customer_session', 'service_user']
