"""A user's mistakes give one line per problem and exit 2, never a traceback (#14 point 5).

Each test is one reproducer of the robustness review: the command (or API call) as a careless
user gives it, and the line it must produce. Files only in tmp_path.
"""

import errno
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import write

import microgov_sim.experiments.tomlspec as tomlspec
from microgov_sim import MicroGovModel, compare, load_results, run, sweep
from microgov_sim.experiments import results as results_module
from microgov_sim.experiments.errors import UserError
from microgov_sim.experiments.limits import USUAL
from microgov_sim.interfaces.cli import main

SERIAL = ["--engine", "serial", "--quiet"]
SMALL_RUN = [*SERIAL, "--steps", "3", "--replications", "1"]


def errors_of(capsys) -> list[str]:
    """The ``microgov: error:`` lines printed; every stderr line must be one of them."""
    lines = capsys.readouterr().err.splitlines()
    assert lines, "no message"
    assert all(line.startswith("microgov") for line in lines), lines
    return [line for line in lines if line.startswith("microgov: error: ")]


def one_error(capsys, *needles: str) -> str:
    """The single error line, which must contain every ``needle``."""
    found = errors_of(capsys)
    assert len(found) == 1, found
    for needle in needles:
        assert needle in found[0], found[0]
    return found[0]


FACTORIAL_SEVEN = (
    *("admin_penetration", "micro_autonomy", "party_embedding", "crowding_out"),
    *("mobility_rate", "tie_growth", "tie_erosion"),
)


def sweep_file(path: Path, method: str, design: str, vary: str) -> Path:
    return write(
        path,
        f'name = "big"\nbase = "status_quo"\nreplications = 1\nsteps = 2\n'
        f'[design]\nmethod = "{method}"\n{design}\n[vary]\n{vary}\n',
    )


# ---- sizes ---------------------------------------------------------------------------------


def test_steps_beyond_any_run_are_refused_by_validate_with_the_value_cut(tmp_path, capsys):
    bad = write(tmp_path / "s.toml", f'name = "s"\nsteps = {10**400}\n')
    assert main(["validate", str(bad)]) == 2
    line = one_error(capsys, f"{bad}:2: steps = 1000", "(401 characters)", "in [1, 1000000000]")
    assert len(line) - len(str(bad)) < 150


def test_replications_of_a_typing_slip_are_refused_not_run(tmp_path, capsys):
    bad = write(tmp_path / "r.toml", 'name = "r"\nreplications = 1000000000000\n')
    assert main(["validate", str(bad)]) == 2
    one_error(capsys, f"{bad}:2: replications = 1000000000000")
    assert main(["run", str(bad), "--out", str(tmp_path / "out"), *SERIAL]) == 2
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("method", "design", "vary", "needle"),
    [
        (
            "latin_hypercube",
            "samples = 1000000000",
            "tie_growth = { low = 0.0, high = 0.1 }",
            "usual limit of 1,000,000; give --allow-large",
        ),
        (
            "sobol",
            f"samples = {2**40}",
            "tie_growth = { low = 0.0, high = 0.1 }\ntie_erosion = { low = 0.0, high = 0.1 }",
            "more than this tool can hold",
        ),
        (
            "full_factorial",
            "",
            "\n".join(
                f"{name} = {{ low = 0.0, high = 0.01, num = 1000 }}" for name in FACTORIAL_SEVEN
            ),
            "design points = about 10**21: more than this tool can hold",
        ),
    ],
)
def test_designs_too_large_to_build_are_counted_not_built(
    tmp_path, capsys, method, design, vary, needle
):
    bad = sweep_file(tmp_path / "big.toml", method, design, vary)
    assert main(["validate", str(bad)]) == 2
    found = errors_of(capsys)
    assert any(needle in line for line in found), found
    assert main(["sweep", str(bad), "--out", str(tmp_path / "out"), *SERIAL]) == 2
    assert not (tmp_path / "out").exists()


