"""Chinese for notebook 08."""

TEXTS: dict[str, str] = {}
