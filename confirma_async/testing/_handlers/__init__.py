"""The fakes' request handlers: one module per API area, named like the SDK module that
calls it (``api/cases.py`` -> ``cases.py``, ``collection/claims.py`` -> ``claims.py``).

A handler is ``async def name(fake, request) -> web.Response``: it reads the request,
checks it like the service does and answers from the fake's state under ``fake._lock``.
The fakes bind them as methods and route to them (``_fake.py``, ``_collection.py``); the
shared pipeline (``_server.py``) has applied the fault knobs and the fake's own auth
before a handler runs.
"""
