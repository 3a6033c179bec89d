from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    def create_user(self, email: str, *, web_user_id: int, **fields) -> "User":
        email = self.normalize_email(email).lower()
        user = self.model(email=email, web_user_id=web_user_id, **fields)
        # Tryton checks passwords; nothing here can be used to log in.
        user.set_unusable_password()
        user.save(using=self._db)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """The local mirror of a Tryton web user (``web.user``).

    It exists for Django sessions, preferences and audit; the password, the e-mail's
    validity and the parties are owned by Tryton and refreshed at each login.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    web_user_id = models.PositiveIntegerField(_("Tryton web user"), unique=True)
    party_id = models.PositiveIntegerField(_("Tryton party"), null=True, blank=True)
    party_name = models.CharField(_("customer name"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("first login"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["web_user_id"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email
