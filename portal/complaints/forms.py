"""The "Report a problem" form: what kind, how many, what happened, and photos.

The bounds are Tryton's (the portal module checks them again); a photo is taken by
what its first bytes say it is, never by its name or the browser's content type.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from erp.complaints import (
    MAX_DESCRIPTION,
    MAX_PHOTO_SIZE,
    MAX_PHOTOS,
    ComplaintLine,
    ComplaintType,
)

PHOTO_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS JPEG or PNG files of at most MAX_PHOTO_SIZE each."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png"})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                ngettext(
                    "Send at most %(max)d photo.", "Send at most %(max)d photos.", MAX_PHOTOS
                )
                % {"max": MAX_PHOTOS}
            )
        photos = []
        for upload in files:
            name = upload.name or "photo"
            if upload.size > MAX_PHOTO_SIZE:
                raise forms.ValidationError(
                    _("“%(name)s” is larger than %(size)d MB.")
                    % {"name": name, "size": MAX_PHOTO_SIZE // (1024 * 1024)}
                )
            content = upload.read()
            if not content.startswith(PHOTO_SIGNATURES):
                raise forms.ValidationError(
                    _("“%(name)s” is not a JPEG or PNG photo.") % {"name": name}
                )
            photos.append((name, content))
        return photos


class ComplaintForm(forms.Form):
    type = forms.TypedChoiceField(label=_("Kind of problem"), coerce=int)
    quantity = forms.DecimalField(
        label=_("Quantity concerned"), min_value=Decimal("0.0001"), decimal_places=4
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to 3 JPEG or PNG photos, 5 MB each."),
    )

    def __init__(self, *args, line: ComplaintLine, types: tuple[ComplaintType, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        self.fields["type"].choices = [("", "—")] + [(t.id, t.name) for t in types]
        self.fields["quantity"].widget.attrs.update({"max": str(line.quantity), "step": "any"})

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity > Decimal(str(self.line.quantity)):
            raise forms.ValidationError(
                _("At most %(quantity)s, the quantity of the order line.")
                % {"quantity": self.line.quantity}
            )
        return quantity
