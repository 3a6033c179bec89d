from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notifications_mark_read, name="mark_read"),
    path("settings/", views.notification_settings, name="settings"),
    path("webhook/", views.webhook, name="webhook"),
]
