from django.urls import path

from . import views

app_name = "pickups"

urlpatterns = [
    path("", views.pickup_list, name="list"),
    path("new/", views.pickup_request, name="request"),
    path("<int:pickup_id>/", views.pickup_detail, name="detail"),
    path("<int:pickup_id>/slip/", views.pickup_slip, name="slip"),
    path("<int:pickup_id>/cancel/", views.pickup_cancel, name="cancel"),
    path("queued/<int:entry_id>/dismiss/", views.queued_pickup_dismiss, name="queued_dismiss"),
]
