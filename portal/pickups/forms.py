"""The pickup request form: where and when, then the lines (product, quantity, packing).

The choices come from the gateway (the customer's addresses and signed orders, the goods
we sell), so a posted id that is not among them is a form error before Tryton is asked;
Tryton checks them again.
"""

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from erp.pickups import OrderLineChoice, PickupFormChoices, PickupLineInput

# How far ahead a pickup may be booked, and how many lines one request holds.
MAX_DAYS_AHEAD = 365
MAX_LINES = 30
BLANK_LINES = 4
MAX_QUANTITY = Decimal("1000000")


class PickupRequestForm(forms.Form):
    address = forms.TypedChoiceField(label=_("Pickup address"), coerce=int)
    date = forms.DateField(
        label=_("Pickup date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time_from = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    time_to = forms.TimeField(
        label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    comment = forms.CharField(
        label=_("Instructions for the driver"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, choices: PickupFormChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].choices = [(a.id, a.label) for a in choices.addresses]
        today = timezone.localdate()
        self.fields["date"].widget.attrs.update(
            min=today.isoformat(), max=(today + dt.timedelta(days=MAX_DAYS_AHEAD)).isoformat()
        )

    def clean_date(self):
        date = self.cleaned_data["date"]
        today = timezone.localdate()
        if date < today:
            raise forms.ValidationError(_("Choose today or a later day."))
        if date > today + dt.timedelta(days=MAX_DAYS_AHEAD):
            raise forms.ValidationError(_("Choose a day within a year."))
        return date

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("time_from"), cleaned.get("time_to")
        if start and end and start >= end:
            self.add_error("time_to", _("The window must end after it starts."))
        return cleaned


class PickupLineForm(forms.Form):
    product = forms.TypedChoiceField(label=_("Product"), coerce=int)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=Decimal("0.001"),
        max_value=MAX_QUANTITY,
        max_digits=12,
        decimal_places=3,
        localize=True,
    )
    packages = forms.IntegerField(
        label=_("Packages"), required=False, min_value=0, max_value=100000, localize=True
    )
    weight = forms.DecimalField(
        label=_("Weight (kg)"),
        required=False,
        min_value=0,
        max_value=MAX_QUANTITY,
        max_digits=12,
        decimal_places=3,
        localize=True,
    )
    sale_line = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", "—")] + [(p.id, p.label) for p in products]
        for name in ("quantity", "packages", "weight"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"

    def as_input(self) -> PickupLineInput:
        data = self.cleaned_data
        return PickupLineInput(
            product_id=data["product"],
            quantity=data["quantity"],
            packages=data.get("packages"),
            weight_kg=data.get("weight"),
            sale_line_id=data.get("sale_line"),
        )


class BasePickupLineFormSet(forms.BaseFormSet):
    def __init__(self, *args, order_lines: tuple[OrderLineChoice, ...] = (), **kwargs):
        self.order_lines = {line.id: line for line in order_lines}
        super().__init__(*args, **kwargs)

    def initial_form_count(self) -> int:
        # Every line may be left blank, those filled from an order included: a blank line
        # is skipped, not an error.
        return 0

    def clean(self):
        if any(self.errors):
            return
        filled = [form for form in self.forms if form.cleaned_data]
        if not filled:
            raise forms.ValidationError(_("Add at least one line."))
        for form in filled:
            sale_line = form.cleaned_data.get("sale_line")
            if sale_line is None:
                continue
            line = self.order_lines.get(sale_line)
            if line is None or line.product_id != form.cleaned_data["product"]:
                raise forms.ValidationError(
                    _("A line no longer matches the order: start again from the order.")
                )

    def lines(self) -> list[PickupLineInput]:
        return [form.as_input() for form in self.forms if form.cleaned_data]


def with_more_lines(data):
    """The posted form with BLANK_LINES more blank lines (at most MAX_LINES in all): the
    "More lines" button, which works without JavaScript by posting the form as it is."""
    data = data.copy()
    try:
        count = int(data.get("lines-TOTAL_FORMS", ""))
    except ValueError:
        count = 0  # tampered with: the formset reports it when the form is sent
    data["lines-TOTAL_FORMS"] = str(min(max(count, 0) + BLANK_LINES, MAX_LINES))
    return data


def line_formset(*, data=None, products, order_lines=(), blank=BLANK_LINES):
    """The lines of the form: one per line of the order it starts from, then blank ones.

    Posted lines are compared with nothing (no initial), so every filled one is kept.
    """
    initial = [
        {"product": line.product_id, "quantity": line.quantity, "sale_line": line.id}
        for line in order_lines
    ]
    formset_class = forms.formset_factory(
        PickupLineForm,
        formset=BasePickupLineFormSet,
        extra=len(initial) + blank,
        max_num=MAX_LINES,
        absolute_max=MAX_LINES,
        validate_max=True,
    )
    return formset_class(
        data=data,
        initial=None if data is not None else initial,
        prefix="lines",
        order_lines=order_lines,
        form_kwargs={"products": products},
    )
