from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    """The active customer for the layout's header (None when anonymous)."""
    customer = getattr(request, "customer", None)
    # request.customer is lazy: resolve it so templates can test it with {% if %}.
    return {"customer": customer if customer else None}
