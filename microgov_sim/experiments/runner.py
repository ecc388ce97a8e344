"""Run experiments and save their results: the Python API behind the ``microgov`` command.

>>> from microgov_sim import load_scenario, run, sweep, load_results
>>> results = run("grid_management", replications=4, out="results")   # doctest: +SKIP
>>> results.summary(["autonomy_index"])                                # doctest: +SKIP

Each function expands its input into an
:class:`~microgov_sim.experiments.experiment.Experiment`, runs the runs that are not saved yet
on the chosen engine (batched), streams each finished batch to ``<out>/<name>/`` and returns
the loaded :class:`~microgov_sim.experiments.results.Results`. Running the same call
again after an interruption resumes; with ``overwrite=True`` it starts afresh. Runs that
spin up first (``spinup_weeks``) share one spin-up per key, computed on the engine before the
runs (:mod:`~microgov_sim.experiments.spinups`); its count and time are in the session.

Imports tqdm, the model class and the rest of :mod:`microgov_sim.experiments`.
"""

from __future__ import annotations

import datetime as dt
import numbers
import sys
import time
from pathlib import Path
from typing import Any

from tqdm import tqdm

from ..model.model import MicroGovModel
from .engines import available_cores, chunk_tasks, engine_named, execute_chunks
from .errors import UserError
from .experiment import Experiment, tail_length
from .limits import check_size
from .names import folder_inside, name_problem
from .provenance import git_commit, package_versions
from .results import FORMAT_VERSION, Results, ResultStore, load_results
from .scenarios import Scenario, load_scenario
from .spinups import clear as clear_spinups
from .spinups import missing as missing_spinups
from .sweeps import Sweep, load_sweep
from .worker_faults import WorkersLostError


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _metadata(experiment: Experiment, engine: str, jobs: int) -> dict[str, Any]:
    shifted = {
        i: p.first_replication for i, p in enumerate(experiment.points) if p.first_replication
    }
    return {
        "format_version": FORMAT_VERSION,
        "kind": experiment.kind,
        "name": experiment.name,
        "status": "running",
        "fingerprint": experiment.fingerprint(),
        "n_points": len(experiment.points),
        "replications": experiment.replications,
        "n_runs": experiment.n_runs,
        "master_seed": experiment.seed,
        "seeds": experiment.seeds,
        "seed_derivation": "numpy SeedSequence(master_seed, spawn_key=(replication,)), "
        "first 64-bit word >> 1; the same for every design point"
        + (
            ""
            if not shifted
            else " except those in first_replications, whose replication r "
            "uses the seed of replication first_replication + r"
        ),
        **({"first_replications": shifted} if shifted else {}),
        "factors": list(experiment.factors),
        "design": experiment.design,
        "tail_steps": {str(p.steps): tail_length(p.steps) for p in experiment.points},
        "sources": experiment.sources,
        "versions": package_versions(),
        "git_commit": git_commit(),
        "sessions": [],
        "engine": engine,
        "jobs": jobs,
    }


def _spinup_plan(experiment: Experiment, tasks) -> dict[str, Any]:
    """What the runs spin up: weeks, under which levers, and how many distinct spin-ups."""
    keys = {t.spinup_key for t in tasks if t.spinup_key}
    weeks = sorted({p.spinup_weeks for p in experiment.points})
    return {"weeks": weeks, "mode": experiment.spinup, "spinups": len(keys), "runs": len(tasks)}


