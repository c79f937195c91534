"""Chinese for notebook 03."""

TEXTS: dict[str, str] = {}
