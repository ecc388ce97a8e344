"""What each ``microgov`` subcommand does, one ``*_command(args)`` function per subcommand.

Each takes the parsed arguments (:func:`microgov_sim.interfaces.cli.build_parser`), prints
what it did and returns the exit code; a user's mistake is raised as
:class:`~microgov_sim.experiments.errors.UserError`, which :func:`~microgov_sim.interfaces.cli.main`
prints. The top of the import order: may import every stage.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import shutil
import sys
import tomllib
from pathlib import Path

import pandas as pd

from ..analysis.figures import plot_outcomes, save_figure, scenarios_of
from ..analysis.i18n import check_language
from ..analysis.page import ci_cells, fmt_span
from ..analysis.report import write_report
from ..analysis.sensitivity import METHODS, method_names, sweep_sensitivity
from ..analysis.sensitivity import readings as sensitivity_readings
from ..experiments.errors import UserError
from ..experiments.results import Results, load_results
from ..experiments.runner import compare, run, sweep
from ..experiments.scenarios import available, load_scenario, scenario_from_dict
from ..experiments.snapshots import final_snapshots
from ..experiments.stats import MIN_REPLICATIONS
from ..experiments.sweeps import Sweep, file_kind, load_sweep, sweep_from_dict
from ..experiments.tomlspec import read_toml
from ..model.outcomes import OUTCOMES, SUMMARY_OUTCOMES
from ..model.params import parameter_problem
from ..validation import PATTERNS, Config, run_patterns

SNAPSHOT_PANELS = 6  # networks drawn in a comparison report (replication 0 of each)


def parse_assignment(text: str) -> tuple[str, object]:
    """Parse ``name=value``; the value is read as a TOML value, else kept as a string."""
    if "=" not in text:
        raise UserError(f"--set {text!r}: expected name=value")
    name, raw = (part.strip() for part in text.split("=", 1))
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    if problem := parameter_problem(name, value):
        raise UserError(f"--set {problem}")
    return name, value


def _options(args: argparse.Namespace) -> dict:
    return {
        "engine": args.engine,
        "jobs": args.jobs,
        "scheduler": args.scheduler,
        "batch": args.batch,
        "overwrite": args.overwrite,
        "progress": not args.quiet,
        "allow_large": args.allow_large,
    }


def _overrides(args: argparse.Namespace) -> dict:
    return {"steps": args.steps, "replications": args.replications, "seed": args.seed}


REPLICATIONS_ROW = "n (replications)"  # the printed summary's last row


def summary_table(results: Results, outcomes=SUMMARY_OUTCOMES) -> pd.DataFrame:
    """Outcome x scenario table of 'mean [95% CI]' over the last fifth of the runs.

    Its last row (:data:`REPLICATIONS_ROW`) gives the replications each column rests on.
    """
    table = results.summary(list(outcomes))
    table["cell"] = ci_cells(table)
    wide = table.pivot(index="outcome", columns="scenario", values="cell")
    order = list(dict.fromkeys(table["scenario"]))
    wide = wide.loc[list(outcomes), order]
    counts = table.groupby("scenario", sort=False)["n"]
    wide.loc[REPLICATIONS_ROW] = [fmt_span(counts.get_group(name)) for name in order]
    return wide


def few_replications_warning(summary: pd.DataFrame, unit: str = "scenario") -> str | None:
    """One line when rows of ``summary`` rest on fewer than MIN_REPLICATIONS, else None.

    ``summary`` is a :meth:`~microgov_sim.experiments.results.Results.summary` table; ``unit``
    names what its rows are per (a scenario, a design point).
    """
    few = summary[summary["few_replications"]]
    if few.empty:
        return None
    column = "scenario" if unit == "scenario" else "point"
    flagged, total = list(dict.fromkeys(few[column])), summary[column].nunique()
    if len(flagged) == total:
        which = f"per {unit}"
    elif unit == "scenario":
        which = f"for {', '.join(flagged)}"
    else:
        which = f"at {len(flagged)} of {total} {unit}s"
    return _few_line("the summary rests", few["n"], which)


def _few_line(subject: str, counts: pd.Series, which: str) -> str:
    replications = f"{fmt_span(counts)} replication{'' if counts.max() == 1 else 's'}"
    return (
        f"microgov: warning: {subject} on {replications} {which}, fewer than "
        f"{MIN_REPLICATIONS}: the 95% CIs are unreliable; run with --replications "
        f"{MIN_REPLICATIONS} or more"
    )


def _warn(line: str | None) -> None:
    """Print a warning line on stderr, after everything printed so far."""
    if line:
        sys.stdout.flush()
        print(line, file=sys.stderr, flush=True)


def _report(results: Results) -> None:
    """Write the per-scenario plots and the summary CSV; print the summary."""
    folder = results.path
    series = results.timeseries()
    policy = results.points.set_index("scenario")["timeline"].to_dict()
    written = []
    for scenario, frame in series.groupby("scenario", sort=False):
        wide = {
            c: frame.pivot(index="step", columns="outcome", values=c)
            for c in ("mean", "ci_low", "ci_high")
        }
        steps = sorted(int(k) for k in json.loads(policy.get(scenario) or "{}"))
        reps = results.metadata["replications"]
        fig = plot_outcomes(
            wide["mean"],
            title=f"{scenario}: mean and 95% CI over {reps} replications",
            policy_steps=steps,
            low=wide["ci_low"],
            high=wide["ci_high"],
        )
        path = folder / f"outcomes_{scenario}.png"
        save_figure(fig, path)
        written.append(path)
    summary = results.summary()
    summary.to_csv(folder / "summary.csv", index=False)
    table = summary_table(results)
    print(
        f"\nmean of the last fifth of the steps [95% CI], {results.metadata['replications']} "
        "replications (common random numbers):"
    )
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string())
    _warn(few_replications_warning(summary))
    if not results.errors.empty:
        print(f"\n{len(results.errors)} run(s) failed; see {folder / 'errors.parquet'}")
    print(
        f"\nwrote {folder}/: steps.parquet, runs.parquet, points.parquet, summary.csv, "
        f"metadata.json, {', '.join(p.name for p in written)}"
    )


def run_command(args: argparse.Namespace) -> int:
    """``microgov run``."""
    params = dict(parse_assignment(a) for a in args.set)
    results = run(args.scenario, args.out, params=params, **_overrides(args), **_options(args))
    _report(results)
    return 0


def compare_command(args: argparse.Namespace) -> int:
    """``microgov compare``: run the scenarios, print the table, write the HTML report."""
    check_language(args.lang)
    results = compare(
        args.scenarios,
        args.out,
        name=args.name,
        harmonise=args.harmonise,
        **_overrides(args),
        **_options(args),
    )
    _report(results)
    print(f"report: {_write_report(results, args.lang)}")
    return 0


def _write_report(results: Results, lang: str, **options) -> Path:
    """The report of ``results``; a comparison's network figure replays replication 0."""
    if results.metadata.get("kind") != "sweep":
        names = scenarios_of(results)[:SNAPSHOT_PANELS]
        options["snapshots"] = final_snapshots(results, names)
    return write_report(results, lang, **options)


