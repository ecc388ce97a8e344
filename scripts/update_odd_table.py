"""Regenerate the parameter table in docs/ODD.md from microgov_sim/params.py."""

from pathlib import Path

from microgov_sim.model.params import parameter_table_markdown

START, END = "<!-- parameter-table:start -->", "<!-- parameter-table:end -->"
odd = Path(__file__).resolve().parent.parent / "docs" / "ODD.md"
text = odd.read_text()
head, rest = text.split(START)
_, tail = rest.split(END)
odd.write_text(f"{head}{START}\n{parameter_table_markdown()}\n{END}{tail}")
print(f"updated {odd}")
