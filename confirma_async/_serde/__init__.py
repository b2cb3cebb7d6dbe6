"""The implementation behind ``confirma_async.serde``, one module per job.

``json`` reads and writes JSON text (numbers bounded, money exact); ``scalars`` holds the
strict hooks for wire scalars; ``converter`` builds the cattrs converter and its generated
structure functions; ``actions`` reads and writes invoice actions; ``mirrors`` generates
the msgspec mirrors of the models; ``fast`` is ``decode``, the typed path through them;
``explain`` names the wire path of a body that does not fit. Import from ``serde``.
"""
