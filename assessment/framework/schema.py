"""Validation of the framework file (YAML) into a normalised document.

Pure: no database. ``framework_parse(path)`` returns the document, a plain dict with every optional
key filled in, or raises ``FrameworkError`` listing every problem found, each with the file, the line,
the place in the document (e.g. ``pillars[0].dimensions[1].indicators[2].weight``) and what is wrong.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from assessment.framework.spec import (
    CHANGE_ARITY,
    CHANGE_NEEDS_RULE,
    AdviceTier,
    Area,
    ChangeType,
    ExemplarType,
    Recommendations,
    ResourceTier,
    Scale,
)
from assessment.kinds import KINDS, MAX_LEVEL
from assessment.regions import PROVINCE_REGION, Region
from assessment.scales import SHARES

_CODE = {
    "pillar": re.compile(r"^P\d+$"),
    "dimension": re.compile(r"^P\d+\.D\d+$"),
    "indicator": re.compile(r"^P\d+\.D\d+\.I\d+$"),
    "exemplar": re.compile(r"^[a-z][a-z_]*$"),
    "stage": re.compile(r"^S\d+$"),
}


@dataclass(frozen=True)
class Problem:
    where: str
    message: str
    line: int | None = None


class FrameworkError(Exception):
    """The framework file is not valid; ``problems`` lists every mistake found."""

    def __init__(self, filename: str, problems: list[Problem]):
        self.filename = filename
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"框架文件 {self.filename} 有 {len(self.problems)} 处错误，未写入任何内容："]
        for p in self.problems:
            at = f"{self.filename}:{p.line}" if p.line else self.filename
            lines.append(f"  {at}: {p.where or '（文件根）'}: {p.message}")
        return "\n".join(lines)


_OPENING_QUOTES = "“‘「『\"'"
# The report introduces quoted speech or documents with one of these verbs right before the quote.
_SPEECH = re.compile(r"(强调|指出|提出|要求)[，,：:]?[“‘\"]?$")


def quotes_speech(text: str, source_text: str) -> bool:
    """Whether ``text`` is quoted speech or a quoted document: it begins inside quotation marks (or with
    要“ as the report quotes the 《意见》), or in the report it directly follows a verb of saying."""
    head = text.lstrip()
    if head[:1] in _OPENING_QUOTES or re.match(r"^要[“‘]", head):
        return True
    start = source_text.find(text)
    while start != -1:
        if _SPEECH.search(source_text[max(0, start - 6) : start]):
            return True
        start = source_text.find(text, start + 1)
    return False


def _where(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_of(node: yaml.Node | None, path: tuple) -> int | None:
    """Line (1-based) of the deepest node of ``path`` found in the composed YAML tree."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


