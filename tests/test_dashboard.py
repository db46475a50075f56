"""The dashboard without a browser: lessons, levers, runs, the tab controller, commentary, charts, exports, the page.

The page is rendered with ``solara.render`` (as Mesa's own tests do) and driven
through its widgets; the browser tests (``test_dashboard_browser.py``) follow a
student through the real page.
"""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import threading
import time
import weakref

import mesa
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim import Scenario, ScenarioError, build_scenario, load_scenario
from sim.cli.dashboard import CULL_TIMEOUT, server_command, server_env
from sim.cli.main import main
from sim.dashboard import band, commentary, export, figures, readout
from sim.dashboard.controller import Controller, describe_changes
from sim.dashboard.controls import (
    LEVERS,
    LEVERS_BY_NAME,
    PLACEMENT_NAMES,
    lever_overrides,
    lever_values,
    placement_blurb,
    placement_label,
)
from sim.dashboard.lessons import SCENARIOS_ENV, choices, load_lessons, scenarios_dir
from sim.dashboard.session import DashboardRun, RunSettings
from sim.scenario.load import to_dict
from tests.conftest import ROOT

os.environ.setdefault("SOLARA_CHECK_HOOKS", "off")

DEFAULT = str(ROOT / "scenarios" / "default.toml")
LESSONS = ROOT / "scenarios" / "lessons"


def _menu():
    return choices()


def _lesson(controller: Controller, words: str) -> str:
    return next(label for label in controller.labels() if words in label)


def _wait(predicate, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


@pytest.fixture
def controller():
    c = Controller(_menu())
    yield c
    c.close()


# --- lessons and where they are found -------------------------------------------------------------


def test_at_least_six_lessons_load_and_say_everything_a_class_needs():
    lessons = load_lessons(LESSONS)
    assert len(lessons) >= 6
    for path, scenario in lessons:
        lesson = scenario.lesson
        for field in ("title", "question", "change", "watch", "shows"):
            assert getattr(lesson, field).strip(), (path.name, field)
        assert any(ch.isdigit() for ch in lesson.shows), f"{path.name}: 'shows' quotes no measured figure"
        if lesson.compare:
            assert lesson.compare in scenario.placements and lesson.compare != scenario.simulation.placement


def test_ordinary_scenarios_carry_no_lesson():
    assert Scenario().lesson.title == ""
    assert load_scenario(DEFAULT).lesson == Scenario().lesson


@pytest.mark.parametrize(
    ("lesson", "key"),
    [
        ({"title": "T", "question": "Q", "change": "C", "watch": "W", "shows": "S", "colour": "red"}, "lesson.colour"),
        ({"title": "T", "question": "Q"}, "lesson.change"),
        ({"title": "T", "question": "Q", "change": "C", "watch": "W", "shows": "S", "compare": "servce"}, "compare"),
    ],
)
def test_a_malformed_lesson_table_is_refused_with_the_key_named(lesson, key):
    data = to_dict(Scenario())
    data["lesson"] = lesson
    with pytest.raises(ScenarioError) as info:
        build_scenario(data, "lesson.toml")
    assert key in str(info.value)


def test_cxsim_lessons_lists_every_lesson_with_what_it_shows(capsys):
    assert main(["lessons"]) == 0
    out = capsys.readouterr().out
    for _path, scenario in load_lessons(LESSONS):
        assert scenario.lesson.title in out
        assert scenario.lesson.shows[:60] in out
    assert out.count("\n  shows:    ") == len(load_lessons(LESSONS))


def test_cxsim_lessons_on_a_missing_folder_says_so(capsys, tmp_path):
    assert main(["lessons", str(tmp_path / "nowhere")]) == 2
    assert "folder not found" in capsys.readouterr().err


def test_the_menu_offers_shipped_scenarios_and_lessons():
    labels = [c.label for c in choices()]
    assert labels[0] == "Scenario: Default mid-size company"
    assert sum(label.startswith("Lesson: ") for label in labels) == len(load_lessons(LESSONS))


def test_scenarios_are_found_beside_the_package_whatever_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv(SCENARIOS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)  # no scenarios/ here
    menu = choices()
    assert all(c.path is not None and c.path.is_absolute() for c in menu)
    assert sum(c.label.startswith("Lesson: ") for c in menu) == len(load_lessons(LESSONS))
    assert scenarios_dir() == ROOT / "scenarios"
    c = Controller(menu)
    c.choose_scenario(_lesson(c, "Retail bank"))
    c.reset()
    assert c.run.error is None and c.view().arms[0].metrics["nps"] == pytest.approx(
        readout.read(DashboardRun(ROOT / "scenarios" / "retail_bank.toml")).arms[0].metrics["nps"]
    )
    c.close()


def test_a_configured_folder_replaces_the_shipped_scenarios(tmp_path, monkeypatch):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "mine.toml").write_text('[scenario]\nname = "My firm"\n')
    monkeypatch.setenv(SCENARIOS_ENV, str(tmp_path))
    assert [c.label for c in choices()] == ["Scenario: My firm"]


