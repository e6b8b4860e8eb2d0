"""The unit of work: a use case's transaction, its events in the outbox, and the bus that hands
them to their handlers after the commit. Uses models/ and bookings.events only."""