class _Checker:
    def __init__(self, tree: yaml.Node | None, source_text: str | None, previous: dict | None = None):
        self.tree = tree
        self.source_text = source_text
        # The previous version's normalised document (its ``previous_file``), when the file names one and
        # it could be read and checked; the ``changes`` are checked against it.
        self.previous = previous
        self.problems: list[Problem] = []
        # The rules of frameworks that declare ``previous`` (2024.1 on): quoted speech gives its speaker, a
        # provincial platform carries no level. 2023.2.s
        # document is checked as it always was (HASH RULE).
        self.strict = False

    def fail(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(_where(path), message, _line_of(self.tree, path)))

    # -- primitives ---------------------------------------------------------------------------
    def mapping(self, value, path, required: tuple, optional: tuple = ()) -> dict | None:
        if not isinstance(value, dict):
            self.fail(path, f"应为映射（键: 值），实际为 {type(value).__name__}")
            return None
        for key in value:
            if key not in required and key not in optional:
                self.fail(path + (key,), f"未知的键 {key!r}（允许的键：{', '.join(required + optional)}）")
        for key in required:
            if key not in value:
                self.fail(path, f"缺少必填键 {key!r}")
        return value

    def text(self, value, path) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"应为非空文本，实际为 {value!r}")
            return ""
        return value.strip()

    def quote(self, value, path) -> str:
        text = self.text(value, path)
        if text and self.source_text is not None and text not in self.source_text:
            self.fail(path, f"引文在报告原文中找不到（须逐字摘自报告）：{text[:40]}…")
        return text

    def attributed_quote(self, raw: dict, path: tuple, key: str | int = "quote") -> tuple[str, str]:
        """The quote at ``raw[key]`` and its optional ``attribution`` (the report's words naming the speaker
        or document, also verbatim); refuses quoted speech without one where attribution is required."""
        text = self.quote(raw.get(key), path + (key,))
        attribution = self.quote(raw["attribution"], path + ("attribution",)) if "attribution" in raw else ""
        if text and not attribution and self.strict and quotes_speech(text, self.source_text or ""):
            self.fail(
                path + (key,),
                f"这段引文是报告转引的讲话或文件（以引号开头或紧跟“强调”“提出”等），须用 attribution 写明出处，"
                f"如“习近平总书记强调”：{text[:30]}…",
            )
        return text, attribution

    def number(self, value, path, *, positive=False) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(path, f"应为数字，实际为 {value!r}")
            return 0.0
        if positive and value <= 0:
            self.fail(path, f"必须是正数，实际为 {value!r}")
        return value

    def choice(self, value, path, allowed) -> str:
        if value not in allowed:
            self.fail(path, f"应为 {' / '.join(allowed)} 之一，实际为 {value!r}")
        return value

    def code(self, value, path, kind, seen: set, prefix: str = "") -> str:
        if not isinstance(value, str) or not _CODE[kind].match(value):
            self.fail(path, f"编码格式不正确：{value!r}")
            return str(value)
        if prefix and not value.startswith(prefix):
            self.fail(path, f"编码 {value} 应以上级编码 {prefix} 开头")
        if value in seen:
            self.fail(path, f"编码重复：{value}")
        seen.add(value)
        return value

    def items(self, value, path, *, min_items=1):
        if not isinstance(value, list) or len(value) < min_items:
            self.fail(path, f"应为至少含 {min_items} 项的列表")
            return []
        return list(enumerate(value))