# --- levers, placements and runs --------------------------------------------------------------------


def test_sliders_start_at_the_scenario_values_and_untouched_sliders_change_nothing():
    lesson = load_scenario(LESSONS / "05_reorganise_every_year.toml")
    values = lever_values(lesson, "service")
    assert values["reorgs_per_year"] == 1.0
    assert values["followup_discipline_pct"] == 85.0
    assert values["community_pct"] == pytest.approx(10.0)
    assert lever_overrides(lesson, "service", values) == {}


def test_slider_positions_reach_the_model_in_model_units():
    run = DashboardRun(
        DEFAULT,
        placement="marketing",
        seed=3,
        budget_share_pct=10,
        followup_discipline_pct=20,
        reorgs_per_year=0,
        attention_half_life=52,
        community_pct=30,
    )
    assert run.error is None
    cfg = run.models[0].cfg
    assert run.models[0].design.budget_share == pytest.approx(0.10)
    assert cfg.follow_up.discipline == pytest.approx(0.20)
    assert cfg.reorganisation.per_year == 0
    assert cfg.sponsor_attention.half_life_weeks == 52
    types = cfg.initiatives.types
    weights = [getattr(types, k).weight for k in type(types).__dataclass_fields__]
    assert types.community.weight / sum(weights) == pytest.approx(0.30)
    run.release()


def test_side_by_side_shares_seed_events_and_levers_but_b_keeps_its_own_budget():
    run = DashboardRun(
        DEFAULT, placement="marketing", compare="ceo_overlay", seed=5, budget_share_pct=10, reorgs_per_year=2
    )
    a, b = run.models
    assert [arm.role for arm in run.arms] == ["A", "B"]
    assert a.design.budget_share == pytest.approx(0.10)
    assert b.design.budget_share == Scenario().designs["ceo_overlay"].budget_share
    assert a.cfg.reorganisation.per_year == b.cfg.reorganisation.per_year == 2
    for _ in range(80):
        run.step()
    assert a.steps == b.steps == run.week == 80
    spikes = [[e.week for e in m.log.events if e.kind in ("bug_spike", "reorganisation")] for m in (a, b)]
    assert spikes[0] == spikes[1] and spikes[0], "both placements must meet the same events"
    assert a.metrics != b.metrics  # ... and still differ, by governance alone
    run.release()


def test_the_same_settings_give_the_same_run():
    settings = RunSettings(ROOT / "scenarios" / "default.toml", "marketing", "", 11, (("legacy_share_pct", 70.0),))
    runs = [DashboardRun.from_settings(settings) for _ in range(2)]
    for run in runs:
        for _ in range(30):
            run.step()
    a, b = (run.models[0].datacollector.get_model_vars_dataframe() for run in runs)
    assert a.equals(b)
    assert runs[0].settings == settings
    for run in runs:
        run.release()


