"""Forms of the profile and organisation pages; Tryton checks and stores the values."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def _no_control_characters(value: str) -> str:
    if any(ord(c) < 32 and c not in "\r\n\t" for c in value):
        raise forms.ValidationError(_("Remove the control characters from this field."))
    return value.strip()


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Your phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the portal and of our e-mails"),
        required=False,
        choices=[("", _("Your organisation's"))] + list(settings.LANGUAGES),
    )

    def clean_name(self) -> str:
        return _no_control_characters(self.cleaned_data["name"])

    def clean_phone(self) -> str:
        return _no_control_characters(self.cleaned_data["phone"])


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class AddressForm(forms.Form):
    party_name = forms.CharField(
        label=_("Name on the address, if not your organisation's"),
        max_length=120,
        required=False,
    )
    street = forms.CharField(
        label=_("Street"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label=_("City"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    country = forms.RegexField(
        label=_("Country (two letters, e.g. FR)"),
        regex=r"^[A-Za-z]{2}$",
        required=False,
        error_messages={"invalid": _("Enter the two letters of the country, e.g. FR.")},
        widget=forms.TextInput(attrs={"autocomplete": "country", "size": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("party_name", "street", "postal_code", "city"):
            if isinstance(cleaned.get(name), str):
                try:
                    cleaned[name] = _no_control_characters(cleaned[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        if cleaned.get("country"):
            cleaned["country"] = cleaned["country"].upper()
        return cleaned


CONTACT_TYPES = [
    ("email", _("E-mail")),
    ("phone", _("Phone")),
    ("mobile", _("Mobile")),
]


class ContactForm(forms.Form):
    type = forms.ChoiceField(label=_("Kind"), choices=CONTACT_TYPES)
    value = forms.CharField(label=_("E-mail address or number"), max_length=254)
    name = forms.CharField(
        label=_("Label (e.g. Accounts, Reception)"),
        max_length=120,
        required=False,
    )

    def __init__(self, *args, fixed_type: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_type = fixed_type
        if fixed_type:
            # The kind of an existing contact does not change: remove it and add another.
            del self.fields["type"]

    def clean(self):
        cleaned = super().clean()
        kind = self.fixed_type or cleaned.get("type")
        value = cleaned.get("value")
        if isinstance(value, str):
            try:
                value = _no_control_characters(value)
            except forms.ValidationError as error:
                self.add_error("value", error)
                return cleaned
            if kind == "email":
                try:
                    value = forms.EmailField().clean(value).lower()
                except forms.ValidationError:
                    self.add_error("value", _("Enter a valid e-mail address."))
            elif kind in ("phone", "mobile") and not any(c.isdigit() for c in value):
                self.add_error("value", _("Enter a phone number."))
            cleaned["value"] = value
        if isinstance(cleaned.get("name"), str):
            cleaned["name"] = cleaned["name"].strip()
        return cleaned
