"""Labels in English and Chinese, and a CJK font for Chinese figures.

Chinese text needs a font with CJK glyphs; without one matplotlib draws boxes. The font is
looked up among the fonts matplotlib knows (the list is rebuilt once if none is found, for
fonts installed after matplotlib built its cache). If there is none, :func:`use_language`
raises a :class:`UserError` saying which font to install -- never boxes.
"""

from __future__ import annotations

import contextlib

import matplotlib as mpl
from matplotlib import font_manager

from ..experiments.errors import UserError

LANGUAGES = ("en", "zh")
CJK_HINTS = ("Noto Sans CJK", "Noto Serif CJK", "Source Han", "WenQuanYi", "SimHei", "PingFang")
CJK_HINTS += ("Microsoft YaHei", "Heiti", "Droid Sans Fallback", "AR PL")

OUTCOME_LABELS = {
    "participation_rate": ("participation (share acting)", "参与率（行动）"),
    "willingness": ("willingness", "参与意愿"),
    "capacity": ("capacity", "参与能力"),
    "issues_raised": ("issues raised per week", "每周提出的事务"),
    "issues_resolved_self": ("issues self-resolved per week", "每周自治解决的事务"),
    "issues_resolved_admin": ("issues resolved administratively per week", "每周行政解决的事务"),
    "issues_resolved": ("issues resolved per week", "每周解决的事务"),
    "issues_lapsed": ("issues lapsed per week", "每周搁置的事务"),
    "backlog": ("open issues (backlog)", "积压事务"),
    "mean_resolution_time": ("mean resolution time (weeks)", "平均解决时间（周）"),
    "mean_trust": ("mean trust", "平均信任"),
    "within_unit_tie_density": ("within-unit tie density", "单元内关系密度"),
    "bridging_tie_strength": ("bridging tie strength", "跨单元关系强度"),
    "belonging": ("belonging", "归属感"),
    "dependency": ("dependency on government", "对政府的依赖"),
    "autonomy_index": ("autonomy index", "自治指数"),
    "active_micro_orgs": ("active micro-organisations", "活跃的微组织"),
    "admin_cost": ("administrative cost (cumulative)", "行政成本（累计）"),
    "admin_cost_per_resolved": ("cost per administratively resolved issue", "每件行政解决成本"),
    "support_cost": ("support cost (cumulative)", "支持成本（累计）"),
    "government_cost": ("government cost (cumulative)", "政府总成本（累计）"),
    "unit_inequality": ("inequality over buildings (Gini)", "楼栋间不平等（基尼系数）"),
    "committee_admin_share": ("committee effort on delegated tasks", "居委会行政事务负担"),
    "elite_admin_share": ("elite effort on grid work", "精英的网格工作负担"),
    "n_officers": ("grid officers", "网格员人数"),
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
    pair = OUTCOME_LABELS.get(name)
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