@pytest.mark.parametrize("corner", ["lo", "hi", "mixed"])
def test_any_slider_combination_builds_and_steps(corner):
    values = {}
    for i, lever in enumerate(LEVERS):
        pick = corner if corner != "mixed" else ("lo" if i % 2 else "hi")
        values[lever.name] = lever.lo if pick == "lo" else lever.hi
    run = DashboardRun(DEFAULT, placement="service", compare="distributed", seed=2, **values)
    assert run.error is None, run.error
    for _ in range(20):
        run.step()
    assert run.error is None and run.week == 20
    run.release()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": "twelve"}, "not a seed"),
        ({"seed": "-4"}, "not a seed"),
        ({"placement": "servce"}, "Did you mean 'service'"),
        ({"compare": "nowhere"}, "unknown placement 'nowhere'"),
        ({"scenario": "/nowhere/missing.toml"}, "file not found"),
        ({"budget_share_pct": "lots"}, "'lots' is not a number"),
        ({"budget_shar_pct": 3}, "Did you mean 'budget_share_pct'"),
    ],
)
def test_bad_input_becomes_a_message_not_an_exception(kwargs, message):
    run = DashboardRun(**{"scenario": DEFAULT, **kwargs})
    assert run.error is not None and message in run.error
    assert run.running is False
    run.step()  # stepping a failed run is harmless
    assert run.week == 0


def test_a_failure_while_stepping_stops_the_run_with_a_message(monkeypatch):
    run = DashboardRun(DEFAULT, seed=1)

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(run.models[0], "step", broken)
    run.step()
    assert run.error is not None and "boom" in run.error and not run.running
    run.release()


def test_release_frees_the_models_and_stops_stepping():
    run = DashboardRun(DEFAULT, compare="service", seed=1)
    models = run.models
    assert all(m in mesa.Agent._ids for m in models)
    run.release()
    assert not any(m in mesa.Agent._ids for m in models)
    run.step()
    assert run.week == 0 and not run.running


def test_every_lever_has_a_label_with_its_unit():
    for lever in LEVERS:
        assert "(" in lever.label and ")" in lever.label, lever.name
        assert lever.lo < lever.hi and lever.step > 0
    assert LEVERS_BY_NAME["budget_share_pct"].hi == 10  # the essay's "up to 10%"


def test_placements_are_shown_by_display_names_from_data_never_internal_names():
    names = set(Scenario().placements)
    for _path, scenario in load_lessons(LESSONS):
        names |= set(scenario.placements)
    for name in names:
        label = placement_label(name)
        assert "_" not in label and label[0].isupper(), (name, label)
    assert set(PLACEMENT_NAMES) <= set(Scenario().placements)  # no display name for a placement that does not exist
    assert placement_label("marketing_with_budget") == "Marketing with budget"
    blurb = placement_blurb(Scenario(), "cco_authority")
    assert blurb.startswith("A Chief Customer Officer") and "(003" not in blurb


# --- the tab's controller: Reset, pickers during Play, the seed box -------------------------------------


def test_reset_keeps_the_lesson_its_placements_horizon_and_sliders(controller):
    controller.choose_scenario(_lesson(controller, "CEO overlay"))
    controller.set_lever("followup_discipline_pct", 10)
    assert controller.pending_changes() == ["Follow-up discipline (% of updates sent) 85 → 10"]
    controller.step(12)
    assert controller.reset()
    view = controller.view()
    assert (view.week, view.horizon) == (0, 416)
    assert [a.name for a in view.arms] == ["ceo_overlay", "marketing"]
    assert controller.choice.label == _lesson(controller, "CEO overlay")
    assert controller.levers["followup_discipline_pct"] == 10
    assert controller.run.models[0].cfg.follow_up.discipline == pytest.approx(0.10)
    assert controller.pending_changes() == []
    # The run Reset replaced is kept, faded, with what changed.
    assert controller.previous is not None and controller.previous.week == 12
    assert controller.previous_label() == "Follow-up discipline (% of updates sent) 85 → 10"


def test_reset_after_a_placement_switch_rebuilds_that_placement_not_the_default(controller):
    controller.choose_scenario(_lesson(controller, "Retail bank"))
    controller.choose_placement("service")
    controller.choose_compare("operations")
    controller.set_seed("9")
    controller.reset()
    s = controller.run.settings
    assert (s.scenario.name, s.placement, s.compare, s.seed) == ("retail_bank.toml", "service", "operations", 9)


