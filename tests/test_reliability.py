"""Hostile use: inputs that must give one paragraph and exit 2, and batch folders that cannot be corrupted.

Each test is a case a user met (issue 13): it failed, with a traceback or a
damaged folder, before the fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli.main import main

TINY = '[scenario]\nname = "Tiny"\n[simulation]\nweeks = 8\n[customers]\ncount = 300\n'


@pytest.fixture()
def tiny(tmp_path) -> str:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY, encoding="utf-8")
    return str(path)


def scenario_file(tmp_path: Path, text: str | bytes, name: str = "s.toml") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def refused(capsys, argv: list[str], *phrases: str) -> str:
    """Run the CLI, assert exit 2 with one paragraph (no traceback) holding every phrase; return it."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("error: "), err
    for phrase in phrases:
        assert phrase in err, err
    return err


# --- scenario files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("[organisation]\nopex_per_week = 1" + "0" * 400 + "\n", ("organisation.opex_per_week", "beyond the range")),
        ("[customers]\ncount = 1" + "0" * 400 + "\n", ("customers.count", "too large", "between 10 and")),
        ("[customers]\ncount = " + "9" * 5000 + "\n", ("integer literal too long",)),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", ("nested too deeply",)),
        ("a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n", ("nested too deeply",)),
    ],
    ids=["10**400-in-a-number-key", "10**400-in-an-integer-key", "5000-digit-literal", "deep-arrays", "deep-tables"],
)
def test_hostile_numbers_and_nesting_are_one_paragraph(tmp_path, capsys, text, phrases):
    refused(capsys, ["validate", scenario_file(tmp_path, text)], *phrases)


def test_a_huge_scenario_file_is_refused_before_parsing(tmp_path, capsys, monkeypatch):
    import tomllib

    path = scenario_file(tmp_path, "[unknown]\n" + "a = 1\n" * 300_000)  # 1.8 MB of one unknown table
    monkeypatch.setattr(tomllib, "loads", lambda *_: pytest.fail("a file over the limit was parsed"))
    refused(capsys, ["validate", path], "larger than 1 MB", "at most 1,000,000 bytes")


def test_a_utf8_byte_order_mark_is_accepted(tmp_path, capsys):
    path = scenario_file(tmp_path, b"\xef\xbb\xbf" + TINY.encode())
    assert main(["validate", path]) == 0
    assert "'Tiny'" in capsys.readouterr().out


def test_an_unreadable_scenario_file_is_one_paragraph(tmp_path, capsys, monkeypatch):
    path = Path(scenario_file(tmp_path, TINY))
    real_open = Path.open

    def no_permission(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", no_permission)
    refused(capsys, ["validate", str(path)], str(path), "cannot be read (Permission denied)")
