from django.urls import path

from . import approval_views, document_views, views

app_name = "orders"

urlpatterns = [
    path("", views.order_list, name="list"),
    path("export.csv", views.order_export, name="export"),
    path("<int:order_id>/", views.order_detail, name="detail"),
    path("<int:order_id>/quotation.pdf", document_views.quotation_pdf, name="quotation_pdf"),
    path("<int:order_id>/confirmation.pdf", document_views.confirmation_pdf,
         name="confirmation_pdf"),
    path("<int:order_id>/deliveries/<int:shipment_id>/delivery-note.pdf",
         document_views.delivery_note_pdf, name="delivery_note_pdf"),
    path("<int:order_id>/accept/", views.quotation_accept, name="accept"),
    path("<int:order_id>/decline/", views.quotation_decline, name="decline"),
    path("queued/<int:entry_id>/dismiss/", views.queued_order_dismiss, name="queued_dismiss"),
    path("approvals/", approval_views.approvals, name="approvals"),
    path("<int:order_id>/approve/", approval_views.order_approve, name="approve"),
    path("<int:order_id>/reject/", approval_views.order_reject, name="reject"),
]
