#!/usr/bin/env python3
"""Load harness: starts the release server on a fresh SQLite database, drives fixed scenarios
with wrk (loopback) at several connection counts, with and without compression, and writes a
Markdown table: requests per second, latency p50/p99, errors, server CPU per request, the
server's resident memory, the bytes of one response on the wire, and each row's throughput as a
ratio to the floor (a static file of the same size and encoding, served by the same server).

A benchmark, not a test: nothing here fails on a figure. Run it through `.ci/bench`, which
installs wrk and builds the release site first.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

CLK_TCK = os.sysconf("SC_CLK_TCK")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--server", default="target/release/server", help="server binary")
    p.add_argument("--site", default="target/site", help="built site folder")
    p.add_argument("--port", type=int, default=3200)
    p.add_argument("--duration", type=int, default=5, help="seconds per run")
    p.add_argument("--conns", default="16,64,256", help="connection counts, comma-separated")
    p.add_argument("--only", default="", help="run only scenarios whose name contains this")
    p.add_argument("--out", default="target/bench/report.md", help="where the table is written")
    p.add_argument("--label", default="", help="a title for the report (e.g. a commit)")
    return p.parse_args()


def fetch(base, path, method="GET", body=None, headers=None):
    """One request without following redirects: (status, headers, raw body bytes)."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    req = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def start_server(args, workdir):
    site = os.path.join(workdir, "site")
    shutil.copytree(args.site, site)
    env = dict(os.environ)
    env.update({
        "LEPTOS_ENV": "PROD",
        "LEPTOS_SITE_ROOT": site,
        "LEPTOS_SITE_ADDR": f"127.0.0.1:{args.port}",
        "DATABASE_URL": f"sqlite://{workdir}/bench.sqlite?mode=rwc",
        "UPLOAD_DIR": os.path.join(workdir, "uploads"),
        "RUST_LOG": "warn",
    })
    log = open(os.path.join(workdir, "server.log"), "w")
    proc = subprocess.Popen([args.server, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{args.port}"
    for _ in range(300):
        if proc.poll() is not None:
            sys.exit(f"the server stopped at start-up; see {workdir}/server.log")
        try:
            if fetch(base, "/healthz")[0] == 200:
                return proc, base, site
        except OSError:
            pass
        time.sleep(0.1)
    proc.kill()
    sys.exit("the server did not answer /healthz within 30 s")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def memory_mb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


LUA = """
local body_file = "%(body)s"
wrk.method = "%(method)s"
%(headers)s
if body_file ~= "" then
  local f = io.open(body_file, "rb"); wrk.body = f:read("*a"); f:close()
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%.0f %%.0f\\n", summary.requests,
    summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
"""


def run_wrk(base, workdir, sc, encoding, conns, duration, pid):
    headers = dict(sc.get("headers", {}))
    if encoding != "identity":
        headers["Accept-Encoding"] = encoding
    body_path = ""
    if sc.get("body") is not None:
        body_path = os.path.join(workdir, "body.json")
        with open(body_path, "wb") as f:
            f.write(sc["body"])
    lua_path = os.path.join(workdir, "scenario.lua")
    with open(lua_path, "w") as f:
        f.write(LUA % {
            "body": body_path,
            "method": sc.get("method", "GET"),
            "headers": "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()),
        })
    threads = min(2, conns)
    cpu0 = cpu_seconds(pid)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{conns}", f"-d{duration}s", "--timeout", "10s",
         "-s", lua_path, base + sc["path"]],
        capture_output=True, text=True)
    cpu = cpu_seconds(pid) - cpu0
    line = next((l for l in out.stdout.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        sys.exit(f"wrk failed on {sc['name']}: {out.stdout}{out.stderr}")
    reqs, micros, socket_errors, status_errors, p50, p99 = (int(float(x)) for x in line.split()[1:])
    return {
        "rps": reqs / (micros / 1e6),
        "p50": p50 / 1000,
        "p99": p99 / 1000,
        "errors": f"{socket_errors}/{status_errors}",
        "cpu_ms": 1000 * cpu / max(reqs, 1),
        "rss": memory_mb(pid, "VmRSS"),
    }


def probe(base, sc, encoding):
    """One request as the scenario sends it: checks the status and returns the wire size and
    the encoding the server chose."""
    headers = dict(sc.get("headers", {}))
    if encoding != "identity":
        headers["Accept-Encoding"] = encoding
    status, h, body = fetch(base, sc["path"], sc.get("method", "GET"), sc.get("body"), headers)
    expected = sc.get("status", 200)
    if status != expected:
        print(f"skipped {sc['name']} ({encoding}): expected {expected}, got {status}: "
              f"{body[:200]!r}", flush=True)
        return None
    lower = {k.lower(): v for k, v in h.items()}
    return len(body), lower.get("content-encoding", "identity")


def applicants(base):
    """A minimal, a typical and a full applicant, read from the facts the server declares."""
    status, _, body = fetch(base, "/api/v1/facts")
    facts = json.loads(body)
    if isinstance(facts, dict):
        facts = facts.get("facts", [])

    def rich(f):
        t = f["type"]
        if t == "bool":
            return True
        if t == "money":
            return min(5_000_000, f.get("max") or 5_000_000)
        if t in ("count", "percent"):
            return min(6, f.get("max") or 6)
        options = [o["value"] for o in f.get("options", []) if o["value"] != "none"]
        if t == "one_of":
            return options[0] if options else None
        if t == "set_of":
            return options
        if t == "date":
            return "2020-01-01"
        if t == "list":
            return [{x["name"]: rich(x) for x in f.get("fields", [])} for _ in range(2)]
        return None

    # Full: every fact answered (yes, 5 million, 6, the first option, every option, two
    # entries per list), as the engine's criterion benchmark does. Typical: an enterprise that
    # answered the first 24 questions (who it is, where, the company, its R&D). Minimal: only
    # "an enterprise".
    full = {f["name"]: rich(f) for f in facts}
    typical = {f["name"]: full[f["name"]] for f in facts[:24]}
    typical["applicant_kind"] = "enterprise"
    minimal = {"applicant_kind": "enterprise"}
    return {"minimal": minimal, "typical": typical, "full": full}


def scenarios(base, site):
    people = applicants(base)
    status, _, body = fetch(base, "/api/v1/measures?per_page=1")
    measure = json.loads(body)["measures"][0]["id"]
    # A wizard session with one answer saved, as the form posts it.
    form = b"session=&step=applicant&go=next&answers%5Bapplicant_kind%5D=enterprise"
    # From a page of the site, as a browser sends it: other origins are refused.
    _, h, _ = fetch(base, "/api/fn/save_step", "POST", form,
                    {"Content-Type": "application/x-www-form-urlencoded", "Origin": base})
    wizard_step = {k.lower(): v for k, v in h.items()}.get("location", "/wizard")
    # Floors: static files the same size as the pages and answers they are compared with.
    floors = {}

    def floor(name, path, method="GET", body=None, headers=None):
        _, _, content = fetch(base, path, method, body, headers or {})
        fname = f"bench-floor-{name}.html"
        with open(os.path.join(site, fname), "wb") as f:
            f.write(content)
        floors[name] = "/" + fname
        return name

    json_h = {"Content-Type": "application/json"}
    out = []

    def add(name, path, floor_name, encodings=("identity", "br"), **kw):
        out.append(dict(name=name, path=path, floor=floor_name, encodings=encodings, **kw))

    for who in ("minimal", "typical", "full"):
        for view in ("full", "summary"):
            body = json.dumps({"facts": people[who]}).encode()
            path = f"/api/v1/assess?view={view}"
            f = floor(f"assess-{who}-{view}", path, "POST", body, json_h)
            encs = ("identity", "gzip", "br") if who == "full" else ("identity", "br")
            add(f"assess {who} ({len(people[who])} facts), {view}", path, f, encs,
                method="POST", body=body, headers=json_h)
    past = json.dumps({"facts": people["full"], "as_of": "2021-01-01"}).encode()
    for view in ("full", "summary"):
        path = f"/api/v1/assess?view={view}"
        f = floor(f"assess-past-{view}", path, "POST", past, json_h)
        add(f"assess full, as_of 2021-01-01, {view}", path, f, method="POST", body=past,
            headers=json_h)
    add("GET /measures (SSR)", "/measures", floor("measures", "/measures"))
    add("GET /measures/{id} (SSR)", f"/measures/{measure}", floor("measure", f"/measures/{measure}"))
    add("GET wizard step (SSR)", wizard_step, floor("wizard", wizard_step))
    add("GET /api/v1/measures?q=patent", "/api/v1/measures?q=patent",
        floor("search", "/api/v1/measures?q=patent"))
    add("GET /healthz (floor of floors)", "/healthz", None, ("identity",))
    return out, floors


def main():
    args = parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (run .ci/bench, which installs it)")
    conns = [int(c) for c in args.conns.split(",") if c]
    workdir = tempfile.mkdtemp(prefix="policy-bench-")
    proc, base, site = start_server(args, workdir)
    rows = []
    try:
        scs, floors = scenarios(base, site)
        # Static files served by the same server: the wasm bundle and the stylesheet (the
        # stylesheet on one kept-alive connection, where a Nagle stall would show).
        _, _, home = fetch(base, "/")
        pkg = "/pkg"
        marker = b'rel="modulepreload" href="'
        if marker in home:
            start = home.index(marker) + len(marker)
            href = home[start:home.index(b'"', start)].decode()
            pkg = href.rsplit("/", 1)[0]
        scs.append(dict(name="static: the wasm bundle", path=f"{pkg}/policy-portal.wasm",
                        floor=None, encodings=("identity", "br")))
        scs.append(dict(name="static: the stylesheet, 1 connection",
                        path=f"{pkg}/policy-portal.css", floor=None,
                        encodings=("identity", "br"), conns=[1]))
        for name, path in floors.items():
            # Each floor in the encodings of the rows compared with it.
            encs = {e for sc in scs if sc.get("floor") == name for e in sc["encodings"]}
            scs.append(dict(name=f"floor: {name}", path=path, floor=None,
                            encodings=tuple(e for e in ("identity", "gzip", "br") if e in encs),
                            is_floor=name))
        floor_rps = {}
        # Floors first, so every other row can be read as a ratio to them.
        scs.sort(key=lambda s: 0 if s.get("is_floor") else 1)
        for sc in scs:
            if args.only and args.only not in sc["name"] and not sc.get("is_floor"):
                continue
            if args.only and sc.get("is_floor") and not any(
                    args.only in s["name"] and s.get("floor") == sc["is_floor"] for s in scs):
                continue
            for enc in sc["encodings"]:
                probed = probe(base, sc, enc)
                if probed is None:
                    continue
                size, chosen = probed
                for c in sc.get("conns", conns):
                    r = run_wrk(base, workdir, sc, enc, c, args.duration, proc.pid)
                    if sc.get("is_floor"):
                        floor_rps[(sc["is_floor"], enc, c)] = r["rps"]
                    f = floor_rps.get((sc.get("floor"), enc, c))
                    r.update(name=sc["name"], enc=chosen,
                             asked=enc, conns=c, size=size,
                             ratio=(r["rps"] / f) if f else None)
                    rows.append(r)
                    print(f"{sc['name']:<48} {enc:<8} c={c:<4} {r['rps']:>9.0f} req/s "
                          f"p50 {r['p50']:.2f} ms p99 {r['p99']:.2f} ms err {r['errors']} "
                          f"cpu {r['cpu_ms']:.3f} ms/req", flush=True)
        peak = memory_mb(proc.pid, "VmHWM")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    lines = [
        f"# Load harness{(': ' + args.label) if args.label else ''}",
        "",
        f"{os.cpu_count()} cores, wrk on loopback, {args.duration} s per row, release build, "
        f"SQLite; server peak RSS {peak:.0f} MB.",
        "`ratio` is the row's throughput over a static file of the same bytes and encoding "
        "served by the same server at the same connections.",
        "",
        "| scenario | encoding | conns | req/s | p50 ms | p99 ms | errors (socket/status) | CPU ms/req | RSS MB | bytes | ratio |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else ""
        lines.append(
            f"| {r['name']} | {r['enc']} | {r['conns']} | {r['rps']:.0f} | {r['p50']:.2f} | "
            f"{r['p99']:.2f} | {r['errors']} | {r['cpu_ms']:.3f} | {r['rss']:.0f} | "
            f"{r['size']} | {ratio} |")
    report = "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        f.write(report)
    print()
    print(report)
    print(f"written to {args.out}")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
