#!/usr/bin/env python3
"""Evaluates every PromQL expression of grafana/ through a running Prometheus that scrapes the platform.

Fails when an expression is invalid, names a metric the platform does not export, or (a dashboard panel whose
metrics are all exported) returns no series. Alert expressions compare against thresholds, so a healthy platform makes
them return nothing: for those each metric they name must have series. The Discord connector is off in this run; its
metrics (corvid_discord_*) are reported and checked by DiscordBotTest in the suite instead.

usage: promql_check.py PROMETHEUS_URL METRICS_URL REPO_ROOT
"""
import json
import re
import sys
import urllib.parse
import urllib.request
from pathlib import Path

KEYWORDS = {
    "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
    "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless",
    "rate", "irate", "increase", "delta", "idelta", "deriv", "histogram_quantile", "label_replace", "label_join",
    "avg_over_time", "max_over_time", "min_over_time", "sum_over_time", "count_over_time", "quantile_over_time",
    "last_over_time", "abs", "clamp_min", "clamp_max", "vector", "scalar", "time", "absent", "round", "ceil", "floor",
    "inf", "nan", "label_values",
}


def get(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read().decode()


def query(prom, expr):
    try:
        body = get(prom + "/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
    except urllib.error.HTTPError as e:
        return None, json.loads(e.read().decode()).get("error", str(e))
    data = json.loads(body)
    if data["status"] != "success":
        return None, data.get("error")
    return data["data"]["result"], None


def names_in(expr):
    """Metric names an expression selects (strings, label matchers, grouping clauses and ranges removed)."""
    e = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    e = re.sub(r"\{[^}]*\}", " ", e)
    e = re.sub(r"\[[^\]]*\]", " ", e)
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    found = set()
    for m in re.finditer(r"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(\s*\()?", e):
        name, call = m.group(1), m.group(2)
        if call or name in KEYWORDS:
            continue
        found.add(name)
    return found


def expressions(root):
    """(where, expression, kind) for every dashboard target, variable query and alert rule."""
    out = []
    for path in sorted((root / "grafana" / "dashboards").glob("*.json")):
        board = json.loads(path.read_text())
        for var in board.get("templating", {}).get("list", []):
            m = re.match(r"label_values\((\w+)", str(var.get("query", "")))
            if m:
                out.append((f"{path.name} variable {var['name']}", m.group(1), "variable"))
        for panel in board.get("panels", []):
            for t in panel.get("targets", []):
                out.append((f"{path.name} panel '{panel['title']}' {t['refId']}", t["expr"], "panel"))
    rules = (root / "grafana" / "alerts" / "corvid.rules.yml").read_text()
    # The rules file is YAML; its expressions are either one line or a folded block (>-) under `expr:`.
    lines = rules.splitlines()
    alert = None
    for i, line in enumerate(lines):
        m = re.match(r"\s*- alert: (\w+)", line)
        if m:
            alert = m.group(1)
        m = re.match(r"(\s*)expr: (.*)$", line)
        if m:
            indent, value = len(m.group(1)), m.group(2).strip()
            if value in (">-", ">", "|", "|-"):
                block = []
                for nxt in lines[i + 1:]:
                    if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                        break
                    block.append(nxt.strip())
                value = " ".join(block)
            out.append((f"alert {alert}", value, "alert"))
    return out


def main():
    prom, metrics_url, root = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    exported = set(re.findall(r"(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", get(metrics_url))) | {"up"}
    problems, report = [], []
    for where, expr, kind in expressions(root):
        concrete = expr.replace("$instance", ".*").replace("$__rate_interval", "1m").replace("${datasource}", "")
        names = names_in(concrete) if kind != "variable" else {concrete}
        missing = sorted(n for n in names if n not in exported)
        discord_only = [n for n in missing if n.startswith("corvid_discord_")]
        unknown = [n for n in missing if not n.startswith("corvid_discord_")]
        if unknown:
            problems.append(f"{where}: names metrics the platform does not export: {', '.join(unknown)}")
            continue
        if kind == "variable":
            result, error = query(prom, f"count({concrete})")
        else:
            result, error = query(prom, concrete)
        if error:
            problems.append(f"{where}: invalid: {error}\n    {concrete}")
            continue
        if discord_only:
            report.append(f"valid, Discord off   {where}")
            continue
        if kind == "alert":
            for name in sorted(names):
                series, error = query(prom, f"count({{__name__={json.dumps(name)}}})")
                if error or not series:
                    problems.append(f"{where}: {name} has no series in Prometheus")
            report.append(f"valid, {len(result)} firing  {where}")
        elif not result:
            problems.append(f"{where}: returns no series although its metrics are exported\n    {concrete}")
        else:
            report.append(f"{len(result):3d} series       {where}")
    print("\n".join(report))
    if problems:
        print("\nPROBLEMS:\n" + "\n".join(problems), file=sys.stderr)
        sys.exit(1)
    print(f"\nall {len(report)} expressions valid; every exported metric they read has series")


if __name__ == "__main__":
    main()
