from django.urls import path

from . import statement_views

app_name = "statement"

urlpatterns = [
    path("", statement_views.statement, name="page"),
    path("pdf/", statement_views.statement_pdf, name="pdf"),
    path("export.csv", statement_views.statement_export, name="export"),
]
