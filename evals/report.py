"""A self-contained HTML page for eval scores: charts per metric and type, tables, misses.

Takes the dict of :func:`evals.metrics.answer_scores` or :func:`evals.metrics.retrieval_scores`
and writes one file: inline CSS, inline SVG, no scripts, no external resources. All text from
the scores (questions, answers) is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

METRIC_LABELS = {
    "strict_accuracy": "Strikte Genauigkeit",
    "citation_precision": "Zitat-Präzision",
    "citation_recall": "Zitat-Vollständigkeit",
    "fact_recall": "Fakten-Vollständigkeit",
    "abstain_recall": "Enthaltung, wo nötig",
    "false_abstain_rate": "Unnötige Enthaltung",
    "hit@1": "Treffer@1",
    "hit@3": "Treffer@3",
    "hit@5": "Treffer@5",
    "mrr": "MRR",
    "p50_ms": "Latenz p50 (ms)",
    "p95_ms": "Latenz p95 (ms)",
}
# Targets of issues 3 and 4: (value, True if higher is better).
TARGETS = {
    "strict_accuracy": (0.85, True),
    "citation_precision": (0.95, True),
    "fact_recall": (0.90, True),
    "abstain_recall": (0.85, True),
    "false_abstain_rate": (0.05, False),
    "hit@1": (0.90, True),
    "hit@5": (0.98, True),
    "p95_ms": (50.0, False),
}
GROUP_LABELS = {
    "zustaendigkeit": "Zuständigkeit",
    "zeitraum": "Zeitraum",
    "massnahmen": "Maßnahmen",
    "beschreibung": "Beschreibung",
    "liste": "Liste",
    "vergleich": "Vergleich",
    "struktur": "Struktur",
    "unbeantwortbar": "Unbeantwortbar",
    "citizen": "Bürger*innen",
    "employee": "Mitarbeitende",
}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;
color:#1d2733;padding:0 1rem;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #d7dee6;
padding-bottom:.3rem}h3{font-size:1rem;margin:.2rem 0 .4rem}
.meta{color:#5b6773;margin-top:0}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92rem}
th,td{border:1px solid #d7dee6;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.good{background:#e5f4ea}td.bad{background:#fbe9e7}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(21rem,1fr));gap:1rem}
.chart{border:1px solid #d7dee6;border-radius:6px;padding:.6rem}
.chart svg{width:100%;height:auto}
code{background:#eef2f6;padding:0 .2rem;border-radius:3px}
ul.reasons{margin:0;padding-left:1.1rem;color:#a4282b}
.answer{white-space:pre-wrap}.wide{overflow-x:auto}
"""


