"""The booking domain: use cases, policies and queries.

Receives a SQLAlchemy ``Session`` from its caller; imports ``models``, never Flask or ``app``.
"""
