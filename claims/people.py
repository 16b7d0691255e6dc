def name(user) -> str:
    """How the desk names a person: their full name, else their username."""
    return user.get_full_name() or user.username