def test_allow_large_lifts_the_usual_limits_only(tmp_path, capsys):
    usual = USUAL.points + 1
    bad = sweep_file(
        tmp_path / "lhs.toml", "latin_hypercube", f"samples = {usual}", "tie_growth = [0.1, 0.2]"
    )
    assert main(["validate", str(bad)]) == 2
    one_error(capsys, "design points = 1,000,001: more than the usual limit", "--allow-large")
    assert main(["validate", str(bad), "--allow-large"]) == 0  # counted, not built
    assert f"{usual} points" in capsys.readouterr().out


def test_steps_above_the_usual_limit_say_how_to_lift_it(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["run", "status_quo", "--out", str(out), *SERIAL, "--steps", str(USUAL.steps + 1)]
    assert main(args) == 2
    found = errors_of(capsys)
    assert any("steps per run = 100,001" in line and "--allow-large" in line for line in found)
    assert not out.exists()


# ---- files that are no TOML scenario -------------------------------------------------------


def test_deep_nesting_is_one_line(tmp_path, capsys):
    bad = write(tmp_path / "deep.toml", 'name = "d"\nx = ' + "[" * 500 + "]" * 500 + "\n")
    assert main(["validate", str(bad)]) == 2
    one_error(capsys, f"{bad}: invalid TOML: arrays or tables nested too deeply")


@pytest.mark.parametrize("kind", ["device", "fifo", "folder", "huge"])
def test_only_regular_files_of_modest_size_are_read(tmp_path, capsys, kind):
    if kind == "device":
        path = Path("/dev/zero")
    elif kind == "fifo":
        path = tmp_path / "pipe.toml"
        os.mkfifo(path)  # reading it would wait forever for a writer
    elif kind == "folder":
        path = tmp_path
    else:
        path = write(tmp_path / "huge.toml", "# " + "x" * tomlspec.MAX_FILE_BYTES + "\n")
    assert main(["validate", str(path)]) == 2
    expected = "larger than 1,000,000 bytes" if kind == "huge" else "not a regular file"
    one_error(capsys, f"{path}: {expected}")


# ---- timeline keys -------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["05", '"+3"', '" 3 "', "1_0", '"٣"'])
def test_a_timeline_key_is_plain_digits(tmp_path, capsys, key):
    bad = write(
        tmp_path / "t.toml", f'name = "t"\nsteps = 20\n[timeline.{key}]\nmicro_autonomy = 0.5\n'
    )
    assert main(["validate", str(bad)]) == 2
    one_error(capsys, f"{bad}:3: timeline.", "must be a step number")


def test_one_step_given_twice_is_reported_not_merged():
    timeline = {157: {"admin_penetration": 0.2}, "157": {"admin_penetration": 0.3}}
    with pytest.raises(ValueError, match=r"timeline\.157: step 157 is given twice"):
        MicroGovModel(rng=1, n_households=50, policy_timeline=timeline)


# ---- messages stay one line ----------------------------------------------------------------


def test_keys_and_values_are_escaped_in_messages(tmp_path, capsys):
    bad = write(
        tmp_path / "e.toml",
        'name = "e"\n[params]\n"a\\u001b[31mred\\nline" = 1\nmicro_autonomy = "x\\u0000y"\n',
    )
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\x00" not in err
    lines = err.splitlines()
    assert len(lines) == 2, lines
    assert "params.a\\x1b[31mred\\nline: unknown parameter" in lines[0]
    assert "micro_autonomy = 'x\\x00y'" in lines[1]


def test_validation_reads_the_file_once_for_any_number_of_problems(tmp_path, monkeypatch):
    calls = []
    real = tomlspec.key_lines

    def counted(text):
        calls.append(1)
        return real(text)

    monkeypatch.setattr(tomlspec, "key_lines", counted)
    body = "\n".join(f"bad_key_{i} = {i}" for i in range(4000))
    bad = write(tmp_path / "k.toml", f'name = "k"\n[params]\n{body}\n')
    with pytest.raises(UserError) as info:
        run(bad, tmp_path / "out")
    assert len(info.value.problems) == 4000
    assert len(calls) == 1


# ---- the Python API checks what the command line checks ------------------------------------


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda out: compare(["status_quo"], out, replications=-1), "replications = -1"),
        (lambda out: compare(["status_quo"], out, replications=0), "replications = 0"),
        (lambda out: compare(["status_quo"], out, replications=2.5), "replications = 2.5"),
        (lambda out: run("status_quo", out, seed=2**64), f"seed = {2**64}"),
        (lambda out: run("status_quo", out, steps=2, batch=0), "batch = 0"),
        (lambda out: run("status_quo", out, steps=2, jobs=-2), "jobs = -2"),
        (lambda out: sweep("mobility_lhs", out, steps=True), "steps = True"),
    ],
)
def test_api_overrides_are_validated(tmp_path, call, needle):
    out = tmp_path / "out"
    with pytest.raises(UserError, match=re.escape(needle)):
        call(out)
    assert not out.exists()


