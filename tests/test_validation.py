"""Bad input gets one clear paragraph: which file, which key, what is allowed."""

from __future__ import annotations

import contextlib
import copy
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import Scenario, ScenarioError, build_scenario, load_scenario
from sim.params import iter_keys
from sim.scenario.load import apply_overrides, to_dict
from sim.scenario.reference import all_keys
from tests.conftest import ROOT

DEFAULT = ROOT / "scenarios" / "default.toml"


def _error(text: str, tmp_path) -> ScenarioError:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(path) in str(info.value)
    return info.value


def test_unknown_key_names_the_path_and_suggests_the_nearest(tmp_path):
    err = _error("[customers]\ncuont = 5000\n", tmp_path)
    assert err.key == "customers.cuont" and err.suggestion == "count"
    assert "unknown key" in str(err) and "Did you mean 'count'" in str(err)


def test_unknown_table_suggests_the_nearest(tmp_path):
    err = _error("[sponsor_atention]\nhalf_life_weeks = 3\n", tmp_path)
    assert err.suggestion == "sponsor_attention"


def test_wrong_type_says_what_was_expected(tmp_path):
    err = _error('[simulation]\nweeks = "many"\n', tmp_path)
    assert err.key == "simulation.weeks" and "expected an integer" in str(err)


def test_bool_is_not_accepted_as_a_number(tmp_path):
    err = _error("[customers]\nloyalty_noise = true\n", tmp_path)
    assert "expected a number" in str(err)


def test_out_of_range_value_states_the_range(tmp_path):
    err = _error("[designs.marketing]\nbudget_share = 0.5\n", tmp_path)
    assert err.key == "designs.marketing.budget_share"
    assert "out of range" in str(err) and "between 0 and 0.25" in str(err)


def test_unknown_choice_suggests_the_nearest(tmp_path):
    err = _error('[customers]\nnetwork = "smallworld"\n', tmp_path)
    assert err.suggestion == "small_world"


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ScenarioError, match="file not found"):
        load_scenario(tmp_path / "nope.toml")


def test_malformed_toml_is_a_clear_error(tmp_path):
    err = _error("[customers\ncount = 3\n", tmp_path)
    assert "is not valid TOML" in str(err)


def test_unknown_placement_suggests_the_nearest(tmp_path):
    err = _error('[simulation]\nplacement = "servce"\n', tmp_path)
    assert err.key == "simulation.placement" and err.suggestion == "service"


def test_new_placement_must_be_complete_or_based_on_another(tmp_path):
    err = _error('[placements.mine]\nhome = "service"\n', tmp_path)
    assert "missing" in str(err) and "based_on" in str(err)
    err = _error('[placements.mine]\nbased_on = "markting"\n', tmp_path)
    assert err.suggestion == "marketing"


def test_segment_shares_must_sum_to_one(tmp_path):
    text = '[[customers.segments]]\nname = "a"\nshare = 0.5\n[[customers.segments]]\nname = "b"\nshare = 0.3\n'
    err = _error(text, tmp_path)
    assert "sum to 0.8" in str(err)


def test_overrides_are_validated_like_files():
    base = load_scenario(DEFAULT)
    with pytest.raises(ScenarioError, match="Did you mean 'count'"):
        apply_overrides(base, {"customers.cuont": 3})
    with pytest.raises(ScenarioError, match="out of range"):
        apply_overrides(base, {"customers.count": -5})
    assert apply_overrides(base, {"customers.segments.0.share": 0.55}).customers.segments[0].share == 0.55


def test_the_shipped_scenarios_all_load():
    files = sorted((ROOT / "scenarios").rglob("*.toml"))
    assert files
    for path in files:
        load_scenario(path)


def test_to_dict_round_trips():
    base = load_scenario(DEFAULT)
    assert build_scenario(to_dict(base), str(DEFAULT)) == base


# --- property-based: thousands of malformed scenarios ---------------------------------

_VALID = tomllib.loads(DEFAULT.read_text(encoding="utf-8"))
_LEAVES = [k for k in all_keys() if "[]" not in k and "<name>" not in k]
_junk = st.one_of(
    st.none().map(lambda _: "oops"),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _set(data: dict, dotted: str, value) -> None:
    node = data
    parts = dotted.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {}) if isinstance(node, dict) else node
        if not isinstance(node, dict):
            return
    node[parts[-1]] = value


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(
            st.one_of(st.sampled_from(_LEAVES), st.text(min_size=1, max_size=20).filter(lambda s: "." not in s)),
            _junk,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_malformed_scenarios_either_load_or_raise_scenario_error(edits):
    data = copy.deepcopy(_VALID)
    for key, value in edits:
        _set(data, key, value)
    try:
        build_scenario(data, "<fuzz>")
    except ScenarioError as exc:
        assert str(exc)


@settings(max_examples=500, deadline=None)
@given(
    tree=st.recursive(
        st.one_of(st.integers(), st.floats(), st.text(max_size=8), st.booleans()),
        lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=4),
        max_leaves=12,
    )
)
def test_arbitrary_toml_shapes_either_load_or_raise_scenario_error(tree):
    with contextlib.suppress(ScenarioError):
        build_scenario(tree if isinstance(tree, dict) else {"scenario": tree}, "<fuzz>")


