"""The people side: contacts, their cadence and the give/ask ledger.

``contacts_io/`` reads contact files (LinkedIn, vCard, Google, plain CSV), ``names``
matches names, ``cadence`` decides who is due, ``service`` is what the facade calls.
"""
