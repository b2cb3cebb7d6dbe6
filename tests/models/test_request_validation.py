"""The one request-validation mechanism: checks derived from the field types, rules from
the field metadata, run on the whole body when it is sent (or on ``validate()``)."""

from __future__ import annotations

import inspect
from decimal import Decimal
from typing import Any

import attrs
import pytest

from confirma_async import ConfirmaValueError, serde
from confirma_async import models as models_module
from confirma_async.models import OMITTED, Address, InvoiceAttachment, LedgerDimension
from confirma_async.models._validate import RequestModel, _plan, _unwrap
from tests.cfis_samples import example_invoice

REQUEST_MODELS = sorted(
    (cls for _, cls in inspect.getmembers(models_module, inspect.isclass)
     if issubclass(cls, RequestModel) and attrs.has(cls)),
    key=lambda cls: cls.__name__,
)


def test_every_request_model_is_found() -> None:
    names = {cls.__name__ for cls in REQUEST_MODELS}
    assert {"SalesInvoiceRequest", "Address", "ClientCreateRequest", "LedgerDocument",
            "AccountingPayment"} <= names


@pytest.mark.parametrize("cls", REQUEST_MODELS, ids=lambda cls: cls.__name__)
def test_every_request_field_is_checked_against_its_type(cls: type) -> None:
    """No field goes unchecked: each gets a type check from its annotation, without an
    ``is_a(X)`` or ``items=X`` repeated in its metadata."""
    for step, field in zip(_plan(cls), attrs.fields(cls), strict=True):
        _, kind = _unwrap(field.type)
        if kind is Any:
            continue
        assert step.checks, f"{cls.__name__}.{field.name} has no check"
        assert "items" not in field.metadata and "required" not in field.metadata


def test_none_is_refused_where_the_type_does_not_admit_it() -> None:
    request = example_invoice()
    request.processing.payment_control_enabled = None  # type: ignore[assignment]
    with pytest.raises(ConfirmaValueError, match="is required") as info:
        request.validate()
    assert info.value.field == "processing.paymentControlEnabled"


def test_none_is_accepted_where_the_type_admits_it_and_is_sent_as_null() -> None:
    request = example_invoice()
    request.invoice.header.description = None
    request.validate()
    assert serde.unstructure(request)["invoice"]["header"]["description"] is None


def test_a_part_of_the_wrong_model_class_is_named_by_the_type_check() -> None:
    request = example_invoice()
    request.invoice.parties.buyer_party.address = LedgerDimension(  # type: ignore[assignment]
        dimension_type="COST_CENTER", dimension_value="1000")
    with pytest.raises(ConfirmaValueError, match="must be a Address") as info:
        request.validate()
    assert info.value.field == "invoice.parties.buyerParty.address"


def test_a_list_that_is_not_a_list_is_refused() -> None:
    request = example_invoice()
    request.invoice.attachments = InvoiceAttachment(  # type: ignore[assignment]
        file_name="a.pdf", content="JVBERi0=")
    with pytest.raises(ConfirmaValueError, match="list of InvoiceAttachment") as info:
        request.validate()
    assert info.value.field == "invoice.attachments"


def test_omitted_fields_are_left_out_without_an_omit_flag() -> None:
    """``OMITTED`` as the default is what makes a field optional on the wire."""
    body = serde.unstructure(Address(street="Kauppakatu 1", street2=OMITTED))
    assert "street2" not in body and body["street"] == "Kauppakatu 1"
    assert serde.unstructure(Address(street2=None))["street2"] is None


def test_a_part_checks_itself_with_its_own_root() -> None:
    """``validate()`` works on any part: the path starts at the part."""
    with pytest.raises(ConfirmaValueError) as info:
        Address(country_code="XX").validate()
    assert info.value.field == "countryCode"
    assert Address(country_code="fi", postal_code="00100").validate().country_code == "FI"


def test_building_never_raises_only_checking_does() -> None:
    """Values that break a rule are kept as given until the body is checked."""
    address = Address(country_code="XX", postal_code="1")
    assert (address.country_code, address.postal_code) == ("XX", "1")
    with pytest.raises(ConfirmaValueError):
        address.validate()


def test_a_float_is_kept_as_given_and_refused_by_the_check() -> None:
    request = example_invoice()
    payment_data = models_module.PaymentData(amount=1.5)  # type: ignore[arg-type]
    request.invoice.payment_data = payment_data
    assert payment_data.amount == 1.5
    with pytest.raises(ConfirmaValueError, match="floats") as info:
        request.validate()
    assert info.value.field == "invoice.paymentData.amount"
    payment_data.amount = Decimal("1.5")
    request.validate()
    assert payment_data.amount == Decimal("1.50")