# --- the model's own arguments ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"weeks": -5}, "simulation.weeks"),
        ({"weeks": 2.7}, "simulation.weeks"),
        ({"weeks": 10**6}, "simulation.weeks"),
        ({"weeks": "abc"}, "simulation.weeks"),
        ({"seed": -1}, "simulation.seed"),
        ({"seed": "x"}, "simulation.seed"),
        ({"seed": 1.5}, "simulation.seed"),
        ({"placement": 5}, "simulation.placement"),
        ({"placement": "servce"}, "simulation.placement"),
        ({"overrides": ["customers.count"]}, "overrides"),
        ({"overrides": {"customers.count": -5}}, "customers.count"),
    ],
)
def test_model_arguments_are_validated_like_scenario_keys(kwargs, key):
    from sim import CXModel

    with pytest.raises(ScenarioError) as info:
        CXModel(**kwargs)
    assert info.value.key == key


def test_override_errors_say_they_come_from_overrides():
    from sim import CXModel

    with pytest.raises(ScenarioError, match=r"\(model arguments\)"):
        CXModel(str(DEFAULT), overrides={"customers.count": -5})


def test_numpy_numbers_are_accepted():
    import numpy as np

    from sim import CXModel

    model = CXModel(overrides={"customers.count": np.int64(300)}, seed=np.int64(3), weeks=np.int32(2))
    assert model.cfg.customers.count == 300 and model.weeks == 2


def test_a_scenario_built_in_code_is_validated_too():
    import dataclasses

    from sim import CXModel, Scenario

    bad = dataclasses.replace(Scenario(), customers=dataclasses.replace(Scenario().customers, network="smallworld"))
    with pytest.raises(ScenarioError, match="small_world"):
        CXModel(bad)


@pytest.mark.parametrize("name", ["Bad-Name", "../escaped", "main", "all", "9lives"])
def test_placement_names_must_be_simple_and_not_reserved(tmp_path, name):
    err = _error(f'[placements."{name}"]\nbased_on = "service"\n', tmp_path)
    assert "cannot be a name" in str(err)


def test_based_on_is_refused_on_a_preset(tmp_path):
    err = _error('[placements.marketing]\nbased_on = "service"\n', tmp_path)
    assert "built-in placement" in str(err)


def test_unknown_top_level_table_suggests_placements(tmp_path):
    err = _error('[placemnts.mine]\nbased_on = "service"\n', tmp_path)
    assert err.suggestion == "placements"


def test_scenarios_pickle_and_copy():
    import copy
    import pickle

    base = load_scenario(DEFAULT)
    assert pickle.loads(pickle.dumps(base)) == base
    assert copy.deepcopy(base) == base


def test_boundary_values_build_and_run():
    from sim import CXModel

    zero_churn = {f"customers.segments.{i}.weekly_churn": 0.0 for i in range(3)}
    CXModel(overrides={**zero_churn, "customers.count": 200}, weeks=5).run()
    extremes = {
        "customers.count": 10,
        "customers.heterogeneity": 0.0,
        "customers.prospects": 0.0,
        "customers.warm_start": False,
        "customers.network": "fully_mixed",
        "initiatives.max_active": 1,
    }
    CXModel(overrides=extremes, weeks=5).run()


_NUMERIC = [k for k in iter_keys(Scenario) if k.type_name in ("number", "integer") and "[]" not in k.path]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_valid_values_build_a_model_that_runs(data):
    from sim import CXModel

    keys = data.draw(st.lists(st.sampled_from(_NUMERIC), min_size=1, max_size=6, unique_by=lambda k: k.path))
    overrides = {}
    for k in keys:
        lo = k.info.lo if k.info.lo is not None else 0
        hi = k.info.hi if k.info.hi is not None else lo + 10
        hi = min(hi, lo + 1000)
        if k.type_name == "integer":
            overrides[k.path] = data.draw(st.integers(int(lo), int(hi)))
        else:
            overrides[k.path] = data.draw(st.floats(lo, hi, allow_nan=False))
    overrides.update({"customers.count": 150})
    try:
        model = CXModel(overrides=overrides, weeks=12)
    except ScenarioError:
        return  # a cross-field rule (e.g. shares summing over 1) refused the combination, clearly
    model.run()
    assert model.steps == 12
