from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.listing import page_number

from . import selectors


@require_GET
def production_list(request):
    number = page_number(request.GET.get("page"))
    page = selectors.production_list(customer=request.customer, page=number)
    if number > 1 and not page.items:
        raise Http404
    return render(request, "production/production_list.html", {"page": page, "as_of": page.as_of})
