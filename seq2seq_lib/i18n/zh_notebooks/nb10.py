"""Chinese for notebook 10: the Transformer."""

TEXTS: dict[str, str] = {}
