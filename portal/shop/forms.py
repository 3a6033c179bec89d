import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .quick_order import MAX_FILE_BYTES, MAX_TEXT

# Tryton takes a wished delivery date at most this far ahead (portal module, shop.py).
DELIVERY_MAX_DAYS = 365


class CheckoutForm(forms.Form):
    address = forms.TypedChoiceField(label=_("Delivery address"), coerce=int)
    delivery_date = forms.DateField(
        label=_("Wished delivery date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # Generated when the form is shown: Tryton creates one order per key.
    key = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,64}$", widget=forms.HiddenInput)

    def __init__(self, *args, addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].choices = [(a.id, a.label) for a in addresses]
        today = dt.date.today()
        self.fields["delivery_date"].widget.attrs.update(
            min=today.isoformat(),
            max=(today + dt.timedelta(days=DELIVERY_MAX_DAYS)).isoformat(),
        )

    def clean_delivery_date(self):
        date = self.cleaned_data["delivery_date"]
        today = dt.date.today()
        if not today <= date <= today + dt.timedelta(days=DELIVERY_MAX_DAYS):
            raise forms.ValidationError(
                _("Choose a date from today on, at most %(days)s days ahead."),
                params={"days": DELIVERY_MAX_DAYS},
            )
        return date


class QuickOrderForm(forms.Form):
    lines = forms.CharField(
        label=_("Product codes and quantities"),
        help_text=_("One product a line: its code, a comma, the quantity. E.g. KB-ORI-33, 24"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "autocapitalize": "off"}),
        max_length=MAX_TEXT,
        required=False,
    )
    file = forms.FileField(
        label=_("Or a CSV file"),
        help_text=_("Two columns: code and quantity (a spreadsheet saved as CSV)."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is too big: at most %(size)s KB."),
                params={"size": MAX_FILE_BYTES // 1000},
            )
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("lines", "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste some lines or choose a CSV file."))
        return data