def test_a_picker_during_play_stops_play_and_the_new_run_starts_at_week_0(controller):
    controller.choose_scenario(_lesson(controller, "10% operating-spend"))
    controller.set_speed("as fast as it can draw")
    controller.play()
    assert _wait(lambda: controller.run.week >= 20)
    controller.choose_scenario(_lesson(controller, "CEO overlay"))
    assert not controller.playing and "Play stopped" in controller.notice
    time.sleep(0.6)  # the old loop had time to step, had it survived
    assert controller.run.week == 0 and controller.view().horizon == 416
    assert _wait(lambda: not [t for t in threading.enumerate() if t.name == "cxsim-play"]), "the old loop lives on"
    controller.play()
    assert _wait(lambda: controller.run.week >= 5)
    controller.choose_placement("service")
    assert not controller.playing and controller.run.week == 0
    assert [a.name for a in controller.view().arms] == ["service", "marketing"]


def test_play_keeps_the_chosen_pace(controller):
    controller.set_speed("25 weeks a second")
    start = time.monotonic()
    controller.play()
    assert _wait(lambda: controller.run.week >= 20)
    elapsed = time.monotonic() - start
    controller.pause()
    assert not controller.playing
    week = controller.run.week
    time.sleep(0.4)
    assert controller.run.week == week, "a paused run must not move"
    assert elapsed >= 19 / 25 * 0.9, "Play raced ahead of the chosen pace"


def test_a_bad_seed_is_reported_at_the_seed_box_and_reset_keeps_the_run(controller):
    controller.step(5)
    controller.set_seed("twelve")
    assert "not a seed" in controller.seed_error
    assert controller.reset() is False
    assert controller.run.week == 5 and controller.run.running and controller.run.error is None
    controller.set_seed("7")
    assert controller.seed_error is None and controller.reset()
    assert controller.run.seed_value == 7


def test_moving_placement_a_reads_its_own_budget_lever_and_keeps_the_others(controller):
    controller.set_lever("reorgs_per_year", 2.0)
    controller.choose_placement("operations")
    assert controller.levers["budget_share_pct"] == pytest.approx(100 * Scenario().designs["operations"].budget_share)
    assert controller.levers["reorgs_per_year"] == 2.0
    assert controller.run.models[0].cfg.reorganisation.per_year == 2.0


def test_two_tabs_are_independent():
    first, second = Controller(_menu()), Controller(_menu())
    first.step(30)
    assert (first.run.week, second.run.week) == (30, 0)
    second.choose_placement("service")
    assert first.run.settings.placement == "marketing"
    first.close()
    second.close()


def test_describe_changes_names_what_moved():
    old = RunSettings(None, "marketing", "", 1, (("reorgs_per_year", 1.0),))
    new = RunSettings(None, "service", "marketing", 2, (("reorgs_per_year", 0.0),))
    assert describe_changes(old, new) == [
        "placement A Marketing (mid-level manager) → Customer service (director)",
        "placement B none → Marketing (mid-level manager)",
        "seed 1 → 2",
        "Reorganisations (per year) 1 → 0",
    ]


def test_a_closed_tab_frees_its_models():
    c = Controller(_menu())
    c.choose_placement("service")
    c.choose_compare("operations")
    c.step(10)
    c.reset()
    refs = [weakref.ref(m) for m in c.run.models]
    run = c.run
    c.play()
    c.close()
    assert not c.playing and run.closed and c.run is None
    del c, run
    gc.collect()
    assert all(r() is None for r in refs), "a closed tab's models must be freed"


# --- words, numbers, commentary --------------------------------------------------------------------


@given(st.floats(min_value=-100, max_value=100) | st.just(float("nan")), st.integers(0, 2))
def test_signed_figures_never_read_minus_or_plus_zero(value, digits):
    text = commentary.signed(value, digits)
    assert text not in ("-0", "+0") and not re.fullmatch(r"[-+]0(\.0+)?", text)


@given(
    st.floats(0, 1) | st.just(float("nan")),
    st.floats(-100, 100),
    st.floats(0, 1),
    st.floats(0, 1),
    st.integers(0, 40),
)
def test_status_lines_have_no_minus_zero_and_agree_in_number(ft, nps, retention, participation, completed):
    m = {
        "follow_through": ft,
        "nps": nps,
        "retention": retention,
        "participation": participation,
        "participant_willingness": float("nan"),
        "initiatives_completed": completed,
    }
    for text in (commentary.arm_line(m), commentary.gap_line(m, {**m, "nps": -nps})):
        assert not re.search(r"(?<![\d.])[-+]0(?![\d.])", text), text
        assert not re.search(r"\b1 initiatives\b", text), text


