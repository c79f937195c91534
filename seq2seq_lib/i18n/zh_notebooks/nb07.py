"""Chinese for notebook 07."""

TEXTS: dict[str, str] = {}