def _check_document(raw, c: _Checker) -> dict:
    doc = c.mapping(
        raw,
        (),
        ("version", "title", "title_en", "source", "stages", "pillars", "exemplars"),
        ("source_text", "recommendations", "provenance", "weights_note") + VERSION_KEYS,
    )
    if doc is None:
        return {}
    c.strict = "previous" in doc
    out = {
        "version": str(doc.get("version", "")).strip(),
        "title": c.text(doc.get("title"), ("title",)),
        "title_en": c.text(doc.get("title_en"), ("title_en",)),
        "source": c.text(doc.get("source"), ("source",)),
    }
    if not out["version"]:
        c.fail(("version",), "版本号不能为空")
    # Optional keys enter the document only when the file has them (HASH RULE: 2023.2 has none).
    for key in ("provenance", "weights_note"):
        if key in doc:
            out[key] = c.text(doc[key], (key,))

    out["stages"] = []
    seen_stages: set = set()
    previous_min = None
    for i, raw_stage in c.items(doc.get("stages"), ("stages",), min_items=2):
        p = ("stages", i)
        s = c.mapping(raw_stage, p, ("code", "name", "name_en", "min_score", "interpretation"))
        if s is None:
            continue
        stage = {
            "code": c.code(s.get("code"), p + ("code",), "stage", seen_stages),
            "name": c.text(s.get("name"), p + ("name",)),
            "name_en": c.text(s.get("name_en"), p + ("name_en",)),
            "min_score": c.number(s.get("min_score"), p + ("min_score",)),
            "interpretation": c.text(s.get("interpretation"), p + ("interpretation",)),
        }
        if previous_min is None and stage["min_score"] != 0:
            c.fail(p + ("min_score",), "第一个阶段的 min_score 必须为 0")
        if previous_min is not None and not previous_min < stage["min_score"] <= 100:
            c.fail(p + ("min_score",), "各阶段的 min_score 必须严格递增且不超过 100")
        previous_min = stage["min_score"]
        out["stages"].append(stage)

    indicators: dict[str, dict] = {}
    seen: set = set()
    out["pillars"] = []
    for i, raw_pillar in c.items(doc.get("pillars"), ("pillars",)):
        p = ("pillars", i)
        pl = c.mapping(raw_pillar, p, ("code", "title", "short_title", "title_en", "weight", "description", "dimensions"))
        if pl is None:
            continue
        pillar = {
            "code": c.code(pl.get("code"), p + ("code",), "pillar", seen),
            "title": c.text(pl.get("title"), p + ("title",)),
            "short_title": c.text(pl.get("short_title"), p + ("short_title",)),
            "title_en": c.text(pl.get("title_en"), p + ("title_en",)),
            "weight": c.number(pl.get("weight"), p + ("weight",), positive=True),
            "description": c.text(pl.get("description"), p + ("description",)),
            "dimensions": [],
        }
        for j, raw_dim in c.items(pl.get("dimensions"), p + ("dimensions",)):
            dp = p + ("dimensions", j)
            d = c.mapping(raw_dim, dp, ("code", "title", "title_en", "weight", "indicators"))
            if d is None:
                continue
            dimension = {
                "code": c.code(d.get("code"), dp + ("code",), "dimension", seen, pillar["code"] + ".D"),
                "title": c.text(d.get("title"), dp + ("title",)),
                "title_en": c.text(d.get("title_en"), dp + ("title_en",)),
                "weight": c.number(d.get("weight"), dp + ("weight",), positive=True),
                "indicators": [],
            }
            for k, raw_ind in c.items(d.get("indicators"), dp + ("indicators",)):
                indicator = _check_indicator(raw_ind, dp + ("indicators", k), c, seen, dimension["code"] + ".I")
                if indicator:
                    dimension["indicators"].append(indicator)
                    indicators[indicator["code"]] = indicator
            pillar["dimensions"].append(dimension)
        out["pillars"].append(pillar)

    out["exemplars"] = []
    seen_exemplars: set = set()
    for i, raw_ex in c.items(doc.get("exemplars"), ("exemplars",)):
        p = ("exemplars", i)
        e = c.mapping(
            raw_ex, p, ("code", "name", "short_name", "type", "province", "region", "practices"), ("figures", "province_quote")
        )
        if e is None:
            continue
        exemplar = {
            "code": c.code(e.get("code"), p + ("code",), "exemplar", seen_exemplars),
            "name": c.text(e.get("name"), p + ("name",)),
            "short_name": c.text(e.get("short_name"), p + ("short_name",)),
            "type": c.choice(e.get("type"), p + ("type",), ExemplarType.values),
            "province": c.choice(e.get("province"), p + ("province",), tuple(PROVINCE_REGION)),
            "region": c.choice(e.get("region"), p + ("region",), Region.values),
            # The report's words that place it in its province; without them the province is administrative
            # geography (used to find peers), and the pages say that the report does not state it.
            "province_quote": c.quote(e["province_quote"], p + ("province_quote",)) if "province_quote" in e else "",
            "practices": [],
            "figures": [],
        }
        if exemplar["province_quote"] and exemplar["province"] not in exemplar["province_quote"]:
            c.fail(p + ("province_quote",), f"省份依据应为报告中写明“{exemplar['province']}”的原文")
        expected_region = PROVINCE_REGION.get(exemplar["province"])
        if expected_region and exemplar["region"] != expected_region:
            c.fail(p + ("region",), f"{exemplar['province']} 属于 {expected_region}，不是 {exemplar['region']}")
        for j, raw_pr in c.items(e.get("practices"), p + ("practices",)):
            pp = p + ("practices", j)
            pr = c.mapping(raw_pr, pp, ("indicators", "summary", "quote"), ("level", "attribution"))
            if pr is None:
                continue
            codes = []
            for k, code in c.items(pr.get("indicators"), pp + ("indicators",)):
                if code not in indicators:
                    c.fail(pp + ("indicators", k), f"引用了不存在的指标 {code!r}")
                codes.append(code)
            # The level is the product's reading of the report's words; absent where the words do not
            # support one. Provincial platforms are not rated on a centre's scale.
            practice = {"indicators": codes}
            if "level" in pr:
                level = pr["level"]
                if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= MAX_LEVEL:
                    c.fail(pp + ("level",), f"等级应为 0–{MAX_LEVEL} 的整数，实际为 {level!r}")
                if c.strict and exemplar["type"] == ExemplarType.PROVINCIAL:
                    c.fail(pp + ("level",), "省级平台/项目不按区县中心的等级评定，请删去 level（页面将其列为可对接的平台）")
                practice["level"] = level
            practice["summary"] = c.text(pr.get("summary"), pp + ("summary",))
            quote, attribution = c.attributed_quote(pr, pp)
            practice["quote"] = quote
            if attribution:
                practice["attribution"] = attribution
            exemplar["practices"].append(practice)
        for j, raw_fig in c.items(e.get("figures", []), p + ("figures",), min_items=0):
            fp = p + ("figures", j)
            f = c.mapping(
                raw_fig, fp, ("label", "value", "unit", "display", "quote"), ("indicator", "year", "attribution", "definition")
            )
            if f is None:
                continue
            figure = {
                "label": c.text(f.get("label"), fp + ("label",)),
                "value": c.number(f.get("value"), fp + ("value",)),
                "unit": c.text(f.get("unit"), fp + ("unit",)),
                "display": c.text(f.get("display"), fp + ("display",)),
                "quote": c.quote(f.get("quote"), fp + ("quote",)),
                "indicator": f.get("indicator"),
                "year": f.get("year"),
            }
            # Who the report gives the figure for (龙岗区融媒集团, not the centre), and the report's words
            # defining it where that differs from the indicator (总营收, 收入（不含网络）): both verbatim.
            for key in ("attribution", "definition"):
                if key in f:
                    figure[key] = c.quote(f[key], fp + (key,))
            target = indicators.get(figure["indicator"]) if figure["indicator"] is not None else None
            if figure["indicator"] is not None:
                if target is None:
                    c.fail(fp + ("indicator",), f"引用了不存在的指标 {figure['indicator']!r}")
                elif target["kind"] != "number":  # a figure is a number: only a number indicator measures one
                    c.fail(fp + ("indicator",), f"数据只能关联数值型指标，{target['code']} 是 {target['kind']}")
                elif target["unit"] != figure["unit"]:
                    c.fail(fp + ("unit",), f"单位 {figure['unit']!r} 与指标 {target['code']} 的单位 {target['unit']!r} 不一致")
            if figure["year"] is not None and (isinstance(figure["year"], bool) or not isinstance(figure["year"], int)):
                c.fail(fp + ("year",), f"年份应为整数，实际为 {figure['year']!r}")
            exemplar["figures"].append(figure)
        out["exemplars"].append(exemplar)
    out["recommendations"] = _check_recommendations(doc.get("recommendations"), c, indicators, seen_exemplars)
    # Only a file that declares a previous version has these keys: the documents of earlier files (and so
    # their hashes) stay as they were.
    if any(key in doc for key in VERSION_KEYS):
        out.update(_check_changes(doc, c, indicators, out["version"]))
    return out


