"""Markdown gap analysis, for pull requests, wikis and tickets.

Every value from the card, the evidence or the rulesets goes through `report.escaping`: it renders as the
text it is (no raw HTML, no links, no broken tables), whatever Markdown viewer shows it."""

from __future__ import annotations

from ..model import Assessment
from ..report.escaping import markdown as _cell
from ..report.escaping import markdown_code
from ..report.grouping import groups, repeated_note
from ..report.locale import locale, message, show
from ..report.text import citation, reasons_text, status_label, summary_line, title
from . import RenderOptions


def _code(text: object) -> str:
    return f"`{markdown_code(str(text))}`"


class MarkdownRenderer:
    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        lang = options.lang
        def m(key: str) -> str:
            return message(key, lang)

        zh = lang == "zh"
        colon = "：" if zh else ": "
        lines = [
            f"# {_cell(assessment.system_name)} — {m('ui.gap_analysis')}",
            "",
            f"- {m('ui.as_of')}{colon}{locale(lang).date(assessment.as_of)}",
            f"- {m('ui.organisation')}{colon}{_cell(assessment.organisation_name)}",
            f"- {m('ui.card')}{colon}{_code(assessment.card_path)} (SHA-256 `{assessment.card_sha256}`)",
            f"- {m('ui.tool')}{colon}compliance {assessment.tool_version}",
        ]
        for r in assessment.rulesets:
            lines.append(f"- {m('ui.ruleset')}{colon}{_cell(r.id)} {_cell(r.version)} (SHA-256 `{r.sha256}`)")
        lines += ["", f"**{summary_line(assessment, lang)}**", ""]
        repeated = repeated_note(assessment, options.group_by, lang, options.only)
        if repeated:
            lines += [repeated, ""]
        for group_title, findings in groups(assessment, options.group_by, lang, options.only):
            if not findings:
                continue
            lines += [f"## {_cell(group_title)}", "",
                      f"| {m('ui.requirement')} | {m('ui.citation')} | {m('ui.title')} | {m('ui.status')} | "
                      f"{m('ui.severity')} | {m('ui.reasons')} |",
                      "|---|---|---|---|---|---|"]
            for f in findings:
                q = f.requirement
                flag = (f"（{m('ui.interpretation_short')}）" if zh else f" ({m('ui.interpretation_short')})") \
                    if q.interpretation else ""
                lines.append(f"| {_cell(q.id)} | {_cell(citation(q, lang))} | {_cell(title(q, lang))}{flag} | "
                             f"{status_label(f.status, lang)} | {m('severity.' + q.severity)} | "
                             f"{_cell(reasons_text(f.reasons, lang))} |")
            lines.append("")
        if assessment.facts:
            lines += [f"## {m('ui.facts')}", "", f"| {m('ui.fact')} | {m('ui.citation')} | {m('ui.value')} |",
                      "|---|---|---|"]
            for fact in assessment.facts:
                cited = locale(lang).citation(fact.citation)
                lines.append(f"| {_cell(fact.id)} — {_cell(fact.title.get(lang))} | {_cell(cited)} | "
                             f"{_code(show(fact.value))} |")
            lines.append("")
        if assessment.evidence:
            lines += [f"## {m('ui.evidence')}", "",
                      f"| {m('ui.evidence_id')} | {m('ui.kind')} | {m('ui.path')} | {m('ui.date')} | "
                      f"{m('ui.evidence_status')} | SHA-256 |", "|---|---|---|---|---|---|"]
            for e in assessment.evidence:
                lines.append(f"| {_cell(e.id)} | {_cell(e.kind)} | {_code(e.path)} | {_cell(e.date)} | "
                             f"{m('evidence_state.' + e.status)} | "
                             f"`{e.sha256 or ''}` |")
            lines.append("")
        for heading, items in ((m("ui.waivers"), [
            f"{w.requirement}: {w.justification} — {m('ui.approver')} {w.approver}, {m('ui.expires')} {w.expires}"
            for w in assessment.waivers]), (m("ui.attestations"), [
            f"{a.requirement}: {a.statement} — {m('ui.by')} {a.by}, {a.date}"
            + (f", {m('ui.expires')} {a.expires}" if a.expires else "") for a in assessment.attestations])):
            if items:
                lines += [f"## {heading}", "", *[f"- {_cell(i)}" for i in items], ""]
        return ("\n".join(lines).rstrip() + "\n").encode("utf-8")
