from django import forms
from django.utils.translation import gettext_lazy as _

from .email_kinds import EMAIL_KINDS


class NotificationSettingsForm(forms.Form):
    """One checkbox per kind of e-mail the member is offered; unchecked ones are off."""

    kinds = forms.MultipleChoiceField(
        label=_("E-mail me when"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, offered: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [
            (kind, EMAIL_KINDS[kind]) for kind in offered if kind in EMAIL_KINDS
        ]
