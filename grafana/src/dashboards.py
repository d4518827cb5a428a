#!/usr/bin/env python3
"""Writes grafana/dashboards/corvid-overview.json and corvid-discord.json (the module dashboards are edited by hand).

Run from the repository root after changing a panel: python3 grafana/src/dashboards.py
"""
import json
from pathlib import Path

DS = {"type": "prometheus", "uid": "${datasource}"}
SEL = 'instance=~"$instance"'
API = 'uri!~"/q/.*"'


def module(expr):
    """Adds a `module` label from the request's uri (its route template)."""
    rules = [
        ("markov", "/api/v1/markov/.*"),
        ("embedding", "/v1/.*|/api/v1/embeddings.*|/embed.*|/tokenize.*|/info"),
        ("mlregistry", "/api/v1/registry.*|/api/2.0/mlflow/.*"),
        ("discord", "/api/v1/discord/.*"),
        ("platform", "/api/v1/(admin|platform).*"),
    ]
    for name, regex in rules:
        expr = f'label_replace({expr}, "module", "{name}", "uri", "{regex}")'
    return expr


def target(ref, expr, legend):
    return {"refId": ref, "expr": expr, "legendFormat": legend}


def panel(pid, title, x, y, targets, unit="short", kind="timeseries", w=12, h=8, description=None):
    p = {"id": pid, "type": kind, "title": title, "datasource": DS, "gridPos": {"x": x, "y": y, "w": w, "h": h},
         "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
         "targets": [target(chr(65 + i), e, l) for i, (e, l) in enumerate(targets)]}
    if description:
        p["description"] = description
    return p


def dashboard(uid, title, panels, instance_metric):
    return {"uid": uid, "title": title, "tags": ["corvid"], "schemaVersion": 39,
            "time": {"from": "now-6h", "to": "now"}, "refresh": "30s",
            "templating": {"list": [
                {"name": "datasource", "type": "datasource", "query": "prometheus"},
                {"name": "instance", "type": "query", "datasource": DS,
                 "query": f"label_values({instance_metric}, instance)", "includeAll": True, "multi": True,
                 "current": {"text": "All", "value": "$__all"}}]},
            "panels": panels}


def overview():
    count = f"rate(http_server_requests_seconds_count{{{API},{SEL}}}[5m])"
    errors = f'rate(http_server_requests_seconds_count{{{API},status=~"5..",{SEL}}}[5m])'
    client = f'rate(http_server_requests_seconds_count{{{API},status=~"4..",{SEL}}}[5m])'
    bucket = f"rate(http_server_requests_seconds_bucket{{{API},{SEL}}}[5m])"
    total = f"sum by (module) ({module(count)})"
    # `or … * 0`: a module with no 5xx shows 0, not a missing series.
    ratio = lambda part: f"(sum by (module) ({module(part)}) or {total} * 0) / {total}"
    quantile = lambda q: f"histogram_quantile({q}, sum by (le, module) ({module(bucket)}))"
    panels = [
        panel(1, "Ready", 0, 0, [(f'min by (instance) (corvid_platform_ready{{check="all",{SEL}}})', "{{instance}}")],
              kind="stat", w=6, description="1 while /q/health/ready is UP (corvid_platform_ready{check=\"all\"})."),
        panel(2, "Readiness checks", 6, 0,
              [(f'min by (check) (corvid_platform_ready{{check!="all",{SEL}}})', "{{check}}")], w=18,
              description="One line per readiness check: the database, each module's schema, each Discord shard."),
        panel(3, "Requests per module", 0, 8, [(total, "{{module}}")], unit="reqps"),
        panel(4, "Error ratio per module", 12, 8,
              [(ratio(errors), "5xx {{module}}"), (ratio(client), "4xx {{module}}")], unit="percentunit"),
        panel(5, "Latency per module (p50, p95, p99)", 0, 16,
              [(quantile(0.5), "p50 {{module}}"), (quantile(0.95), "p95 {{module}}"),
               (quantile(0.99), "p99 {{module}}")], unit="s", w=24),
        panel(6, "JVM heap", 0, 24,
              [(f'sum by (instance) (jvm_memory_used_bytes{{area="heap",{SEL}}})', "used {{instance}}"),
               (f'sum by (instance) (jvm_memory_committed_bytes{{area="heap",{SEL}}})', "committed {{instance}}")],
              unit="bytes"),
        panel(7, "GC pauses", 12, 24,
              [(f"sum by (instance) (rate(jvm_gc_pause_seconds_sum{{{SEL}}}[5m]))", "time in GC {{instance}}"),
               (f"max by (instance) (jvm_gc_pause_seconds_max{{{SEL}}})", "longest pause {{instance}}")],
              unit="s"),
        panel(8, "Process memory (RSS)", 0, 32,
              [(f"max by (instance) (process_resident_memory_bytes{{{SEL}}})", "RSS {{instance}}"),
               (f"sum by (instance) (corvid_markov_cache_bytes{{{SEL}}})", "Markov chains {{instance}}")],
              unit="bytes", description="Resident set size of the whole process (heap, native ONNX Runtime, "
                                        "metaspace); the 512 MB figure of docs/benchmarks/embedding-rss.md."),
        panel(9, "CPU", 12, 32,
              [(f"max by (instance) (process_cpu_usage{{{SEL}}})", "process {{instance}}"),
               (f"max by (instance) (system_cpu_usage{{{SEL}}})", "system {{instance}}")], unit="percentunit"),
        panel(10, "Database pool", 0, 40,
              [(f"sum by (instance) (sql_pool_active{{{SEL}}})", "in use {{instance}}"),
               (f"sum by (instance) (sql_pool_idle{{{SEL}}})", "idle {{instance}}"),
               (f"sum by (instance) (sql_pool_queue_size{{{SEL}}})", "waiting {{instance}}")]),
        panel(11, "Database pool wait", 12, 40,
              [(f"sum by (instance) (rate(sql_pool_queue_delay_seconds_sum{{{SEL}}}[5m])) / "
                f"sum by (instance) (rate(sql_pool_queue_delay_seconds_count{{{SEL}}}[5m]))", "mean {{instance}}"),
               (f"max by (instance) (sql_pool_queue_delay_seconds_max{{{SEL}}})", "max {{instance}}")], unit="s"),
    ]
    return dashboard("corvid-overview", "Corvid / Overview", panels, "corvid_platform_ready")


