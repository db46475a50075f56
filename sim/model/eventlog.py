"""A plain-language log of notable events (sponsor moved on, leader quit, reorganisation, bug spike)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Event:
    """One notable event."""

    week: int
    kind: str
    text: str


class EventLog:
    """Notable events in the order they happened."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def add(self, week: int, kind: str, text: str) -> None:
        """Record an event."""
        self.events.append(Event(week, kind, text))

    def clear(self) -> None:
        """Forget every event (the firm's past is not part of the run's story)."""
        self.events.clear()

    def count(self, kind: str) -> int:
        """How many events of ``kind`` happened."""
        return sum(e.kind == kind for e in self.events)

    def recent(self, n: int = 8) -> list[Event]:
        """The last ``n`` events, newest last."""
        return self.events[-n:]