def test_commentary_dates_events_in_plain_words_newest_first():
    assert commentary.when(1) == "year 1, week 1"
    assert commentary.when(53) == "year 2, week 1"
    run = DashboardRun(DEFAULT, seed=4, reorgs_per_year=3)
    for _ in range(104):
        run.step()
    notes = commentary.notes(run.models[0], limit=50)
    assert any(n.kind == "reorganisation" and n.title() == "Reorganisation" for n in notes)
    assert [n.week for n in notes] == sorted((n.week for n in notes), reverse=True)
    assert "After 104 weeks" in commentary.headline(run.models[0])
    run.release()


# --- what the page reads, charts and exports ----------------------------------------------------------


@pytest.fixture
def played():
    """A side-by-side run at week 150, read as the page reads it."""
    run = DashboardRun(DEFAULT, seed=2, compare="operations", reorgs_per_year=2)
    for _ in range(150):
        run.step()
    yield run, readout.read(run)
    run.release()


def test_the_readout_matches_the_model(played):
    run, view = played
    assert view.week == 150 and [a.role for a in view.arms] == ["A", "B"]
    for arm, model in zip(view.arms, run.models, strict=True):
        assert sum(arm.pipeline.values()) == len(model.portfolio.initiatives)
        assert sum(d.overdue for d in arm.org.departments) == model.metrics["items_overdue"]
        assert arm.loyalty_share.sum() == pytest.approx(100.0)
        assert arm.series["nps"].size == 151
        assert len(arm.events) == len(model.log.events)


def test_charts_update_in_place_and_show_every_frame(played):
    run, _ = played
    chart = figures.TimeSeriesChart()
    frames = []
    for _ in range(4):
        run.step()
        chart.update(readout.read(run))
        frames.append(chart.png())
    assert chart.rebuilds == 1, "a new week must not rebuild the figure"
    assert len(set(frames)) == len(frames), "every frame must show the new week"
    assert all(f.startswith(b"\x89PNG") for f in frames)
    view = readout.read(run)
    shown = sum(len(s.get_offsets()) for s in chart.markers.values())
    assert shown == sum(e.kind in figures.EVENT_STYLE for a in view.arms for e in a.events) > 0
    for make in (figures.PipelineChart, figures.LoyaltyChart, figures.OrganisationChart):
        other = make()
        other.update(view)
        assert other.png().startswith(b"\x89PNG") and other.rebuilds == 1


def test_the_time_series_fades_the_previous_run_and_exports_a_sharper_png(played):
    _run, view = played
    chart = figures.TimeSeriesChart()
    chart.update(view, previous=view)
    assert len(chart.faded) == 2 * len(figures.PANELS)
    line = chart.faded[("A", "nps")]
    assert np.array_equal(line.get_ydata(), view.arms[0].series["nps"])
    big = chart.png(dpi=200)
    assert big.startswith(b"\x89PNG") and len(big) > len(chart.png())


def test_summary_and_csv_exports(played):
    run, view = played
    rows = export.summary_rows(view)
    assert export.summary_header(view)[-1] == "B - A" and all(len(r) == 4 for r in rows)
    text = export.weekly_csv(run)
    lines = text.splitlines()
    assert lines[0].startswith("role,placement,placement_label,seed,week,")
    assert len(lines) == 1 + 2 * 151
    assert lines[1].startswith("A,marketing,Marketing (mid-level manager),2,0,")
    events = export.events_csv(view).splitlines()
    assert len(events) - 1 == sum(len(a.notes) for a in view.arms)
    assert "reorganisation" in export.event_counts(view.arms[0])


