from django import forms
from django.utils.translation import gettext_lazy as _

from erp.sales import MAX_DECLINE_REASON


class DeclineForm(forms.Form):
    """Why the customer declines a quotation: kept on the sale in Tryton."""

    reason = forms.CharField(
        label=_("Why do you decline this quotation?"),
        help_text=_("Your answer goes to our sales team with the quotation."),
        max_length=MAX_DECLINE_REASON,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tell us why you decline the quotation.")},
    )