VERSION_KEYS = ("previous", "previous_file", "changes")


def _check_changes(doc: dict, c: _Checker, indicators: dict, version: str) -> dict:
    """``previous``, ``previous_file`` and ``changes``: for every indicator of the previous version what
    became of it, and for every indicator of this one where it came from.

    Checked: the three keys come together; the previous file is that version; each item's type, and how many
    old (``from``) and new (``to``) codes its type joins; that the codes exist on their side; that every
    previous indicator is in exactly one ``from`` and every indicator of this version in exactly one ``to``;
    that ``rule`` is given where the type needs it; that ``same`` keeps the code and ``same``/``renamed``
    keep the kind of question (a changed kind is ``rescaled``)."""
    for key in VERSION_KEYS:
        if key not in doc:
            c.fail((), f"缺少必填键 {key!r}（previous、previous_file、changes 须同时给出）")
    previous = str(doc.get("previous", "")).strip()
    out = {"previous": previous, "previous_file": str(doc.get("previous_file", "")).strip(), "changes": []}
    if "previous" in doc and not previous:
        c.fail(("previous",), "上一版本号不能为空")
    if previous and previous == version:
        c.fail(("previous",), f"上一版本不能是本版本自己（{version}）")
    old = c.previous
    if old is not None and previous and old["version"] != previous:
        c.fail(("previous",), f"previous 为 {previous!r}，但 previous_file 中的版本是 {old['version']!r}")
    old_indicators = (
        {i["code"]: i for p in old["pillars"] for d in p["dimensions"] for i in d["indicators"]} if old is not None else None
    )
    old_label = previous or "上一版本"
    placed_old: dict[str, tuple] = {}
    placed_new: dict[str, tuple] = {}
    for n, raw_change in c.items(doc.get("changes"), ("changes",)) if "changes" in doc else ():
        p = ("changes", n)
        ch = c.mapping(raw_change, p, ("from", "to", "type"), ("rule",))
        if ch is None:
            continue
        change_type = c.choice(ch.get("type"), p + ("type",), ChangeType.values)
        sides = {}
        for side in ("from", "to"):
            codes = ch.get(side)
            if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
                c.fail(p + (side,), f"{side} 应为指标编码的列表（可以为空列表 []），实际为 {codes!r}")
                codes = []
            sides[side] = codes
        rule = ch.get("rule")
        if rule is not None and not (isinstance(rule, str) and rule.strip()):
            c.fail(p + ("rule",), f"rule 应为非空文本，实际为 {rule!r}")
        rule = rule.strip() if isinstance(rule, str) else ""
        if change_type in CHANGE_ARITY:
            for side, (least, most), what in zip(("from", "to"), CHANGE_ARITY[change_type], ("原指标", "新指标"), strict=True):
                count = len(sides[side])
                if count < least or (most is not None and count > most):
                    wanted = f"恰好 {least} 个" if least == most else f"至少 {least} 个"
                    c.fail(p + (side,), f"类型 {change_type} 的 {side} 须有{wanted}{what}，实际为 {count} 个")
            if change_type in CHANGE_NEEDS_RULE and not rule:
                how = "各原指标的答案如何合并" if change_type == ChangeType.MERGED else "原答案如何换算"
                c.fail(p, f"类型 {change_type} 须写明 rule（{how}）")
        for k, code in enumerate(sides["from"]):
            where = p + ("from", k)
            if old_indicators is not None and code not in old_indicators:
                c.fail(where, f"版本 {old_label} 中没有指标 {code!r}")
            elif code in placed_old:
                c.fail(where, f"原指标 {code} 已出现在 {_where(placed_old[code])} 中；每个原指标只能出现在一项的 from 中")
            else:
                placed_old[code] = where
        for k, code in enumerate(sides["to"]):
            where = p + ("to", k)
            if code not in indicators:
                c.fail(where, f"本版本中没有指标 {code!r}")
            elif code in placed_new:
                c.fail(where, f"指标 {code} 已出现在 {_where(placed_new[code])} 中；每个指标只能出现在一项的 to 中")
            else:
                placed_new[code] = where
        if change_type in (ChangeType.SAME, ChangeType.RENAMED) and len(sides["from"]) == 1 and len(sides["to"]) == 1:
            before, after = sides["from"][0], sides["to"][0]
            if change_type == ChangeType.SAME and before != after:
                c.fail(p, f"类型 same 表示指标未变，from 与 to 的编码应相同（{before} → {after}；编码改变请用 renamed）")
            was = (old_indicators or {}).get(before)
            now = indicators.get(after)
            if was and now and was["kind"] != now["kind"]:
                c.fail(
                    p + ("type",),
                    f"{before} 为 {was['kind']} 型、{after} 为 {now['kind']} 型：题型改变了，应使用 rescaled 并写明 rule",
                )
        out["changes"].append({"from": sides["from"], "to": sides["to"], "type": change_type, "rule": rule})
    if old_indicators is not None and "changes" in doc:
        missing = [code for code in old_indicators if code not in placed_old]
        if missing:
            c.fail(("changes",), f"版本 {old_label} 的以下指标未说明去向（每个须出现在一项的 from 中）：{'、'.join(missing)}")
    if "changes" in doc:
        missing = [code for code in indicators if code not in placed_new]
        if missing:
            c.fail(
                ("changes",), f"本版本的以下指标未说明来源（每个须出现在一项的 to 中；新指标用 type: new）：{'、'.join(missing)}"
            )
    return out


