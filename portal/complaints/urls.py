from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/<int:line_id>/", views.complaint_file, name="file"),
    path("<int:complaint_id>/", views.complaint_detail, name="detail"),
    path("<int:complaint_id>/photos/<int:photo_id>/", views.complaint_photo, name="photo"),
]
