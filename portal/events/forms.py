from django import forms
from django.utils.translation import gettext_lazy as _

MAX_ATTENDEES = 100_000


class EventUpdateForm(forms.Form):
    attendees = forms.IntegerField(
        label=_("Expected attendees"), min_value=0, max_value=MAX_ATTENDEES, localize=True
    )
    notes = forms.CharField(
        label=_("Notes for our team"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].widget.attrs["inputmode"] = "numeric"