def _check_recommendations(raw, c: _Checker, indicators: dict, exemplar_codes: set) -> dict:
    """The advice rules: which tier_advice each resource tier gets, the report's "因地制宜" strategy per
    tier, and the section-five themes shown where the answers show a gap."""
    out = {
        "tier_advice": {tier: str(advice) for tier, advice in Recommendations().tier_advice.items()},
        "strategies": [],
        "themes": [],
    }
    if raw is None:
        return out
    p = ("recommendations",)
    r = c.mapping(raw, p, ("tier_advice", "strategies", "themes"))
    if r is None:
        return out
    advice = c.mapping(r.get("tier_advice"), p + ("tier_advice",), tuple(ResourceTier.values))
    if advice:
        out["tier_advice"] = {t: c.choice(advice.get(t), p + ("tier_advice", t), AdviceTier.values) for t in ResourceTier.values}

    def exemplar_list(value, path):
        codes = [code for _n, code in c.items(value, path, min_items=0)]
        for n, code in enumerate(codes):
            if code not in exemplar_codes:
                c.fail(path + (n,), f"引用了不存在的典型案例 {code!r}")
        return codes

    covered: list = []
    for i, raw_s in c.items(r.get("strategies"), p + ("strategies",)):
        sp = p + ("strategies", i)
        st = c.mapping(raw_s, sp, ("tiers", "title", "text", "quote", "exemplars"), ("attribution",))
        if st is None:
            continue
        tiers = [c.choice(t, sp + ("tiers", n), ResourceTier.values) for n, t in c.items(st.get("tiers"), sp + ("tiers",))]
        covered += tiers
        quote, attribution = c.attributed_quote(st, sp)
        strategy = {
            "tiers": tiers,
            "title": c.text(st.get("title"), sp + ("title",)),
            "text": c.text(st.get("text"), sp + ("text",)),
            "quote": quote,
            "exemplars": exemplar_list(st.get("exemplars"), sp + ("exemplars",)),
        }
        if attribution:
            strategy["attribution"] = attribution
        out["strategies"].append(strategy)
    if sorted(covered) != sorted(ResourceTier.values):
        c.fail(p + ("strategies",), "每种资源类型（well_resourced / developing / under_resourced）须恰好对应一条策略")
    seen: set = set()
    for i, raw_t in c.items(r.get("themes"), p + ("themes",), min_items=0):
        tp = p + ("themes", i)
        th = c.mapping(raw_t, tp, ("code", "title", "indicators", "below", "text", "quote", "exemplars"), ("attribution",))
        if th is None:
            continue
        codes = [code for _n, code in c.items(th.get("indicators"), tp + ("indicators",))]
        for n, code in enumerate(codes):
            if code not in indicators:
                c.fail(tp + ("indicators", n), f"引用了不存在的指标 {code!r}")
        below = c.number(th.get("below"), tp + ("below",), positive=True)
        if below > 100:
            c.fail(tp + ("below",), "below 须在 0–100 之间")
        quote, attribution = c.attributed_quote(th, tp)
        theme = {
            "code": c.code(th.get("code"), tp + ("code",), "exemplar", seen),
            "title": c.text(th.get("title"), tp + ("title",)),
            "indicators": codes,
            "below": below,
            "text": c.text(th.get("text"), tp + ("text",)),
            "quote": quote,
            "exemplars": exemplar_list(th.get("exemplars"), tp + ("exemplars",)),
        }
        if attribution:
            theme["attribution"] = attribution
        out["themes"].append(theme)
    return out


