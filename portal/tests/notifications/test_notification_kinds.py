"""The notifications the portal tells: every text in French too, every link a real page."""

import pytest
from django.urls import reverse
from django.utils import translation

from notifications.kinds import KINDS


@pytest.mark.parametrize("key", sorted(KINDS))
def test_every_notification_text_has_french(key):
    kind = KINDS[key]
    with translation.override("en"):
        english = str(kind.text) % {"name": "SO1"}
    with translation.override("fr"):
        french = str(kind.text) % {"name": "SO1"}

    assert "SO1" in english and "SO1" in french
    assert french != english


@pytest.mark.parametrize("key", sorted(KINDS))
def test_every_notification_links_to_its_record_page(key):
    kind = KINDS[key]

    assert reverse(kind.url_name, kwargs={kind.url_kwarg: 12}).endswith("/12/")
