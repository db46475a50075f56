"""Finding the shipped scenarios and guided lessons, and reading a lesson's text.

A lesson is an ordinary scenario file under ``scenarios/lessons/`` with a
``[lesson]`` table (title, question, change, watch, shows, and optionally a
placement to ``compare`` side by side); the loader validates it like any other
key. Short lesson files are enough: keys left out take the default organisation.

Where the files are: a folder configured with ``CXSIM_SCENARIOS_DIR`` (``cxsim
dashboard --scenarios DIR`` sets it), else the ``scenarios/`` folder shipped
beside the package. Never the working directory, so the page behaves the same
wherever the server was started.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sim.scenario.config import LessonInfo, Scenario
from sim.scenario.errors import ScenarioError
from sim.scenario.load import load_scenario

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
SCENARIOS_ENV = "CXSIM_SCENARIOS_DIR"
"""Environment variable naming the folder of scenario files (lessons in its ``lessons/`` subfolder)."""


def scenarios_dir() -> Path:
    """The folder of scenario files: the configured one (:data:`SCENARIOS_ENV`), else the package's ``scenarios/``.

    The result is absolute and never depends on the working directory.
    """
    configured = os.environ.get(SCENARIOS_ENV, "").strip()
    if configured:
        return Path(configured).expanduser().resolve()
    return PACKAGE_ROOT / "scenarios"


def lessons_dir() -> Path:
    """The ``scenarios/lessons/`` folder."""
    return scenarios_dir() / "lessons"


def is_lesson(scenario: Scenario) -> bool:
    """Whether a scenario carries a lesson."""
    return bool(scenario.lesson.title)


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry of the dashboard's scenario menu."""

    label: str
    path: Path | None
    lesson: LessonInfo | None

    def load(self) -> Scenario:
        """The scenario this entry names (the built-in defaults when it names no file).

        Raises:
            ScenarioError: the file does not load.
        """
        return Scenario() if self.path is None else load_scenario(self.path)


def lesson_files(folder: Path | None = None) -> list[Path]:
    """Lesson files in ``folder`` (default ``scenarios/lessons/``), in file-name order."""
    folder = lessons_dir() if folder is None else folder
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def load_lessons(folder: Path | None = None) -> list[tuple[Path, Scenario]]:
    """Every lesson in ``folder`` with its validated scenario.

    Raises:
        ScenarioError: a file does not load, or has no ``[lesson]`` table.
    """
    out = []
    for path in lesson_files(folder):
        scenario = load_scenario(path)
        if not is_lesson(scenario):
            raise ScenarioError(str(path), "lesson", "missing", allowed="a [lesson] table with title, question, ...")
        out.append((path, scenario))
    return out


def choices(extra: Path | None = None) -> list[Choice]:
    """The dashboard's scenario menu: ``extra`` (a file given on the command line), shipped scenarios, lessons.

    Files that do not load are listed anyway (their label says so), so the page
    can show the error instead of hiding the file. With no file at all the menu
    holds the built-in default organisation. Every path is absolute.
    """
    paths: list[Path] = []
    if extra is not None:
        paths.append(Path(extra).expanduser().resolve())
    folder = scenarios_dir()
    paths += sorted(folder.glob("*.toml"), key=lambda p: (p.name != "default.toml", p.name))
    paths += lesson_files()
    seen: set[Path] = set()
    out: list[Choice] = []
    if not paths:
        return [Choice(f"Scenario: {Scenario().scenario.name} (built in)", None, None)]
    for path in paths:
        key = path.resolve()
        if key in seen:
            continue
        seen.add(key)
        try:
            scenario = load_scenario(path)
        except ScenarioError:
            out.append(Choice(f"{path.name} (does not load)", path, None))
            continue
        if is_lesson(scenario):
            out.append(Choice(f"Lesson: {scenario.lesson.title}", path, scenario.lesson))
        else:
            out.append(Choice(f"Scenario: {scenario.scenario.name}", path, None))
    return out


def describe(path: Path, scenario: Scenario) -> str:
    """A lesson as plain text (what ``cxsim lessons`` prints for it)."""
    lesson = scenario.lesson
    placements = scenario.simulation.placement + (f" vs {lesson.compare}" if lesson.compare else "")
    lines = [
        lesson.title,
        f"  file:     {_relative(path)}  (placement {placements})",
        f"  question: {lesson.question}",
        f"  change:   {lesson.change}",
        f"  watch:    {lesson.watch}",
        f"  shows:    {lesson.shows}",
    ]
    return "\n".join(lines)


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
