"""Chinese for notebook 09: the decoding explorer (seq2seq_lib.explorer)."""

TEXTS: dict[str, str] = {}
