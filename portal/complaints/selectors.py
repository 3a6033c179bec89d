"""Reads of the complaints app: thin over the gateway, always for one customer."""

from accounts.customer import Customer
from erp import Page
from erp import complaints as erp_complaints
from erp.complaints import Complaint, ComplaintLine, ComplaintType

PAGE_SIZE = 20


def complaint_list(*, customer: Customer, page: int) -> Page[Complaint]:
    """Page ``page`` (from 1) of the customer's complaints, PAGE_SIZE per page."""
    return erp_complaints.complaint_list(
        customer.scope, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )


def complaint_get(*, customer: Customer, complaint_id: int) -> Complaint:
    return erp_complaints.complaint_get(customer.scope, complaint_id=complaint_id)


def complaint_photo(*, customer: Customer, complaint_id: int, photo_id: int) -> tuple[bytes, str]:
    return erp_complaints.complaint_photo(
        customer.scope, complaint_id=complaint_id, photo_id=photo_id
    )


def complaint_line(*, customer: Customer, line_id: int) -> ComplaintLine:
    return erp_complaints.complaint_line(customer.scope, line_id=line_id)


def complaint_types() -> tuple[ComplaintType, ...]:
    return erp_complaints.complaint_types()
