"""The project's own error for bad input: one paragraph a user can act on."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class ScenarioError(ValueError):
    """A scenario (file, override or placement) that cannot be used as given.

    The message names the file, the key path, what is wrong and what is allowed,
    with the nearest valid key when a name looks like a typo.
    """

    def __init__(
        self,
        source: str,
        key: str,
        problem: str,
        allowed: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        self.source = source
        self.key = key
        self.problem = problem
        self.allowed = allowed
        self.suggestion = suggestion
        where = f"{source}: " if source else ""
        at = f"at '{key}' " if key else ""
        text = f"{where}{at}{problem}."
        if allowed:
            text += f" Allowed: {allowed}."
        if suggestion:
            text += f" Did you mean '{suggestion}'?"
        super().__init__(text)


def nearest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``name``, if any is reasonably close."""
    found = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None
