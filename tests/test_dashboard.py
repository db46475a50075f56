"""The dashboard without a browser: lessons, levers, the run wrapper, commentary, charts and the page.

The page is rendered with ``solara.render`` (as Mesa's own tests do) and driven
through its widgets; the browser test (``test_dashboard_browser.py``) covers
the real page.
"""

from __future__ import annotations

import os
import subprocess
import sys

import mesa
import pytest

from sim import Scenario, ScenarioError, build_scenario, load_scenario
from sim.cli.main import main
from sim.dashboard import commentary, figures
from sim.dashboard.controls import LEVERS, LEVERS_BY_NAME, lever_overrides, lever_values
from sim.dashboard.lessons import choices, load_lessons
from sim.dashboard.session import DashboardRun
from sim.scenario.load import to_dict
from tests.conftest import ROOT

os.environ.setdefault("SOLARA_CHECK_HOOKS", "off")  # Mesa's SolaraViz trips Solara's hook linter

DEFAULT = str(ROOT / "scenarios" / "default.toml")
LESSONS = ROOT / "scenarios" / "lessons"


# --- lessons ------------------------------------------------------------------------------


def test_at_least_six_lessons_load_and_say_everything_a_class_needs():
    lessons = load_lessons(LESSONS)
    assert len(lessons) >= 6
    for path, scenario in lessons:
        lesson = scenario.lesson
        for field in ("title", "question", "change", "watch", "shows"):
            assert getattr(lesson, field).strip(), (path.name, field)
        assert any(ch.isdigit() for ch in lesson.shows), f"{path.name}: 'shows' quotes no measured figure"
        assert "PLACEHOLDER" not in lesson.shows, path.name
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