def discord():
    latency = f"rate(corvid_discord_reply_latency_seconds_bucket{{{SEL}}}[5m])"
    panels = [
        panel(1, "Shards connected", 0, 0,
              [(f"sum by (instance) (corvid_discord_shards_connected{{{SEL}}})", "connected {{instance}}"),
               (f"sum by (instance) (corvid_discord_shards_configured{{{SEL}}})", "configured {{instance}}")]),
        panel(2, "Gateway ping", 12, 0,
              [(f"max by (shard) (corvid_discord_gateway_ping_milliseconds{{{SEL}}})", "shard {{shard}}")],
              unit="ms"),
        panel(3, "Gateway events", 0, 8,
              [(f"sum by (type) (rate(corvid_discord_gateway_events_total{{{SEL}}}[5m]))", "{{type}}")],
              unit="ops"),
        panel(4, "Replies by trigger", 12, 8,
              [(f"sum by (trigger) (rate(corvid_discord_replies_total{{{SEL}}}[5m]))", "{{trigger}}")], unit="ops"),
        panel(5, "Reply latency (event received → Discord accepted the reply)", 0, 16,
              [(f"histogram_quantile(0.5, sum by (le, trigger) ({latency}))", "p50 {{trigger}}"),
               (f"histogram_quantile(0.99, sum by (le, trigger) ({latency}))", "p99 {{trigger}}")], unit="s"),
        panel(6, "Commands", 12, 16,
              [(f"sum by (command, outcome) (rate(corvid_discord_commands_total{{{SEL}}}[5m]))",
                "{{command}} {{outcome}}")], unit="ops"),
        panel(7, "Learned live", 0, 24,
              [(f"sum(rate(corvid_discord_learned_total{{{SEL}}}[5m]))", "messages/s")], unit="ops"),
        panel(8, "Backfill (/train)", 12, 24,
              [(f"sum(rate(corvid_discord_backfill_messages_total{{{SEL}}}[5m]))", "messages/s"),
               (f"sum(rate(corvid_discord_backfill_pages_total{{{SEL}}}[5m]))", "pages/s")], unit="ops"),
        panel(9, "REST 429s", 0, 32,
              [(f"sum by (instance) (rate(corvid_discord_rest_rate_limited_total{{{SEL}}}[5m]))", "{{instance}}")],
              unit="ops", description="JDA waits for Retry-After and tries again."),
    ]
    return dashboard("corvid-discord", "Corvid / Discord", panels, "corvid_discord_shards_configured")


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "dashboards"
    for name, board in (("corvid-overview.json", overview()), ("corvid-discord.json", discord())):
        (out / name).write_text(json.dumps(board, indent=2, ensure_ascii=False) + "\n")
        print("wrote", out / name)
