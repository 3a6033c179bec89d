from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import acting_required
from core.listing import page_number
from erp.complaints import PHOTO_TYPES
from erp.errors import RecordNotFound, TrytonValidationError

from . import selectors, services
from .forms import ComplaintForm


@require_GET
def complaint_list(request):
    number = page_number(request.GET.get("page"))
    page = selectors.complaint_list(customer=request.customer, page=number)
    if number > 1 and not page.items:
        raise Http404
    return render(
        request, "complaints/complaint_list.html", {"page": page, "query": "", "as_of": page.as_of}
    )


@require_GET
def complaint_detail(request, complaint_id: int):
    try:
        complaint = selectors.complaint_get(customer=request.customer, complaint_id=complaint_id)
    except RecordNotFound:
        raise Http404
    return render(
        request,
        "complaints/complaint_detail.html",
        {"complaint": complaint, "as_of": complaint.as_of},
    )


@require_GET
def complaint_photo(request, complaint_id: int, photo_id: int):
    try:
        content, name = selectors.complaint_photo(
            customer=request.customer, complaint_id=complaint_id, photo_id=photo_id
        )
    except RecordNotFound:
        raise Http404
    # Served as what its bytes are (checked when filed), never as what its name says.
    kind = "png" if content.startswith(b"\x89PNG") else "jpeg"
    response = HttpResponse(content, content_type=PHOTO_TYPES[kind])
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@acting_required
def complaint_file(request, line_id: int):
    """The "Report a problem" form of one line of the customer's orders."""
    customer = request.customer
    try:
        line = selectors.complaint_line(customer=customer, line_id=line_id)
    except RecordNotFound:
        raise Http404
    types = selectors.complaint_types()
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES, line=line, types=types)
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint_id = services.complaint_file(
                    customer=customer,
                    line_id=line.id,
                    type_id=data["type"],
                    quantity=data["quantity"],
                    description=data["description"],
                    photos=data["photos"],
                )
            except RecordNotFound:
                raise Http404
            except TrytonValidationError as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request, _("Your complaint is filed: we will come back to you.")
                )
                return redirect("complaints:detail", complaint_id=complaint_id)
    else:
        form = ComplaintForm(line=line, types=types)
    return render(request, "complaints/complaint_file.html", {"form": form, "line": line})
