from django import forms
from django.utils.translation import gettext_lazy as _

from erp.approvals import MAX_REJECT_REASON, MAX_THRESHOLD


class ThresholdForm(forms.Form):
    """The amount above which a buyer's order waits for an administrator (empty: never)."""

    threshold = forms.DecimalField(
        label=_("Approve the buyers' orders above"),
        help_text=_("Total of the order, taxes included. Leave empty: no approval."),
        required=False,
        min_value=0,
        max_value=MAX_THRESHOLD,
        decimal_places=2,
        max_digits=12,
        localize=True,
    )


class RejectForm(forms.Form):
    """Why an administrator rejects a buyer's order: kept on the sale in Tryton."""

    reason = forms.CharField(
        label=_("Why do you reject this order?"),
        help_text=_("The buyer reads your answer on the order."),
        max_length=MAX_REJECT_REASON,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tell the buyer why you reject the order.")},
    )
