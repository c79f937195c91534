"""Chinese for notebook 04."""

TEXTS: dict[str, str] = {}
