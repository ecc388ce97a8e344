"""The teaching notebooks: committed without outputs, and each runs top to bottom.

Each notebook runs in a fresh Jupyter kernel (nbclient) with its results folder redirected to
tmp_path (``MICROGOV_NOTEBOOK_OUT``). Anything a cell writes to stderr -- a warning, a
traceback -- fails the test, as warnings fail the rest of the suite. Run times are printed
(``pytest -s``).
"""

import os
import time
from pathlib import Path

import pytest

os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core warns without it

import nbformat
from nbclient import NotebookClient

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def test_there_are_five_notebooks_committed_without_outputs():
    assert [p.stem[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05"]
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [], f"{path.name} has outputs"
                assert cell.execution_count is None, f"{path.name} has execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path, tmp_path, monkeypatch):
    monkeypatch.setenv("MICROGOV_NOTEBOOK_OUT", str(tmp_path / "results"))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    started = time.monotonic()
    client.execute()
    print(f"{path.name}: {time.monotonic() - started:.1f} s")
    figures = 0
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and output.name == "stderr":
                pytest.fail(f"{path.name} cell {index} wrote to stderr:\n{output.text}")
            if "image/png" in output.get("data", {}):
                figures += 1
    assert figures >= 1, f"{path.name} showed no figure"
    assert not any(NOTEBOOK_DIR.glob("results")), "a notebook wrote into notebooks/"
