"""Tables, figures and a self-contained ``report.html`` for a batch folder.

:func:`build` reads ``manifest.json`` and ``results.csv`` (and ``timeseries.csv``)
and regenerates everything derived from them, so ``cxsim report DIR`` and the
batch commands produce the same files. The HTML embeds its figures (base64
PNG), needs no network, and states the scenario, seeds, replicates, versions and
the headline finding with its uncertainty.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis import comparison, figures

SERIES_FIGURE_METRICS = ("follow_through", "nps")


@dataclass
class Section:
    """One part of the report: a heading, text, tables and figures."""

    title: str
    text: str = ""
    tables: list[pd.DataFrame] = field(default_factory=list)
    figures: list[Path] = field(default_factory=list)


def build(out: Path) -> Path:
    """(Re)build tables, figures and ``report.html`` in a batch folder; return the report's path."""
    out = Path(out)
    manifest, results = comparison.load(out)
    builder = BUILDERS.get(manifest.get("kind"), build_compare)
    headline, sections = builder(out, manifest, results)
    return write_html(out, manifest, headline, sections)


def build_compare(out: Path, manifest: dict[str, Any], results: pd.DataFrame) -> tuple[str, list[Section]]:
    """Placements compared under common random numbers."""
    metrics = manifest.get("meta", {}).get("metrics") or list(comparison.MAIN_METRICS)
    baseline = manifest.get("meta", {}).get("baseline") or manifest["placements"][0]
    summary = comparison.summary_table(results, metrics)
    summary.to_csv(out / "summary.csv", index=False)
    table = comparison.comparison_table(results, metrics, baseline, seed=manifest["master_seed"])
    table.to_csv(out / "comparison.csv", index=False)
    folder = out / "figures"
    series = comparison.load_series(out)
    figs = figures.timeseries(series, SERIES_FIGURE_METRICS, folder)
    figs += figures.distributions(results, metrics, folder)
    figs += figures.funnel(results, folder)
    headline = comparison.headline(table, metrics[0], baseline)
    sections = [
        Section(
            "Comparison with the baseline",
            f"Baseline: {baseline}. Differences are paired by replicate "
            "(every placement meets the same seeds); p-values are Holm-adjusted over the whole table.",
            [format_comparison(table)],
        ),
        Section("Outcomes over time", "", [], [p for p in figs if p.stem == "timeseries"]),
        Section("Distribution of final outcomes", "", [], [p for p in figs if p.stem == "distributions"]),
        Section("The initiative funnel", "", [], [p for p in figs if p.stem == "funnel"]),
    ]
    return headline, sections


def build_sweep(out: Path, manifest: dict[str, Any], results: pd.DataFrame) -> tuple[str, list[Section]]:
    """Metrics against varied keys, per placement."""
    metrics = manifest.get("meta", {}).get("metrics") or list(comparison.MAIN_METRICS)
    keys = manifest["varied"]
    summary = comparison.summary_table(results, metrics, keys)
    summary.to_csv(out / "summary.csv", index=False)
    folder = out / "figures"
    sections = []
    plotted = keys[:2] if manifest.get("meta", {}).get("design") != "lhs" else []
    for metric in metrics:
        if plotted:
            paths = figures.sweep(summary, plotted, metric, folder, f"sweep_{metric}")
            sections.append(Section(comparison.label(metric), "", [], [p for p in paths if p.suffix == ".png"]))
    if not plotted:
        sections.append(
            Section(
                "Latin-hypercube sample",
                "Each row is one sampled point; see results.csv for every run.",
                [
                    summary.pivot_table(index=["point", "placement", *keys], columns="metric", values="mean")
                    .reset_index()
                    .head(40)
                ],
            )
        )
    best = (
        summary[summary["metric"] == metrics[0]]
        .sort_values("mean", ascending=not comparison.higher_is_better(metrics[0]))
        .iloc[0]
    )
    point = ", ".join(f"{k} = {best[k]:g}" for k in keys)
    headline = (
        f"Highest mean {comparison.label(metrics[0])}: {best['placement']} at {point} "
        f"({best['mean']:.3g}, 95% CI {best['ci_low']:.3g} to {best['ci_high']:.3g})."
    )
    sections.insert(0, Section("Summary by point", "", [format_summary(summary, metrics)]))
    return headline, sections


