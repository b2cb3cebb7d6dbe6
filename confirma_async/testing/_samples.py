"""Ready-made wire bodies for tests against the sandbox (example.com addresses only)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ._world import DEFAULT_TODAY

__all__ = ["sample_invoice_body"]


def sample_invoice_body(
    number: int,
    *,
    invoice_date: date | None = None,
    due_in_days: int = 14,
    total: Decimal | str = "1240.50",
    currency: str = "EUR",
    method: str = "EMAIL",
    payment_control: bool = True,
    buyer_email: str | None = "buyer.contact@example.com",
) -> dict[str, Any]:
    """A complete ``SalesInvoiceRequest`` JSON body in the documented shape.

    The total goes into ``invoice.amounts.totalAmount`` (the sandbox reads it from there;
    the real field name is not in the captured docs).
    """
    day = invoice_date or DEFAULT_TODAY
    return {
        "processing": {
            "paymentControlEnabled": payment_control,
            "manualApprovalEnabled": False,
            "accountingInvoiceEnabled": False,
        },
        "distribution": {"method": method, "enabled": True},
        "invoice": {
            "header": {
                "number": number,
                "type": "INVOICE",
                "date": day.isoformat(),
                "dueDate": (day + timedelta(days=due_in_days)).isoformat(),
                "description": None,
                "additionalInformation": None,
                "currencyCode": currency,
                "languageCode": "FI",
            },
            "references": {
                "sales": "SF0001",
                "buyer": "BR0002",
                "agreement": "AN456",
                "payment": None,
                "orderNumber": "ON798",
                "orderDate": day.isoformat(),
                "electronicPaymentCode": None,
                "creditedInvoiceNumber": None,
                "invoiceCopyUrl": None,
            },
            "parties": {
                "sellerParty": {
                    "businessId": "0000000-0",
                    "name": "Sandbox Creditor Oy",
                    "vatCode": "FI00000000",
                    "address": {
                        "street": "Teollisuuskatu 6",
                        "postalCode": "65100",
                        "postalDistrict": "VAASA",
                        "countryCode": "FI",
                        "countryName": "FINLAND",
                    },
                    "contact": {
                        "contactPerson": {"name": "Billing", "email": "billing@example.com"},
                        "email": "it@example.com",
                        "phone": "+358 40 0000000",
                    },
                    "paymentDetails": {"iban": "FI2140500000123456", "bic": "OKOYFIHH",
                                       "bankgiro": None, "postgiro": None},
                },
                "buyerParty": {
                    "entityType": "BUSINESS",
                    "name": "Koskidata Oy",
                    "customerAccountId": "",
                    "personalIdentityNumber": None,
                    "businessId": "1234567-1",
                    "vatCode": "FI12345671",
                    "electronicInvoiceAccount": None,
                    "electronicRoutingAddress": None,
                    "glnNumber": None,
                    "languageCode": "FI",
                    "address": {
                        "street": "Kauppakatu 1",
                        "street2": None,
                        "street3": None,
                        "postalCode": "00100",
                        "postalDistrict": "HELSINKI",
                        "countryCode": "FI",
                    },
                    "contact": {
                        "contactPerson": {"name": "Accounts Payable", "email": buyer_email},
                        "email": buyer_email,
                        "phone": "+358 40 1234567",
                    },
                },
            },
            "amounts": {"totalAmount": Decimal(total)},
        },
    }
