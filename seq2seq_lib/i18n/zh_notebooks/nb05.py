"""Chinese for notebook 05."""

TEXTS: dict[str, str] = {}