def _check_indicator(raw, p: tuple, c: _Checker, seen: set, prefix: str) -> dict | None:
    kind = KINDS.get(raw.get("kind")) if isinstance(raw, dict) else None
    i = c.mapping(
        raw,
        p,
        ("code", "title", "title_en", "help", "weight", "kind", "evidence_prompt", "next_step", "source_quotes")
        + (kind.keys if kind else ()),
        ("area", "tier_advice", "help_en")
        + (kind.optional_keys if kind else ())
        + (("levels_en",) if kind and "levels" in kind.keys else ())
        + (("scale",) if kind and "thresholds" in kind.keys else ()),
    )
    if i is None:
        return None
    indicator = {
        "code": c.code(i.get("code"), p + ("code",), "indicator", seen, prefix),
        "title": c.text(i.get("title"), p + ("title",)),
        "title_en": c.text(i.get("title_en"), p + ("title_en",)),
        "help": c.text(i.get("help"), p + ("help",)),
        "weight": c.number(i.get("weight"), p + ("weight",), positive=True),
        "kind": c.choice(i.get("kind"), p + ("kind",), tuple(KINDS)),
        "evidence_prompt": c.text(i.get("evidence_prompt"), p + ("evidence_prompt",)),
        "next_step": c.text(i.get("next_step"), p + ("next_step",)),
        "area": c.choice(i["area"], p + ("area",), Area.values) if "area" in i else None,
        # Every kind's keys are in every normalised indicator, empty where the kind has none.
        "levels": [],
        "unit": "",
        "thresholds": [],
        "per_capita": False,
        "tier_advice": {},
        "source_quotes": [],
    }
    attributions = {}
    for n, q in c.items(i.get("source_quotes"), p + ("source_quotes",)):
        # A plain string, or {quote, attribution} for quoted speech (the speaker as the report names it).
        if isinstance(q, dict) and c.mapping(q, p + ("source_quotes", n), ("quote", "attribution")) is not None:
            text, attribution = c.attributed_quote(q, p + ("source_quotes", n))
            attributions[text] = attribution
        else:
            text, _ = c.attributed_quote({n: q}, p + ("source_quotes",), key=n)
        indicator["source_quotes"].append(text)
    if attributions:
        indicator["quote_attributions"] = attributions
    if kind:
        indicator.update(kind.spec(i, p, c))
    # English help and level descriptors, and the scale of a number indicator: in the document only when
    # the file has them (HASH RULE).
    if "help_en" in i:
        indicator["help_en"] = c.text(i["help_en"], p + ("help_en",))
    if "levels_en" in i:
        levels_en = [c.text(t, p + ("levels_en", n)) for n, t in c.items(i["levels_en"], p + ("levels_en",))]
        if len(levels_en) != len(indicator["levels"]):
            c.fail(
                p + ("levels_en",), f"levels_en 应与 levels 条数相同（{len(indicator['levels'])} 条），实际为 {len(levels_en)} 条"
            )
        indicator["levels_en"] = levels_en
    if "scale" in i:  # a number indicator's (only its kind allows the key); absent stays absent (HASH RULE)
        indicator["scale"] = _check_scale(i, indicator, p, c)
    if "tier_advice" in i:
        advice = c.mapping(i["tier_advice"], p + ("tier_advice",), tuple(AdviceTier.values))
        if advice:
            indicator["tier_advice"] = {t: c.text(advice.get(t), p + ("tier_advice", t)) for t in AdviceTier.values}
    return indicator


