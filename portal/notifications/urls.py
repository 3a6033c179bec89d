from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notifications_mark_read, name="mark_read"),
    path("webhook/", views.webhook, name="webhook"),
]
