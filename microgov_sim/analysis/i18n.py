"""Labels in English and Chinese, and a CJK font for Chinese figures.

Outcome labels are declared with the outcomes, in the catalogue
:data:`~microgov_sim.model.outcomes.OUTCOME_SPECS`; :func:`outcome_label` reads them there. This
module holds the fixed phrases of figures and the labels of quantities derived from outcomes.

Chinese text needs a font with CJK glyphs; without one matplotlib draws boxes. The font is
looked up among the fonts matplotlib knows (the list is rebuilt once if none is found, for
fonts installed after matplotlib built its cache). If there is none, :func:`use_language`
raises a :class:`UserError` saying which font to install -- never boxes.

Imports matplotlib, :mod:`microgov_sim.experiments.errors` and the outcome catalogue
(:mod:`microgov_sim.model.outcomes`).
"""

from __future__ import annotations

import contextlib

import matplotlib as mpl
from matplotlib import font_manager

from ..experiments.errors import UserError
from ..model.outcomes import SPECS_BY_NAME

LANGUAGES = ("en", "zh")
CJK_HINTS = ("Noto Sans CJK", "Noto Serif CJK", "Source Han", "WenQuanYi", "SimHei", "PingFang")
CJK_HINTS += ("Microsoft YaHei", "Heiti", "Droid Sans Fallback", "AR PL")

# Labels of quantities the analysis derives from outcomes (the outcomes' own labels are declared
# with them, in :data:`~microgov_sim.model.outcomes.OUTCOME_SPECS`).
DERIVED_LABELS = {
    "issues_resolved": ("issues resolved per week", "每周解决的事务"),
}

WORDS = {
    "step": ("step (week)", "步（周）"),
    "policy_change": ("dotted vertical lines: policy changes", "竖虚线：政策变化"),
    "scenario": ("scenario", "情景"),
    "participation": ("took part recently", "近期参与"),
    "not_participating": ("did not", "未参与"),
    "trust": ("trust", "信任"),
    "mean_ci": ("mean and 95% CI over {n} replications", "{n}次重复的均值与95%置信区间"),
    "runs": ("single runs", "单次运行"),
    "timeseries_title": ("Outcomes over time", "结果随时间变化"),
    "final_title": (
        "Final state (mean of the last fifth of the run)",
        "终态（最后五分之一步的均值）",
    ),
    "tradeoff_title": (
        "Trade-offs between autonomy, resolution and cost",
        "自治、解决与成本之间的权衡",
    ),
    "cost_lines_title": (
        "Government cost by line (cumulative at the end of the run)",
        "政府成本分项（运行结束时累计）",
    ),
    "network_title": (
        "Network of the first {k} buildings at the end of replication 0",
        "第0次重复结束时前{k}栋楼的关系网络",
    ),
    "network_live": (
        "Households of the first {k} buildings and their ties, step {step}",
        "前{k}栋楼的住户及其关系，第{step}步",
    ),
    "phase_title": ("{outcome} across the sweep", "扫描中的{outcome}"),
    "sensitivity_title": ("Sensitivity indices with 95% CI", "敏感性指数及95%置信区间"),
    "main_effects_title": (
        "Main effects: mean outcome at each level of a factor, other factors as designed",
        "主效应：各因素水平上的结果均值（其他因素按设计变化）",
    ),
}


def outcome_label(name: str, lang: str = "en") -> str:
    """The label of an outcome (or a parameter name, unchanged) in ``lang``."""
    spec = SPECS_BY_NAME.get(name)
    pair = (spec.label_en, spec.label_zh) if spec else DERIVED_LABELS.get(name)
    if pair is None:
        return name
    return pair[LANGUAGES.index(lang)]


def phrase(table: dict[str, tuple[str, str]], key: str, lang: str = "en", **fmt) -> str:
    """``table[key]`` (an English/Chinese pair) in ``lang``, formatted with ``fmt``."""
    return table[key][LANGUAGES.index(lang)].format(**fmt)


def word(key: str, lang: str = "en", **fmt) -> str:
    """A fixed phrase of :data:`WORDS` in ``lang``, formatted with ``fmt``."""
    return phrase(WORDS, key, lang, **fmt)


def _pick(names) -> str | None:
    names = sorted(set(names))
    for hint in CJK_HINTS:
        matches = [n for n in names if n.startswith(hint)]
        simplified = [n for n in matches if n.endswith((" SC", " CN"))]
        if simplified or matches:
            return (simplified or matches)[0]
    return None


def find_cjk_font() -> str | None:
    """The family name of an installed font with Chinese glyphs, or None.

    Fonts installed after matplotlib cached its font list are found on disk and added.
    """
    manager = font_manager.fontManager
    name = _pick(f.name for f in manager.ttflist)
    if name:
        return name
    files = [
        f
        for f in font_manager.findSystemFonts()
        if any(k in f.lower() for k in ("cjk", "wqy", "wenquanyi", "simhei", "droidsansfallback"))
    ]
    for path in files:
        with contextlib.suppress(Exception):  # an unreadable font file is skipped
            manager.addfont(path)
    return _pick(f.name for f in manager.ttflist)


def check_language(lang: str) -> None:
    """Raise :class:`UserError` for an unknown language."""
    if lang not in LANGUAGES:
        raise UserError(f"--lang {lang!r}: must be one of {', '.join(LANGUAGES)}")


@contextlib.contextmanager
def use_language(lang: str):
    """Within the block, figures render ``lang``'s text (a CJK font for Chinese)."""
    check_language(lang)
    if lang == "en":
        yield
        return
    font = find_cjk_font()
    if font is None:
        raise UserError(
            "--lang zh: no font with Chinese glyphs found. Install one, e.g. on Debian/Ubuntu "
            "'sudo apt install fonts-noto-cjk' (Noto Sans CJK SC), then run again"
        )
    with mpl.rc_context({"font.family": "sans-serif", "font.sans-serif": [font, "DejaVu Sans"]}):
        yield