def _phase(text: str | None, spec: Sweep | None = None) -> dict:
    """``--phase X,Y`` as report options (none when not given), checked against ``spec``."""
    if text is None:
        return {}
    names = [n.strip() for n in text.split(",")]
    if len(names) != 2 or not all(names):
        raise UserError(f"--phase {text!r}: give two varied parameters as X,Y")
    varied = [f.name for f in spec.factors] if spec else names
    for name in names:
        if name not in varied:
            raise UserError(
                f"--phase {text}: {name!r} is not varied by {spec.path}; varied: "
                f"{', '.join(varied)}"
            )
    return {"phase": tuple(names)}


def report_command(args: argparse.Namespace) -> int:
    """``microgov report``: the HTML report of saved results (comparison or sweep)."""
    check_language(args.lang)
    results = load_results(args.results)
    print(f"report: {_write_report(results, args.lang, **_phase(args.phase))}")
    return 0


def sensitivity_command(args: argparse.Namespace) -> int:
    """``microgov sensitivity``: run a sweep with a sensitivity design, then its indices."""
    check_language(args.lang)
    spec = load_sweep(args.sweep)
    if spec.method not in METHODS:
        raise UserError(
            f"{spec.path}: design.method = {spec.method!r}: sensitivity needs {method_names()}"
        )
    outcomes = [o.strip() for o in args.outcomes.split(",") if o.strip()]
    for name in outcomes:
        if name not in OUTCOMES:
            raise UserError(f"--outcomes: unknown outcome {name!r}; allowed: {', '.join(OUTCOMES)}")
    phase = _phase(args.phase, spec)
    results = sweep(spec, args.out, **_overrides(args), **_options(args))
    table = sweep_sensitivity(results, outcomes)
    with pd.option_context("display.width", 160, "display.max_rows", 200):
        print(table.round(3).to_string(index=False))
    print()
    for sentence in sensitivity_readings(table, args.lang):
        print(sentence)
    report = write_report(results, args.lang, sensitivity=table, outcomes=outcomes, **phase)
    for name in ("sensitivity.csv", "sensitivity.png", "sensitivity.svg"):  # drawn by the report
        shutil.copy(report.parent / name, results.path / name)
    print(f"\nwrote {results.path}/sensitivity.csv, sensitivity.png, sensitivity.svg")
    print(f"report: {report}")
    return 0


