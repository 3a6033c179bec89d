"""Forms of the password pages; Tryton checks tokens and current passwords."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

NEW_PASSWORD = forms.PasswordInput(attrs={"autocomplete": "new-password"})


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class NewPasswordForm(forms.Form):
    """A new password typed twice, checked against AUTH_PASSWORD_VALIDATORS."""

    password1 = forms.CharField(label=_("New password"), strip=False, widget=NEW_PASSWORD)
    password2 = forms.CharField(label=_("New password (again)"), strip=False, widget=NEW_PASSWORD)

    def clean_password1(self) -> str:
        password = self.cleaned_data["password1"]
        password_validation.validate_password(password)
        return password

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        return cleaned


class PasswordChangeForm(NewPasswordForm):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    field_order = ["old_password", "password1", "password2"]


ROLE_CHOICES = [
    ("admin", _("Administrator")),
    ("buyer", _("Buyer")),
    ("accountant", _("Accountant")),
    ("viewer", _("Viewer")),
]


class MemberInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial="viewer")

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