def write_html_report(
    scores: Mapping[str, Any], path: str | Path, title: str | None = None
) -> Path:
    """Write ``scores`` as one self-contained HTML page to ``path`` and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html_report(scores, title), encoding="utf-8")
    return path


def render_html_report(scores: Mapping[str, Any], title: str | None = None) -> str:
    """The HTML page for ``scores`` as a string."""
    title = title or "Auswertung des Katalog-Assistenten"
    metrics = [key for key in METRIC_LABELS if key in scores]
    by_type = scores.get("by_type") or {}
    by_audience = scores.get("by_audience") or {}
    misses = scores.get("misses") or []
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="de"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(scores.get("n", 0))} Fragen gewertet · erstellt {_e(stamp)}</p>',
        "<h2>Gesamtwerte</h2>",
        _overall_table(scores, metrics),
    ]
    if by_type:
        parts += ["<h2>Kennzahlen je Fragetyp</h2>", _charts(by_type, metrics)]
        parts += ["<h2>Nach Fragetyp</h2>", _group_table(by_type, metrics, "Fragetyp")]
    if by_audience:
        parts += ["<h2>Nach Zielgruppe</h2>", _group_table(by_audience, metrics, "Zielgruppe")]
    parts += [f"<h2>Fehlschläge ({len(misses)})</h2>", _misses(misses), "</body></html>"]
    return "\n".join(parts)


# --- pieces ----------------------------------------------------------------------------------


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _format(metric: str, value: Any) -> str:
    if value is None:
        return "–"
    if metric.endswith("_ms"):
        return f"{value:.1f}"
    if metric == "n":
        return str(value)
    return f"{value:.3f}".replace(".", ",") if metric == "mrr" else f"{value * 100:.1f} %"


def _verdict(metric: str, value: Any) -> str:
    if value is None or metric not in TARGETS:
        return "num"
    target, higher = TARGETS[metric]
    ok = value >= target if higher else value <= target
    return "num good" if ok else "num bad"


def _target_text(metric: str) -> str:
    if metric not in TARGETS:
        return ""
    target, higher = TARGETS[metric]
    return f"{'≥' if higher else '≤'} {_format(metric, target)}"


def _overall_table(scores: Mapping[str, Any], metrics: list[str]) -> str:
    rows = [
        f"<tr><th>{_e(METRIC_LABELS[m])} <code>{_e(m)}</code></th>"
        f'<td class="{_verdict(m, scores[m])}">{_e(_format(m, scores[m]))}</td>'
        f'<td class="num">{_e(_target_text(m))}</td></tr>'
        for m in metrics
    ]
    return (
        "<table><thead><tr><th>Kennzahl</th><th>Wert</th><th>Ziel</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _group_table(groups: Mapping[str, Mapping[str, Any]], metrics: list[str], label: str) -> str:
    shown = [m for m in metrics if any(m in g for g in groups.values())]
    head = "".join(f"<th>{_e(METRIC_LABELS[m])}</th>" for m in shown)
    rows = []
    for key, values in groups.items():
        cells = "".join(
            f'<td class="{_verdict(m, values.get(m))}">{_e(_format(m, values.get(m)))}</td>'
            for m in shown
        )
        name = GROUP_LABELS.get(key, key)
        count = _e(values.get("n", 0))
        rows.append(f'<tr><th>{_e(name)}</th><td class="num">{count}</td>{cells}</tr>')
    return (
        f'<div class="wide"><table><thead><tr><th>{_e(label)}</th><th>n</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _charts(groups: Mapping[str, Mapping[str, Any]], metrics: list[str]) -> str:
    charts = []
    for metric in metrics:
        values = [(GROUP_LABELS.get(k, k), v.get(metric)) for k, v in groups.items()]
        if all(value is None for _, value in values):
            continue
        charts.append(
            f'<div class="chart"><h3>{_e(METRIC_LABELS[metric])}</h3>'
            f"{_bar_chart(metric, values)}</div>"
        )
    return f'<div class="charts">{"".join(charts)}</div>'


def _bar_chart(metric: str, values: list[tuple[str, float | None]]) -> str:
    """Horizontal bars, one per group; shares on a 0–100 % axis, latencies on 0–max."""
    label_w, bar_w, row_h, top = 120, 220, 22, 6
    latency = metric.endswith("_ms")
    target = TARGETS.get(metric)
    scale_max = 1.0
    if latency:
        candidates = [v for _, v in values if v is not None] + ([target[0]] if target else [])
        scale_max = max(candidates) or 1.0
    height = top * 2 + row_h * len(values)
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_w + bar_w + 70} {height}" '
        f'role="img" aria-label="{_e(METRIC_LABELS[metric])} je Gruppe">'
    ]
    for row, (name, value) in enumerate(values):
        y = top + row * row_h
        svg.append(
            f'<text x="{label_w - 6}" y="{y + 15}" font-size="12" text-anchor="end">'
            f"{_e(name)}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 6}" fill="#eef2f6"/>'
        )
        if value is not None:
            width = bar_w * min(value / scale_max, 1.0)
            colour = "#3b7dd8" if _verdict(metric, value) != "num bad" else "#d0574f"
            svg.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="{row_h - 6}" '
                f'fill="{colour}"/>'
            )
        svg.append(
            f'<text x="{label_w + bar_w + 6}" y="{y + 15}" font-size="12">'
            f"{_e(_format(metric, value))}</text>"
        )
    if target:
        x = label_w + bar_w * min(target[0] / scale_max, 1.0)
        svg.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - top}" stroke="#1d2733" '
            f'stroke-dasharray="3 3"><title>Ziel {_e(_target_text(metric))}</title></line>'
        )
    svg.append("</svg>")
    return "".join(svg)


def _ids(ids: Iterable[str]) -> str:
    ids = list(ids)
    return ", ".join(f"<code>{_e(i)}</code>" for i in ids) if ids else "–"


def _misses(misses: list[Mapping[str, Any]]) -> str:
    if not misses:
        return "<p>Keine Fehlschläge.</p>"
    rows = []
    for miss in misses:
        groups = [miss.get("type", ""), miss.get("audience", "")]
        labels = "".join(f"<br>{_e(GROUP_LABELS.get(g, g))}" for g in groups if g)
        cells = _answer_miss_cells(miss) if "expected" in miss else _retrieval_miss_cells(miss)
        rows.append(
            f"<tr><td><code>{_e(miss.get('id', ''))}</code>{labels}</td>"
            f"<td>{_e(miss.get('question', ''))}</td>{cells}</tr>"
        )
    return (
        "<table><thead><tr><th>Frage-Id</th><th>Frage</th><th>Erwartet</th><th>Gegeben</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _answer_miss_cells(miss: Mapping[str, Any]) -> str:
    expected, given = miss["expected"], miss["given"]
    facts = "".join(f"<li>{_e(f)}</li>" for f in expected.get("must_contain", []))
    reasons = "".join(f"<li>{_e(r)}</li>" for r in miss.get("reasons", []))
    return (
        f"<td>Projekte: {_ids(expected.get('gold', []))}"
        f"<br>Auch zulässig: {_ids(expected.get('acceptable', []))}"
        f"<br>Enthaltung erwartet: {'ja' if expected.get('should_abstain') else 'nein'}"
        + (f"<br>Fakten:<ul>{facts}</ul>" if facts else "")
        + "</td>"
        f'<td><div class="answer">{_e(given.get("answer", ""))}</div>'
        f"Zitiert: {_ids(given.get('citations', []))}"
        f"<br>Enthaltung: {'ja' if given.get('abstained') else 'nein'}"
        f'<ul class="reasons">{reasons}</ul></td>'
    )


def _retrieval_miss_cells(miss: Mapping[str, Any]) -> str:
    rank = miss.get("rank")
    return (
        f"<td>Projekte: {_ids(miss.get('gold', []))}"
        f"<br>Auch zulässig: {_ids(miss.get('acceptable', []))}</td>"
        f"<td>Rangfolge: {_ids(miss.get('ranked', []))}"
        f"<br>Erster Treffer auf Rang: {_e(rank) if rank else 'keiner'}</td>"
    )
