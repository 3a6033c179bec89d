from django import template

from erp.order_documents import OrderDocuments, order_documents
from erp.sales import Order

register = template.Library()


@register.filter(name="order_documents")
def order_documents_filter(order: Order) -> OrderDocuments:
    """The PDFs the order page offers for ``order`` (computed from it, no call)."""
    return order_documents(order)
