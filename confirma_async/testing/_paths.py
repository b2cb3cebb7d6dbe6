"""Every route the two fakes serve, built from the SDK's own endpoint constants.

A path corrected in ``api/`` or ``collection/`` is one line there and moves the sandbox
with it. Only the sandbox's own routes (the clock control and the OAuth token endpoint,
whose URL users pass as ``token_url=``) are spelled here.
"""

from __future__ import annotations

from typing import Final

from ..api.accounting import ACCOUNTING_PATHS
from ..api.cases import CASES_PATH
from ..api.distribution import DISTRIBUTION_PATH, DISTRIBUTION_V2_PATH
from ..api.invoices import ACTIONS_PATH, INVOICE_PATH
from ..api.onboarding import CLIENT_PATH, RENEW_PATH, VALIDATE_PATH
from ..api.operations import FINVOICE_CREDENTIALS_PATH
from ..api.payments import PAYMENTS_PATH
from ..api.settlements import SETTLEMENTS_PATH
from ..collection.claims import (
    CANCELLATIONS_SUFFIX,
    CLAIMS_PATH,
    COSTS_SUFFIX,
    CREDIT_WAIVERS_SUFFIX,
    INVOICES_SUFFIX,
    PAYMENTS_SUFFIX,
    RECALLS_SUFFIX,
    SEARCH_PATH,
)
from ..collection.transactions import TRANSACTIONS_PATH

__all__ = ["PATHS", "COLLECTION_PATHS", "CLAIM_NUMBER"]

#: Every route ``FakeConfirma`` serves (public as ``confirma_async.testing.PATHS``).
PATHS: Final = {
    "client": CLIENT_PATH,
    "validate": VALIDATE_PATH,
    "renew": RENEW_PATH,
    "invoice": INVOICE_PATH,
    "action": ACTIONS_PATH,
    "case": CASES_PATH,
    "distribution": DISTRIBUTION_PATH,
    "distribution_v2": DISTRIBUTION_V2_PATH,
    "payments": PAYMENTS_PATH,
    "settlements": SETTLEMENTS_PATH,
    "accounting_invoice": ACCOUNTING_PATHS["invoice"],
    "ledger": ACCOUNTING_PATHS["ledger"],
    "accounting_payment": ACCOUNTING_PATHS["payment"],
    "finvoice": FINVOICE_CREDENTIALS_PATH,
    "advance": "/_sandbox/advance",
}

#: The route variable that holds the claim number in ``COLLECTION_PATHS``.
CLAIM_NUMBER: Final = "claim"
_CLAIM: Final = f"{CLAIMS_PATH}/{{{CLAIM_NUMBER}}}"

#: Every route ``FakeCollection`` serves.
COLLECTION_PATHS: Final = {
    "token": "/oauth/token",
    "claims": CLAIMS_PATH,
    "search": SEARCH_PATH,
    "invoices": f"{_CLAIM}/{INVOICES_SUFFIX}",
    "costs": f"{_CLAIM}/{COSTS_SUFFIX}",
    "payments": f"{_CLAIM}/{PAYMENTS_SUFFIX}",
    "credit_waivers": f"{_CLAIM}/{CREDIT_WAIVERS_SUFFIX}",
    "recalls": f"{_CLAIM}/{RECALLS_SUFFIX}",
    "cancellations": f"{_CLAIM}/{CANCELLATIONS_SUFFIX}",
    "transactions": TRANSACTIONS_PATH,
}
