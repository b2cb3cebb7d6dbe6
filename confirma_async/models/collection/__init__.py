"""Data of the collection agency's claims API (``confirma_async.collection``), one module
per object of claims.md, each naming its sections:

* ``claims``: the ``POST /v1/claims`` body, search results, the receipt of every write;
* ``customers``: the debtor, addresses, communication channels, reference contacts;
* ``contracts``: a contract and its invoices (the principal claim);
* ``costs``: the client's costs and interests;
* ``payments``: payments, credit waivers, recalls and cancellations on a claim;
* ``transactions``: the feed of confirmations, rejections, accounting documents, closings;
* ``pages``: the paged-list envelope; ``auth``: the OAuth2 token answer.

Pure data like the rest of ``models``: it imports nothing above ``models``. Import the
names from ``confirma_async.models``, which exports every one of them.

Enum values are open: their text is kept as sent, ``member`` matches it to a documented
value ignoring case (the collection docs mix cases). Identifiers (claim, invoice,
contract numbers) are strings in this API.
"""