def test_cxsim_dashboard_refuses_a_bad_scenario_before_starting(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[customers]\nnetwrok = 'random'\n")
    assert main(["dashboard", str(bad)]) == 2
    assert "Did you mean 'network'" in capsys.readouterr().err


def test_the_menu_offers_shipped_scenarios_and_lessons():
    labels = [c.label for c in choices()]
    assert labels[0] == "Scenario: Default mid-size company"
    assert sum(label.startswith("Lesson: ") for label in labels) == len(load_lessons(LESSONS))


def test_the_run_command_does_not_import_solara():
    code = (
        "import sys; from sim.cli.main import main; main(['validate', sys.argv[1]]); "
        "print('solara' in sys.modules, 'mesa.visualization' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, DEFAULT], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False False")


# --- levers -> overrides -> model -----------------------------------------------------------


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
    assert run.models[0].placement.budget_share == pytest.approx(0.10)
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
    assert [arm.label for arm in run.arms] == ["marketing", "ceo_overlay"]
    assert a.placement.budget_share == pytest.approx(0.10)
    assert b.placement.budget_share == Scenario().placements["ceo_overlay"].budget_share
    assert a.cfg.reorganisation.per_year == b.cfg.reorganisation.per_year == 2
    for _ in range(80):
        run.step()
    assert a.steps == b.steps == run.week == 80
    spikes = [[e.week for e in m.log.events if e.kind in ("bug_spike", "reorganisation")] for m in (a, b)]
    assert spikes[0] == spikes[1] and spikes[0], "both placements must meet the same events"
    assert a.metrics != b.metrics  # ... and still differ, by governance alone
    run.release()


def test_the_same_settings_give_the_same_run():
    runs = [DashboardRun(DEFAULT, seed=11, legacy_share_pct=70) for _ in range(2)]
    for run in runs:
        for _ in range(30):
            run.step()
    a, b = (run.models[0].datacollector.get_model_vars_dataframe() for run in runs)
    assert a.equals(b)
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
        ({"scenario": "scenarios/missing.toml"}, "file not found"),
        ({"budget_share_pct": "lots"}, "could not be built"),
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


# --- commentary and charts --------------------------------------------------------------------


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


def test_pipeline_and_overdue_counts_match_the_model():
    run = DashboardRun(DEFAULT, seed=2, compare="operations")
    for _ in range(150):
        run.step()
    for model in run.models:
        assert sum(figures.pipeline_counts(model).values()) == len(model.portfolio.initiatives)
        assert sum(figures.overdue_by_department(model).values()) == model.metrics["items_overdue"]
    arms = [(arm.label, arm.model) for arm in run.arms]
    for make in (figures.time_series, figures.pipeline, figures.loyalty_histogram, figures.organisation):
        fig = make(arms)
        assert fig.axes, make.__name__
    run.release()


def test_every_lever_has_a_label_with_its_unit():
    for lever in LEVERS:
        assert "(" in lever.label and ")" in lever.label, lever.name
        assert lever.lo < lever.hi and lever.step > 0
    assert LEVERS_BY_NAME["budget_share_pct"].hi == 10  # the essay's "up to 10%"


# --- the page, rendered without a browser -------------------------------------------------------


@pytest.fixture
def page():
    solara = pytest.importorskip("solara")
    import ipyvuetify as v

    from sim.dashboard.app import Page

    _box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    yield rc, v
    rc.close()


def _select(rc, v, label: str):
    return rc.find(v.Select, label=label).widget


def _texts(rc, v, cls: str) -> list[str]:
    return [" ".join(map(str, w.children)) for w in rc.find(v.Html, class_=cls).widgets]


def _click(rc, v, name: str) -> None:
    rc.find(v.Btn, children=[name]).widget.click()


def test_page_shows_controls_lesson_and_metrics(page):
    rc, v = page
    labels = [w.widget.label for w in rc.find(v.Slider)]
    for lever in LEVERS:
        assert lever.label in labels
    assert _select(rc, v, "Placement A (where CX sits)").v_model == "marketing"
    assert _texts(rc, v, "cx-metrics")[0].startswith("marketing: follow-through")
    assert {w.widget.children[0] for w in rc.find(v.Btn)} >= {"Reset", "Step", "▶"}


def test_page_step_changes_metrics_and_a_lesson_switch_starts_a_new_run(page):
    import ipywidgets

    rc, v = page
    before = [bytes(w.value) for w in rc.find(ipywidgets.Image).widgets]
    for _ in range(3):
        _click(rc, v, "Step")
    assert _texts(rc, v, "cx-week")[0].startswith("Week 3 of 260")
    after = [bytes(w.value) for w in rc.find(ipywidgets.Image).widgets]
    assert len(after) == len(before) >= 3
    assert all(a != b for a, b in zip(after, before, strict=True)), "every chart must redraw after a step"
    menu = _select(rc, v, "Scenario or lesson")
    lesson = next(item for item in menu.items if "10% operating-spend" in item)
    menu.v_model = lesson  # switch mid-run
    assert _texts(rc, v, "cx-week")[0].startswith("Week 0 of 260")
    metrics = _texts(rc, v, "cx-metrics")
    assert metrics[0].startswith("marketing:") and metrics[1].startswith("marketing_with_budget:")
    assert (
        rc.find(v.Select, label="Side by side with placement B (same seed)").widget.v_model == "marketing_with_budget"
    )
    assert _texts(rc, v, "cx-lesson-title") == ["The 10% operating-spend lever"]


def test_page_shows_a_bad_seed_as_a_message_after_reset(page):
    rc, v = page
    seed = next(w for w in rc.find(v.TextField).widgets if str(w.label).startswith("Seed"))
    seed.v_model = "not a number"
    seed.fire_event("focusout", None)
    _click(rc, v, "Reset")
    errors = [w for w in rc.find(v.Alert).widgets if "not a seed" in str(w.children)]
    assert errors, "the bad seed should be reported in the page"
    # The page keeps working: a good seed and Reset bring the run back.
    seed.v_model = "7"
    seed.fire_event("focusout", None)
    _click(rc, v, "Reset")
    assert _texts(rc, v, "cx-week")[0] == "Week 0 of 260 (running), seed 7"