def run_experiment(
    experiment: Experiment,
    out: str | Path = "results",
    *,
    engine: str = "processes",
    jobs: int | None = None,
    scheduler: str | None = None,
    batch: int | None = None,
    overwrite: bool = False,
    progress: bool = True,
    allow_large: bool = False,
    model_class=MicroGovModel,
) -> Results:
    """Run every run of ``experiment`` not yet saved in ``<out>/<name>/``; return the results.

    ``engine`` is ``"serial"``, ``"processes"`` (``jobs`` local processes, default all
    cores) or ``"dask"`` (a local cluster of ``jobs`` workers, or the scheduler at address
    ``scheduler``). ``batch`` runs go to a worker at a time (default: automatic).
    ``allow_large`` lifts the usual size limits (:mod:`~microgov_sim.experiments.limits`).

    The metadata's ``status`` says how the last session ended: ``complete``, ``interrupted``
    (Ctrl-C, SIGTERM) or ``stopped``
    (:class:`~microgov_sim.experiments.worker_faults.WorkersLostError`: runs whose worker
    died each time, named in the session's ``runs_not_done``). Finished runs are kept in
    every case, and the same call resumes.
    """
    _check_options(jobs=jobs, batch=batch, scheduler=scheduler)
    check_size(
        experiment.name,
        steps=max(p.steps for p in experiment.points),
        replications=experiment.replications,
        points=len(experiment.points),
        allow_large=allow_large,
    )
    jobs = jobs or available_cores()
    if scheduler:
        engine = "dask"
    workers = engine_named(engine).workers(jobs)  # an unknown engine fails before any file
    identity = experiment.fingerprint()
    folder = folder_inside(out, experiment.name)
    tasks = experiment.tasks(folder)
    store = ResultStore(folder, identity, {t.run_id for t in tasks})
    if overwrite:
        store.clear()
        clear_spinups(folder)
    saved = store.read_metadata()
    if saved is not None and saved.get("fingerprint") != identity:
        raise UserError(
            f"{store.folder}: holds results of a different experiment (other parameters, "
            "steps or seeds); use another --out, or --overwrite to replace them"
        )
    if foreign := store.foreign_files(trust_unmarked=saved is not None):
        listed = "; ".join(foreign[:3]) + ("; ..." if len(foreign) > 3 else "")
        raise UserError(
            f"{store.folder}: holds results this experiment did not compute: {listed}; "
            "use another --out, or --overwrite to replace them"
        )
    engine_named(engine).prepare(jobs, len(tasks))  # its workers start while we write
    metadata = saved or _metadata(experiment, engine, jobs)
    metadata["spinup"] = _spinup_plan(experiment, tasks)
    metadata["status"] = "running"
    session = {"started": _now(), "engine": engine, "jobs": jobs}
    metadata["sessions"].append(session)
    store.write_metadata(metadata)
    store.write_points(experiment.points_frame())

    done = store.finished_run_ids()
    todo = [t for t in tasks if t.run_id not in done]
    spinups = missing_spinups(experiment.spinup_tasks(todo))
    chunks = chunk_tasks(todo, workers, batch)
    started = time.perf_counter()
    finished = False
    bar = None
    try:
        _spin_up(spinups, session, engine, jobs, scheduler, model_class, progress)
        bar = tqdm(
            total=experiment.n_runs,
            initial=len(done),
            unit="run",
            desc=experiment.name,
            disable=not progress,
            file=sys.stderr,
            dynamic_ncols=True,
        )
        for result in execute_chunks(chunks, engine, jobs, scheduler, model_class):
            store.write_batch(result.steps, result.runs, result.errors)
            bar.update(result.n_runs)
            if not result.errors.empty:
                first = result.errors.iloc[0]
                bar.write(f"run {first['run_id']} (seed {first['seed']}) failed: {first['error']}")
        finished = True
    except WorkersLostError as exc:  # the other runs are saved; the folder resumes
        session["stopped"] = str(exc)
        session["runs_not_done"] = exc.run_ids
        raise
    finally:
        if bar is not None:
            bar.close()
        session["seconds"] = round(time.perf_counter() - started, 3)
        session["runs"] = len(todo)
        session["finished"] = _now()
        if finished:
            store.merge()
            metadata["status"] = "complete"
        else:
            metadata["status"] = "stopped" if "stopped" in session else "interrupted"
        try:
            store.write_metadata(metadata)
        except OSError:
            if finished:
                raise
            # the error that stopped the runs (often the same full disk) is the one to report
    return load_results(store.folder)


def _spin_up(spinups, session, engine, jobs, scheduler, model_class, progress) -> None:
    """Compute the missing spin-ups on the engine, one task each; count and time them."""
    session["spinups"] = len(spinups)
    session["spinup_seconds"] = session["spinup_compute_seconds"] = 0.0
    if not spinups:
        return
    started = time.perf_counter()
    bar = tqdm(
        total=len(spinups),
        unit="spin-up",
        desc="spin-up",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    computing = 0.0
    try:
        chunks = [[task] for task in spinups]
        for result in execute_chunks(chunks, engine, jobs, scheduler, model_class):
            for done in result.spinups:
                computing += done["seconds"]
                if done["error"]:
                    bar.write(f"spin-up {done['key']} failed: {done['error']}")
            bar.update(len(result.spinups))
    finally:
        bar.close()
        session["spinup_seconds"] = round(time.perf_counter() - started, 3)
        session["spinup_compute_seconds"] = round(computing, 3)


def _check_options(**options) -> None:
    """Refuse engine options of the wrong type: ``jobs`` and ``batch`` positive integers."""
    problems = []
    for key in ("jobs", "batch"):
        value = options[key]
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1
        ):
            problems.append(f"{key} = {value!r}: must be a positive integer (or None: automatic)")
    scheduler = options["scheduler"]
    if scheduler is not None and not isinstance(scheduler, str):
        problems.append(f"scheduler = {scheduler!r}: must be an address such as tcp://host:8786")
    if problems:
        raise UserError(problems)


