"""A fixed mapping between tokens and integer ids, for any task.

The article builds its vocabulary from a Python ``set``. Iterating a set of strings
follows the string hash, which changes with ``PYTHONHASHSEED``, so token ids changed
from one run to the next and a saved model could not be reloaded safely. Here a
vocabulary is a sorted list: the same ids on every machine, for every corpus. Each task
(``seq2seq_lib.tasks``) builds its own from its symbols.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

PAD = "<PAD>"
GO = "<GO>"
EOS = "<EOS>"


class Vocabulary:
    """A fixed mapping between tokens and integer ids.

    ``<PAD>`` is always id 0 (so zero-filled tensors are padding); the other tokens
    follow in sorted order.
    """

    def __init__(self, tokens: Iterable[str]):
        tokens = list(tokens)
        if not all(isinstance(t, str) and t for t in tokens):
            raise ValueError("Vocabulary tokens must be non-empty strings")
        if PAD in tokens:
            tokens.remove(PAD)
        if len(set(tokens)) != len(tokens):
            raise ValueError("Vocabulary tokens must be unique")
        for required in (GO, EOS):
            if required not in tokens:
                raise ValueError(f"Vocabulary needs the special token {required!r}")
        self.tokens: tuple[str, ...] = (PAD, *sorted(tokens))
        self.token_to_id: dict[str, int] = {t: i for i, t in enumerate(self.tokens)}

    @classmethod
    def dates(cls) -> Vocabulary:
        """The date task's vocabulary (:func:`seq2seq_lib.tasks.dates.date_vocabulary`)."""
        from .tasks.dates import date_vocabulary  # the task owns its symbols

        return date_vocabulary()

    def __len__(self) -> int:
        return len(self.tokens)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vocabulary) and self.tokens == other.tokens

    def __hash__(self) -> int:
        return hash(self.tokens)

    def __repr__(self) -> str:
        return f"Vocabulary({len(self)} tokens: {', '.join(self.tokens)})"

    def __contains__(self, token: object) -> bool:
        return token in self.token_to_id

    @property
    def pad_id(self) -> int:
        return self.token_to_id[PAD]

    @property
    def go_id(self) -> int:
        return self.token_to_id[GO]

    @property
    def eos_id(self) -> int:
        return self.token_to_id[EOS]

    def encode(self, tokens: Iterable[str]) -> list[int]:
        """Tokens to ids; an unknown token raises ``KeyError`` naming it."""
        ids = []
        for token in tokens:
            if token not in self.token_to_id:
                raise KeyError(f"token {token!r} is not in the vocabulary")
            ids.append(self.token_to_id[token])
        return ids

    def decode(self, ids: Sequence[int] | Iterable[int]) -> str:
        """Ids to text. Stops at ``<EOS>`` (excluded); skips ``<GO>`` and ``<PAD>``."""
        out = []
        for i in ids:
            i = int(i)
            if i == self.eos_id:
                break
            if i in (self.go_id, self.pad_id):
                continue
            out.append(self.tokens[i])
        return "".join(out)