@pytest.mark.parametrize("rng", ["x", -1, 1.5, True, [1, -2]])
def test_a_bad_rng_is_named(rng):
    with pytest.raises(ValueError, match=r"^rng = .*: must be None, a non-negative integer"):
        MicroGovModel(rng=rng, n_households=50)


def test_numpy_numbers_are_numbers():
    a = MicroGovModel(rng=np.int64(3), n_households=np.int64(60), micro_autonomy=np.float32(0.5))
    b = MicroGovModel(rng=3, n_households=60, micro_autonomy=float(np.float32(0.5)))
    a.run_for(3)
    b.run_for(3)
    frame_a = a.datacollector.get_model_vars_dataframe()
    frame_b = b.datacollector.get_model_vars_dataframe()
    assert frame_a.equals(frame_b)


def test_a_scheduler_address_is_checked_before_anything_runs(tmp_path, capsys):
    args = ["run", "status_quo", "--scheduler", "nonsense", "--out", str(tmp_path), *SMALL_RUN]
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    assert "'nonsense' is not a scheduler address" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


# ---- the machine's faults: storage and memory ----------------------------------------------


def test_a_file_size_limit_gives_one_line_leaves_no_temporary_file_and_resumes(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "microgov_sim", "run", "status_quo", "--out", str(out)]
    command += [*SERIAL, "--steps", "30", "--replications", "2", "--set", "n_households=100"]

    def limit_file_size():  # Python ignores SIGXFSZ, so a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    failed = subprocess.run(
        command, preexec_fn=limit_file_size, capture_output=True, text=True, check=False
    )
    assert failed.returncode == 2, failed.stderr
    assert "Traceback" not in failed.stderr
    assert "File too large" in failed.stderr.splitlines()[0]
    assert not list(out.rglob("*.tmp"))
    resumed = subprocess.run(command, capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert len(load_results(out / "status_quo").runs) == 2


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_full_disk_or_read_only_folder_gives_one_line(tmp_path, capsys, monkeypatch, code):
    def refuse(table, where, *args, **kwargs):
        Path(where).write_bytes(b"partial")  # a part written before the disk filled up
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(results_module.pq, "write_table", refuse)
    out = tmp_path / "out"
    assert main(["run", "status_quo", "--out", str(out), *SMALL_RUN]) == 2
    one_error(capsys, os.strerror(code), str(out / "status_quo"))
    assert not list(out.rglob("*.tmp"))


def test_running_out_of_memory_gives_one_line(tmp_path, capsys, monkeypatch):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr("microgov_sim.experiments.sweeps.Sweep.design", exhausted)
    assert main(["sweep", "mobility_lhs", "--out", str(tmp_path), *SMALL_RUN]) == 2
    one_error(capsys, "out of memory")
