"""Synthetic Nordic business data for the sandbox: companies, addresses, IDs, references.

Everything comes from a seeded ``random.Random``: same seed, same data. Only companies are
generated (no people), names are assembled from word parts, and e-mail addresses are at
``example.com``; business IDs carry valid check digits but are random numbers.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Final

import attrs

__all__ = ["Company", "COUNTRIES", "CURRENCY_OF", "company", "rf_reference", "iban", "amount"]

COUNTRIES: Final = ("FI", "FI", "FI", "SE", "SE", "NO", "DK")
CURRENCY_OF: Final = {"FI": "EUR", "SE": "SEK", "NO": "NOK", "DK": "DKK"}
LANGUAGE_OF: Final = {"FI": "FI", "SE": "SV", "NO": "NO", "DK": "DK"}
COUNTRY_NAME: Final = {"FI": "FINLAND", "SE": "SWEDEN", "NO": "NORWAY", "DK": "DENMARK"}

_FIRST: Final = {
    "FI": ("Kivi", "Järvi", "Metsä", "Koski", "Saari", "Lumi", "Tuuli", "Aalto", "Kallio",
           "Ranta", "Honka", "Virta"),
    "SE": ("Norr", "Söder", "Berg", "Sjö", "Ek", "Björk", "Lind", "Fjäll", "Åker", "Strand"),
    "NO": ("Fjord", "Nord", "Vik", "Dal", "Fjell", "Havn", "Skog", "Elv", "Bre", "Stein"),
    "DK": ("Øster", "Vester", "Strand", "Skov", "Bakke", "Havne", "Lyng", "Mølle", "Eng"),
}
_SECOND: Final = {
    "FI": ("tekniikka", "rakennus", "palvelu", "kauppa", "logistiikka", "data", "energia",
           "konepaja", "sähkö"),
    "SE": ("byggen", "konsult", "handel", "transport", "data", "energi", "verkstad", "el"),
    "NO": ("bygg", "handel", "teknikk", "transport", "data", "energi", "verksted", "elektro"),
    "DK": ("byg", "handel", "teknik", "transport", "data", "energi", "værksted", "el"),
}
_SUFFIX: Final = {"FI": ("Oy", "Oy", "Oyj", "Ky"), "SE": ("AB",), "NO": ("AS", "ASA"),
                  "DK": ("ApS", "A/S")}
_STREETS: Final = {
    "FI": ("Mannerheimintie", "Hämeenkatu", "Kauppakatu", "Aleksanterinkatu", "Puistokatu",
           "Rantatie", "Teollisuuskatu", "Satamakatu"),
    "SE": ("Drottninggatan", "Storgatan", "Kungsgatan", "Sveavägen", "Hamngatan", "Industrivägen"),
    "NO": ("Storgata", "Kongens gate", "Strandgata", "Industriveien", "Havnegata", "Kirkegata"),
    "DK": ("Vesterbrogade", "Nørregade", "Østergade", "Havnegade", "Industrivej", "Algade"),
}
_CITIES: Final = {
    "FI": (("00100", "HELSINKI"), ("33100", "TAMPERE"), ("20100", "TURKU"), ("90100", "OULU"),
           ("65100", "VAASA"), ("40100", "JYVÄSKYLÄ"), ("70100", "KUOPIO")),
    "SE": (("111 52", "STOCKHOLM"), ("411 04", "GÖTEBORG"), ("211 22", "MALMÖ"),
           ("753 20", "UPPSALA"), ("581 83", "LINKÖPING")),
    "NO": (("0150", "OSLO"), ("5003", "BERGEN"), ("7011", "TRONDHEIM"), ("4006", "STAVANGER")),
    "DK": (("1050", "KØBENHAVN K"), ("8000", "AARHUS C"), ("5000", "ODENSE C"),
           ("9000", "AALBORG")),
}


@attrs.frozen
class Company:
    name: str
    country: str
    business_id: str
    vat_code: str
    street: str
    postal_code: str
    city: str
    email: str
    phone: str

    @property
    def currency(self) -> str:
        return CURRENCY_OF[self.country]

    @property
    def language(self) -> str:
        return LANGUAGE_OF[self.country]


def company(rng: random.Random, country: str | None = None) -> Company:
    """A synthetic company with a valid-looking business ID for its country."""
    country = country or rng.choice(COUNTRIES)
    stem = rng.choice(_FIRST[country]) + rng.choice(_SECOND[country])
    name = f"{stem} {rng.choice(_SUFFIX[country])}"
    slug = "".join(c for c in stem.lower() if c.isascii() and c.isalnum()) or "company"
    business_id, vat = _business_id(rng, country)
    postal, city = rng.choice(_CITIES[country])
    street = f"{rng.choice(_STREETS[country])} {rng.randint(1, 120)}"
    prefix = {"FI": "+358 40", "SE": "+46 70", "NO": "+47 4", "DK": "+45 2"}[country]
    phone = f"{prefix}{rng.randint(1000000, 9999999)}"
    return Company(name, country, business_id, vat, street, postal, city,
                   f"ap.{slug}{rng.randint(1, 999)}@example.com", phone)


def _business_id(rng: random.Random, country: str) -> tuple[str, str]:
    if country == "FI":  # Y-tunnus: 7 digits + mod-11 check digit
        while True:
            digits = [rng.randint(0, 9) for _ in range(7)]
            rest = sum(d * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
            if rest != 1:
                body = "".join(map(str, digits))
                check = 0 if rest == 0 else 11 - rest
                return f"{body}-{check}", f"FI{body}{check}"
    if country == "SE":  # organisationsnummer: 10 digits, Luhn
        body = "55" + "".join(str(rng.randint(0, 9)) for _ in range(7))
        number = body + str(_luhn(body))
        return f"{number[:6]}-{number[6:]}", f"SE{number}01"
    if country == "NO":  # organisasjonsnummer: 9 digits, mod 11
        while True:
            digits = [rng.randint(8, 9)] + [rng.randint(0, 9) for _ in range(7)]
            rest = sum(d * w for d, w in zip(digits, (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
            if rest != 1:
                number = "".join(map(str, digits)) + str(0 if rest == 0 else 11 - rest)
                return number, f"NO{number}MVA"
    while True:  # DK CVR: 8 digits, mod 11 == 0
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        rest = sum(d * w for d, w in zip(digits, (2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
        check = (11 - rest) % 11
        if check < 10:
            number = "".join(map(str, digits)) + str(check)
            return number, f"DK{number}"


def _luhn(body: str) -> int:
    total = 0
    for index, char in enumerate(reversed(body)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def rf_reference(number: int) -> str:
    """An ISO 11649 creditor reference (``RF`` + check digits + the number)."""
    body = str(number)
    check = 98 - int(body + "271500") % 97  # "RF00" moved to the end, R=27, F=15
    return f"RF{check:02d}{body}"


def iban(country: str, bban: str) -> str:
    """An IBAN with correct check digits for ``country`` and the digits ``bban``."""
    letters = "".join(str(ord(c) - 55) for c in country)
    check = 98 - int(bban + letters + "00") % 97
    return f"{country}{check:02d}{bban}"


def amount(rng: random.Random, currency: str) -> Decimal:
    """An invoice total typical for a B2B invoice in ``currency`` (two decimals, exact)."""
    scale = {"EUR": 1, "SEK": 11, "NOK": 11, "DKK": 7}[currency]
    cents = rng.randint(2500, 250000) * scale
    return Decimal(cents).scaleb(-2)
