"""Chinese for notebook 06."""

TEXTS: dict[str, str] = {}