def test_twenty_seed_bands_summarise_the_replicates():
    request = band.BandRequest(
        None,
        (band.BandArm("A", "Marketing", "marketing"), band.BandArm("B", "Service", "service")),
        replicates=3,
        weeks=30,
    )
    seen = []
    result = band.compute(request, progress=lambda done, total: seen.append((done, total)), workers=1)
    assert seen[-1] == (6, 6)
    a = result.arm("A")
    assert a.mean["nps"].size == 31
    finite = np.isfinite(a.ci_low["nps"])
    assert np.all(a.ci_low["nps"][finite] <= a.mean["nps"][finite] + 1e-9)
    assert np.all(a.mean["nps"][finite] <= a.ci_high["nps"][finite] + 1e-9)
    runs = [band.run_one(None, "marketing", (), seed, 30) for seed in band.replicate_seeds(1, 3)]
    assert a.finals["nps_final"] == pytest.approx([r["finals"]["nps_final"] for r in runs])
    diff, _half = band.paired_difference(result, "nps_final", "A", "B")
    assert diff == pytest.approx(np.mean(result.arm("B").finals["nps_final"] - a.finals["nps_final"]))
    assert band.compute(request) is result, "a second tab asking the same gets the cached result"
    chart = figures.BandChart()
    chart.update(result)
    assert chart.png().startswith(b"\x89PNG")


def test_the_band_replicates_what_the_tab_shows(controller):
    controller.choose_scenario(_lesson(controller, "advisory board"))
    controller.step(3)
    controller.set_lever("followup_discipline_pct", 10)
    controller.reset()
    request = controller.band_request()
    assert [a.role for a in request.arms] == ["A", "before"]
    assert request.arms[0].overrides == (("follow_up.discipline", 0.1),)
    assert request.arms[1].overrides == ()
    assert request.replicates == 20 and request.root_seed == 1


# --- the command line ------------------------------------------------------------------------------


def test_the_server_runs_offline_without_badge_and_culls_closed_sessions(tmp_path):
    assert "--production" in server_command("127.0.0.1", 8765)  # no "first run" page fetched from solara.dev
    env = server_env(None, tmp_path)
    assert env["SOLARA_THEME_SHOW_BANNER"] == "False"
    assert env["SOLARA_KERNEL_CULL_TIMEOUT"] == CULL_TIMEOUT
    assert env[SCENARIOS_ENV] == str(tmp_path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cull", "soon"], "not a duration"),
        (["--scenarios", "EMPTY"], "holds no scenario files"),
        (["--scenarios", "/nowhere/at/all"], "folder not found"),
    ],
)
def test_cxsim_dashboard_refuses_bad_options(capsys, tmp_path, args, message):
    args = [str(tmp_path) if a == "EMPTY" else a for a in args]
    assert main(["dashboard", *args]) == 2
    assert message in capsys.readouterr().err