def explore_command(args: argparse.Namespace) -> int:
    """``microgov explore``: serve the interactive explorer (Solara) until interrupted."""
    if importlib.util.find_spec("solara") is None:
        raise UserError(
            "microgov explore needs the explorer's packages: pip install 'microgov-sim[explore]' "
            "(./test.sh and ./run.sh install them)"
        )
    command = [sys.executable, "-m", "solara", "run", "microgov_sim.interfaces.explorer"]
    command += ["--port", str(args.port), "--host", args.host]
    command += ["--open" if args.open else "--no-open", "--log-level", "warning"]
    print(f"microgov explore: http://{args.host}:{args.port}/ (Ctrl-C stops it)", flush=True)
    # The server replaces this process rather than running as its child, so that stopping
    # `microgov explore` (Ctrl-C, SIGTERM from a test or a service manager) stops the server:
    # a child would outlive a terminated parent.
    os.execv(sys.executable, command)
    return 0  # not reached


def patterns_command(args: argparse.Namespace) -> int:
    """``microgov patterns``: the ten pattern experiments, their statistics and figures."""
    config = Config.quick() if args.quick else Config()
    changes = {"steps": args.steps, "seeds": args.replications, "seed": args.seed}
    config = dataclasses.replace(config, **{k: v for k, v in changes.items() if v is not None})
    only = [name.strip() for name in args.only.split(",")] if args.only else None
    for name in only or []:
        if name not in PATTERNS:
            raise UserError(f"--only: unknown pattern {name!r}; allowed: {', '.join(PATTERNS)}")
    table = run_patterns(config, args.out, only=only, **_options(args))
    view = table.assign(result=ci_cells(table, ("estimate", "ci_low", "ci_high")))
    with pd.option_context(
        "display.width", 200, "display.max_colwidth", 80, "display.max_rows", 500
    ):
        print(view[["pattern", "variant", "statistic", "result", "holds"]].to_string(index=False))
    few = table["n"] < MIN_REPLICATIONS
    if few.any():
        _warn(_few_line("the pattern statistics rest", table.loc[few, "n"], "per arm"))
    print(f"\nwrote {Path(args.out) / 'patterns.csv'} and a figure per pattern")
    return 0


def sweep_command(args: argparse.Namespace) -> int:
    """``microgov sweep``."""
    check_language(args.lang)
    spec = load_sweep(args.sweep)
    phase = _phase(args.phase, spec)
    results = sweep(spec, args.out, **_overrides(args), **_options(args))
    summary = results.summary()
    summary.to_csv(results.path / "summary.csv", index=False)
    done, failed = len(results.runs), len(results.errors)
    print(
        f"{done} runs finished, {failed} failed; wrote {results.path}/ "
        "(steps.parquet, runs.parquet, points.parquet, summary.csv, metadata.json)"
    )
    _warn(few_replications_warning(summary, "design point"))
    if done:
        print(f"report: {write_report(results, args.lang, **phase)}")
    return 0


def validate_command(args: argparse.Namespace) -> int:
    """``microgov validate``: check every file, report every problem, run nothing."""
    problems: list[str] = []
    for name in args.files:
        try:
            doc, text = read_toml(name)
            if file_kind(doc) == "sweep":
                spec = sweep_from_dict(doc, str(name), text, default_name=Path(name).stem)
                spec.check_size(args.allow_large, source=str(name))
                points = spec.n_points()
                print(
                    f"{name}: ok: sweep {spec.name!r}, {spec.method} design, {points} "
                    f"points x {spec.replications} replications = "
                    f"{points * spec.replications} runs of {spec.steps} steps"
                )
            else:
                spec = scenario_from_dict(doc, str(name), text, default_name=Path(name).stem)
                spec.check_size(args.allow_large, source=str(name))
                print(
                    f"{name}: ok: scenario {spec.name!r}, {spec.replications} replications "
                    f"x {spec.steps} steps, {len(spec.timeline)} timeline change(s)"
                )
        except UserError as exc:
            problems.extend(exc.problems)
    if problems:
        raise UserError(problems)
    return 0


def scenarios_command(args: argparse.Namespace) -> int:
    """``microgov scenarios``: what can be run by name."""
    print("scenarios (microgov run NAME, microgov compare NAME ...):")
    for name in available("scenario"):
        print(f"  {name:<24} {load_scenario(name).description}")
    print("sweeps (microgov sweep NAME):")
    for name in available("sweep"):
        print(f"  {name:<24} {load_sweep(name).description}")
    return 0
