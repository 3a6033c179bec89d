from django.urls import path

from . import payment_views, views

app_name = "billing"

urlpatterns = [
    path("", views.invoice_list, name="list"),
    path("export.csv", views.invoice_export, name="export"),
    path("zip/", views.invoice_zip, name="zip"),
    path("pay/", payment_views.invoice_pay, name="pay"),
    path("transfers/<int:transfer_id>/", payment_views.transfer_detail, name="transfer"),
    path("<int:invoice_id>/", views.invoice_detail, name="detail"),
    path("<int:invoice_id>/pdf/", views.invoice_pdf, name="pdf"),
]