def _check_scale(raw: dict, indicator: dict, p: tuple, c: _Checker) -> str:
    """The scale a number indicator's thresholds apply on (see assessment/scales.py)."""
    scale = c.choice(raw["scale"], p + ("scale",), tuple(Scale.values))
    if scale in SHARES and any(t > 1 for t in indicator["thresholds"]):
        c.fail(p + ("thresholds",), f"按 {scale} 折算的阈值是 0–1 之间的比例（例如 0.5 表示一半的乡镇或村）")
    if scale != Scale.ABSOLUTE and indicator["per_capita"]:
        c.fail(p + ("per_capita",), "per_capita 只用于按绝对数评分的指标；已按规模折算（scale）的指标不要再设")
    return scale


def framework_parse(path: Path | str, *, _reading: frozenset = frozenset()) -> dict:
    """Read and validate the framework file at ``path``; return the normalised document.

    A file that declares a previous version has that version's file read (``previous_file``, from the same
    folder) and checked as well, so that its ``changes`` are checked against the previous indicators."""
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(str(path), [Problem("", f"无法读取文件：{exc}")]) from None
    try:
        tree = yaml.compose(text)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FrameworkError(name, [Problem("", f"YAML 语法错误：{exc}", mark.line + 1 if mark else None)]) from None
    source_text = None
    if isinstance(raw, dict) and isinstance(raw.get("source_text"), str):
        source_path = path.parent / raw["source_text"]
        try:
            source_text = source_path.read_text(encoding="utf-8")
        except OSError:
            raise FrameworkError(
                name, [Problem("source_text", f"找不到报告原文文件 {source_path}", _line_of(tree, ("source_text",)))]
            ) from None
    previous, previous_problem = _previous_document(path, raw, tree, _reading)
    checker = _Checker(tree, source_text, previous)
    if previous_problem:
        checker.problems.append(previous_problem)
    document = _check_document(raw, checker)
    if checker.problems:
        raise FrameworkError(name, checker.problems)
    return document


