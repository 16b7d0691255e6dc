"""Django's PostgreSQL backend, connecting to the embedded server (started on first connection)."""