def test_cxsim_dashboard_refuses_a_bad_scenario_before_starting(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[customers]\nnetwrok = 'random'\n")
    assert main(["dashboard", str(bad)]) == 2
    assert "Did you mean 'network'" in capsys.readouterr().err


def test_the_run_command_does_not_import_solara():
    code = (
        "import sys; from sim.cli.main import main; main(['validate', sys.argv[1]]); "
        "print('solara' in sys.modules, 'mesa.visualization' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, DEFAULT], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False False")


def test_every_front_end_package_the_page_loads_is_in_the_offline_cache():
    pytest.importorskip("solara")
    from sim.dashboard import assets

    assert "katex@0.16.9" in " ".join(assets.required())
    assert assets.missing() == [], "run: python -m sim.dashboard.assets"


# --- the page, rendered without a browser -------------------------------------------------------


@pytest.fixture
def page():
    solara = pytest.importorskip("solara")
    import ipyvuetify as v

    from sim.dashboard.app import Page

    _box, rc = solara.render(Page(), handle_error=False)
    yield rc, v
    rc.close()


def _select(rc, v, cls: str):
    return next(w for w in rc.find(v.Select).widgets if cls in str(w.class_))


def _html_text(rc, cls: str) -> list[str]:
    import solara.widgets

    return [
        w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets if cls in w.attributes.get("class", "").split()
    ]


def _click(rc, v, name: str) -> None:
    rc.find(v.Btn, children=[name]).widget.click()


def test_page_shows_controls_lesson_and_metrics(page):
    rc, v = page
    assert _select(rc, v, "cx-pick-a").v_model == "marketing"
    assert {"text": "Marketing (mid-level manager)", "value": "marketing"} in _select(rc, v, "cx-pick-a").items
    assert "A · Marketing (mid-level manager)" in _html_text(rc, "cx-metrics")[0]
    assert {w.widget.children[0] for w in rc.find(v.Btn)} >= {"Reset", "Play", "Step"}
    assert len(rc.find(v.Slider).widgets) == len(LEVERS)


def test_page_step_redraws_and_a_lesson_switch_starts_a_new_run(page):
    import ipywidgets

    rc, v = page
    before = bytes(rc.find(ipywidgets.Image).widget.value)
    for _ in range(3):
        _click(rc, v, "Step")
    assert "Week <b>3</b> of 260" in _html_text(rc, "cx-week")[0]
    assert bytes(rc.find(ipywidgets.Image).widget.value) != before, "the chart must redraw after a step"
    menu = _select(rc, v, "cx-pick-scenario")
    menu.v_model = next(item for item in menu.items if "10% operating-spend" in item)
    assert "Week <b>0</b> of 260" in _html_text(rc, "cx-week")[0]
    metrics = _html_text(rc, "cx-metrics")
    assert "A · Marketing (mid-level manager)" in metrics[0] and "B · Marketing with budget" in metrics[1]
    assert "B − A" in _html_text(rc, "cx-gap")[0]
    assert _select(rc, v, "cx-pick-b").v_model == "marketing_with_budget"
    lesson = _html_text(rc, "cx-lesson-body")[0]
    assert lesson.count("Question.") == 1 and "marketing_with_budget" not in lesson


def test_page_shows_a_bad_seed_at_the_seed_box_and_keeps_the_run(page):
    rc, v = page
    _click(rc, v, "Step")
    seed = next(w for w in rc.find(v.TextField).widgets if "cx-seed" in str(w.class_))
    seed.v_model = "not a number"
    seed = next(w for w in rc.find(v.TextField).widgets if "cx-seed" in str(w.class_))
    assert "not a seed" in seed.error_messages[0]
    _click(rc, v, "Reset")
    assert "Week <b>1</b> of 260" in _html_text(rc, "cx-week")[0]
    assert not rc.find(v.Btn, children=["Play"]).widget.disabled
    seed.v_model = "7"
    _click(rc, v, "Reset")
    assert "Week <b>0</b> of 260" in _html_text(rc, "cx-week")[0]


def test_a_closed_page_frees_its_models():
    solara = pytest.importorskip("solara")
    from sim.dashboard.app import Page

    alive = set(map(id, mesa.Agent._ids))
    _box, rc = solara.render(Page(), handle_error=False)
    models = [m for m in mesa.Agent._ids if id(m) not in alive and hasattr(m, "customers")]
    refs = [weakref.ref(m) for m in models]
    rc.close()
    del models, _box
    gc.collect()
    assert refs and all(r() is None for r in refs)


def test_a_file_that_does_not_load_is_reported_once_and_the_page_keeps_working(tmp_path, monkeypatch):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "good.toml").write_text('[scenario]\nname = "Good"\n')
    (tmp_path / "bad.toml").write_text("[customers]\nnetwrok = 'random'\n")
    monkeypatch.setenv(SCENARIOS_ENV, str(tmp_path))
    c = Controller(choices())
    assert c.labels() == ["bad.toml (does not load)", "Scenario: Good"]
    assert "Did you mean 'network'" in c.load_error and c.run.error is not None
    c.play()
    assert not c.playing
    c.choose_scenario("Scenario: Good")
    assert c.load_error is None and c.run.error is None
    c.step(2)
    assert c.run.week == 2
    c.close()


def _png_width(data: bytes) -> int:
    return int.from_bytes(data[16:20], "big")  # the IHDR chunk


def test_every_tab_shows_its_own_chart(page):
    import ipywidgets

    rc, v = page
    tabs = rc.find(v.Tabs).widget
    widths = {}
    for index, name in enumerate(("Pipeline", "Loyalty", "Organisation")):
        tabs.v_model = index + 1
        image = rc.find(ipywidgets.Image).widget
        assert f"cx-chart-{name.lower()}" in image._dom_classes
        widths[name] = _png_width(bytes(image.value))
    assert widths == {
        "Pipeline": figures.PipelineChart.size[0] * figures.DPI,
        "Loyalty": figures.LoyaltyChart.size[0] * figures.DPI,
        "Organisation": figures.OrganisationChart.width * figures.DPI,
    }