def _previous_document(path: Path, raw, tree, reading: frozenset) -> tuple[dict | None, Problem | None]:
    """The normalised document of the file's ``previous_file`` (or None), and the problem that kept it from
    being read (or None)."""
    name = raw.get("previous_file") if isinstance(raw, dict) else None
    if name is None:
        return None, None
    line = _line_of(tree, ("previous_file",))
    if not isinstance(name, str) or not name.strip() or Path(name).name != name:
        return None, Problem("previous_file", f"应为同一文件夹中的文件名（不含路径），实际为 {name!r}", line)
    previous_path = path.parent / name
    if previous_path.resolve() == path.resolve() or previous_path.resolve() in reading:
        return None, Problem("previous_file", f"上一版本文件不能指向本文件或形成循环：{name}", line)
    if not previous_path.is_file():
        return None, Problem("previous_file", f"找不到上一版本文件 {previous_path}", line)
    try:
        return framework_parse(previous_path, _reading=reading | {path.resolve()}), None
    except FrameworkError as exc:
        return None, Problem(
            "previous_file", f"上一版本文件 {name} 有 {len(exc.problems)} 处错误，请先修正：{exc.problems[0].message}", line
        )


def document_hash(document: dict) -> str:
    """A hash of the document's content: the same framework gives the same hash however it is formatted."""
    canonical = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