def _scenario(scenario: Scenario | str | Path) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def run(
    scenario: Scenario | str | Path,
    out: str | Path = "results",
    *,
    steps: int | None = None,
    replications: int | None = None,
    seed: int | None = None,
    params: dict[str, Any] | None = None,
    **options,
) -> Results:
    """Run all replications of one scenario (a :class:`Scenario`, a name or a path).

    ``steps``, ``replications``, ``seed`` and ``params`` override the file's values;
    ``options`` go to :func:`run_experiment` (engine, jobs, scheduler, batch, overwrite...).
    """
    base = _scenario(scenario)
    base = base.with_overrides(steps=steps, replications=replications, seed=seed, params=params)
    base.check_size(allow_large=options.get("allow_large", False))
    return run_experiment(Experiment.from_scenario(base), out, **options)


def compare(
    scenarios: list[Scenario | str | Path],
    out: str | Path = "results",
    *,
    name: str | None = None,
    steps: int | None = None,
    replications: int | None = None,
    seed: int | None = None,
    harmonise: bool = False,
    **options,
) -> Results:
    """Run several scenarios as arms of one experiment, like with like.

    Every arm runs the same steps and replications with the same replication seeds (common
    random numbers). Scenarios whose own ``steps``, ``replications`` or ``seed`` differ are
    refused, naming the file and key, unless the value is given here (for every arm) or
    ``harmonise`` is set (every arm takes the first scenario's).
    """
    if not scenarios:
        raise UserError("compare needs at least one scenario")
    if name is not None and (problem := name_problem(name)):
        raise UserError(f"compare --name {name!r}: {problem}")
    loaded = [_scenario(s) for s in scenarios]
    given = {"steps": steps, "replications": replications, "seed": seed}
    if not harmonise:
        _refuse_unlike(loaded, [key for key, value in given.items() if value is None])
    first = loaded[0]
    common = {key: getattr(first, key) if value is None else value for key, value in given.items()}
    loaded = [s.with_overrides(**common) for s in loaded]  # validated like a file's values
    names = [s.name for s in loaded]
    if len(set(names)) < len(names):
        raise UserError(f"compare: scenario names repeat: {', '.join(names)}")
    for scenario in loaded:
        scenario.check_size(allow_large=options.get("allow_large", False))
    experiment = Experiment.from_scenarios(loaded, name=name)
    return run_experiment(experiment, out, **options)


def _refuse_unlike(scenarios: list[Scenario], keys: list[str]) -> None:
    """Raise one error listing every scenario whose ``keys`` differ from the first's."""
    first = scenarios[0]
    lines = [
        f"{s.path or s.name}: {key} = {getattr(s, key)}, but {first.path or first.name} has "
        f"{key} = {getattr(first, key)}"
        for s in scenarios[1:]
        for key in keys
        if getattr(s, key) != getattr(first, key)
    ]
    if lines:
        options = " / ".join(f"--{key}" for key in keys)
        raise UserError(
            [
                "compare runs every scenario with the same steps, replications and seed "
                "(common random numbers):",
                *lines,
                f"give {options} for all of them, or --harmonise to use the first scenario's",
            ]
        )


def sweep(
    sweep_file: Sweep | str | Path,
    out: str | Path = "results",
    *,
    steps: int | None = None,
    replications: int | None = None,
    seed: int | None = None,
    **options,
) -> Results:
    """Run a sweep (a :class:`Sweep`, a name in ``scenarios/sweeps/`` or a path)."""
    spec = sweep_file if isinstance(sweep_file, Sweep) else load_sweep(sweep_file)
    spec = spec.with_overrides(steps=steps, replications=replications, seed=seed)
    spec.check_size(allow_large=options.get("allow_large", False))  # before the design is built
    return run_experiment(Experiment.from_sweep(spec), out, **options)