def build_sensitivity(out: Path, manifest: dict[str, Any], results: pd.DataFrame) -> tuple[str, list[Section]]:
    """Global sensitivity indices (SALib) of each metric to the ranged keys."""
    from sim.analysis import sensitivity

    meta = manifest["meta"]
    prob = meta["problem"]
    x = np.asarray(meta["sample"], dtype=float)  # SALib's own (unrounded) sample, kept in the manifest
    folder = out / "figures"
    tables, sections, lines = [], [], []
    for metric in meta["metrics"]:
        y = results.groupby("point")[metric].mean().reindex(range(len(x))).to_numpy(dtype=float)
        if not np.isfinite(y).any():
            sections.append(
                Section(comparison.label(metric), "Undefined at every point (nothing fell due within the horizon).")
            )
            continue
        if not np.isfinite(y).all():
            y = np.where(np.isfinite(y), y, np.nanmean(y))  # undefined outcomes (nothing fell due) take the mean
        table = sensitivity.analyse(meta["method"], prob, x, y, seed=manifest["master_seed"]).assign(metric=metric)
        tables.append(table)
        value, conf = ("mu_star", "mu_star_conf") if meta["method"] == "morris" else ("ST", "ST_conf")
        ordered = table.sort_values(value, ascending=False)
        top = ordered.iloc[0]
        lines.append(f"{comparison.label(metric)}: {top['key']} ({value} {top[value]:.3g} ± {top[conf]:.2g})")
        shown = ordered.assign(low=ordered[value] - ordered[conf], high=ordered[value] + ordered[conf])
        paths = figures.bars_with_ci(
            shown,
            value,
            "low",
            "high",
            "key",
            f"{comparison.label(metric)}: {value} with 95% CI",
            folder,
            f"sensitivity_{metric}",
        )
        sections.append(
            Section(
                comparison.label(metric), "", [ordered.drop(columns="metric")], [p for p in paths if p.suffix == ".png"]
            )
        )
    columns = ["key", "metric"]
    (pd.concat(tables) if tables else pd.DataFrame(columns=columns)).to_csv(out / "sensitivity.csv", index=False)
    what = (
        "Morris mu* (mean absolute elementary effect)" if meta["method"] == "morris" else "Sobol total-order index ST"
    )
    headline = f"Most influential key by {what} - " + "; ".join(lines) + "."
    return headline, sections


def build_robust(out: Path, manifest: dict[str, Any], results: pd.DataFrame) -> tuple[str, list[Section]]:
    """Which placement is best across uncertain conditions, its regret, and where each wins."""
    from sim.analysis import robust

    meta = manifest["meta"]
    folder = out / "figures"
    sections, headline = [], ""
    for metric in meta["metrics"]:
        res = robust.analyse(results, metric, manifest["varied"], comparison.higher_is_better(metric))
        res.table.to_csv(out / f"robust_{metric}.csv", index=False)
        res.regret.to_csv(out / f"regret_{metric}.csv", index=False)
        shares = figures.bars_with_ci(
            res.table,
            "share_best",
            "share_low",
            "share_high",
            "placement",
            f"Share of conditions where best: {comparison.label(metric)}",
            folder,
            f"best_share_{metric}",
        )
        regret = figures.regret_boxes(res.regret, folder, f"regret_{metric}", comparison.label(metric))
        sections.append(
            Section(
                comparison.label(metric),
                " ".join(res.sentences),
                [res.table],
                [p for p in [*shares, *regret] if p.suffix == ".png"],
            )
        )
        if not headline:
            top = res.table.iloc[0]
            least = res.table.sort_values("mean_regret").iloc[0]
            headline = (
                f"On {comparison.label(metric)} across {len(res.regret['point'].unique())} sampled conditions, "
                f"{top['placement']} is best most often ({top['share_best']:.0%}, 95% CI {top['share_low']:.0%} to "
                f"{top['share_high']:.0%}); the lowest mean regret is {least['placement']}'s "
                f"({least['mean_regret']:.3g}). "
                + next(s for s in res.sentences if s.startswith(str(top["placement"])))
            )
    return headline, sections


def format_comparison(table: pd.DataFrame) -> pd.DataFrame:
    """The comparison table with readable cells."""
    rows = []
    for _, r in table.iterrows():
        rows.append(
            {
                "metric": comparison.label(r["metric"]),
                "placement": r["placement"],
                "mean [95% CI]": f"{r['mean']:.3g} [{r['ci_low']:.3g}, {r['ci_high']:.3g}]",
                "vs baseline [95% CI]": ""
                if pd.isna(r["diff"])
                else f"{r['diff']:+.3g} [{r['diff_low']:+.3g}, {r['diff_high']:+.3g}]",
                "Cohen's d": "" if pd.isna(r["cohens_d"]) else f"{r['cohens_d']:.2f}",
                "p (Holm)": "" if pd.isna(r["p_holm"]) else f"{r['p_holm']:.2g}",
                "P(best)": f"{r['p_best']:.0%}",
            }
        )
    return pd.DataFrame(rows)


def format_summary(summary: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """Mean [CI] per point, placement and metric, one column per metric."""
    cells = summary.assign(
        cell=summary.apply(lambda r: f"{r['mean']:.3g} [{r['ci_low']:.3g}, {r['ci_high']:.3g}]", axis=1)
    )
    index = [c for c in cells.columns if c not in ("metric", "mean", "sd", "ci_low", "ci_high", "n", "cell")]
    wide = cells.pivot_table(index=index, columns="metric", values="cell", aggfunc="first").reset_index()
    return wide[[*index, *[m for m in metrics if m in wide.columns]]].rename(columns=comparison.label)


def _img(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(path.stem)}" src="data:image/png;base64,{data}">'


STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.headline{background:#eef5fb;padding:.8em 1em;border-left:4px solid #0072B2}
img{max-width:100%}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em;font-size:.9em}dt{font-weight:600}
"""


def write_html(out: Path, manifest: dict[str, Any], headline: str, sections: list[Section]) -> Path:
    """Write the self-contained report and return its path."""
    versions = manifest.get("versions", {})
    facts = {
        "scenario": f"{manifest.get('scenario_name')} ({manifest.get('scenario')}, sha256 {str(manifest.get('scenario_sha256'))[:12]}...)",
        "batch": f"{manifest.get('kind')}: {manifest.get('tasks')} runs, {len(manifest.get('placements', []))} placements, "
        f"{len(manifest.get('points', []))} parameter points, {manifest.get('replicates')} replicates each, {manifest.get('weeks')} weeks",
        "seeds": f"master seed {manifest.get('master_seed')}; replicate k uses the k-th seed spawned from it "
        "(numpy SeedSequence), the same for every placement and point",
        "versions": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "git commit": manifest.get("git_commit") or "-",
        "wall time": f"{manifest.get('wall_seconds')} s",
        "command": manifest.get("command", ""),
    }
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>cxsim {html.escape(str(manifest.get('kind')))} - {html.escape(str(manifest.get('scenario_name')))}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>cxsim {html.escape(str(manifest.get('kind')))}: {html.escape(str(manifest.get('scenario_name')))}</h1>",
        f"<p class='headline'>{html.escape(headline)}</p>",
        "<dl>"
        + "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>" for k, v in facts.items())
        + "</dl>",
    ]
    for section in sections:
        parts.append(f"<h2>{html.escape(section.title)}</h2>")
        if section.text:
            parts.append(f"<p>{html.escape(section.text)}</p>")
        for table in section.tables:
            parts.append(table.to_html(index=False, border=0, na_rep="-", float_format=lambda x: f"{x:.4g}"))
        parts.extend(_img(p) for p in section.figures if p.suffix == ".png")
    parts.append(
        "<p><small>Generated by cxsim from results.csv and timeseries.csv in this folder; "
        "rebuild with <code>cxsim report FOLDER</code>.</small></p></body></html>"
    )
    path = out / "report.html"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def build_decompose(out: Path, manifest: dict[str, Any], results: pd.DataFrame) -> tuple[str, list[Section]]:
    """The placement x design grid: every arm compared, and the variance split between placement and design."""
    from sim.analysis import decompose

    headline, sections = build_compare(out, manifest, results)
    metrics = manifest.get("meta", {}).get("metrics") or list(comparison.MAIN_METRICS)
    parts = [decompose.decompose(results, m, seed=manifest["master_seed"]) for m in metrics]
    table = decompose.table(parts)
    table.to_csv(out / "decomposition.csv", index=False)
    shown = table.assign(
        metric=table["metric"].map(comparison.label),
        share=[
            f"{s:.0%} [{lo:.0%}, {hi:.0%}]"
            for s, lo, hi in zip(table["share"], table["share_low"], table["share_high"], strict=True)
        ],
    )[["metric", "source", "share", "verdict"]]
    text = " ".join(f"{comparison.label(p.metric)}: {p.verdict()}." for p in parts)
    sections.insert(
        0,
        Section(
            "Placement or design?",
            "Share of the governance-driven variance due to where CX sits, to its design and to their "
            "interaction (chance-corrected; 95% bootstrap intervals over seeds). " + text,
            [shown],
        ),
    )
    return f"{text} {headline}", sections


BUILDERS: dict[str, Callable[[Path, dict[str, Any], pd.DataFrame], tuple[str, list[Section]]]] = {
    "compare": build_compare,
    "decompose": build_decompose,
    "sweep": build_sweep,
    "sensitivity": build_sensitivity,
    "robust": build_robust,
}
