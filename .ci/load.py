#!/usr/bin/env python3
"""Load and soak test: mixed traffic (pages, search, assessments, wizard steps and results,
sign-in attempts, stored results) from many connections against the release server on a fresh
SQLite database. Fails on any 5xx answer, on socket errors, when the server's resident memory
goes over a bound, or when memory keeps growing through the soak. Also measures the database
growth per anonymous request. Run through `.ci/load`.
"""
import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the harness's server start, fetch and /proc readers)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--server", default="target/release/server")
    p.add_argument("--site", default="target/site")
    p.add_argument("--port", type=int, default=3250)
    p.add_argument("--duration", type=int, default=60, help="seconds of the load run")
    p.add_argument("--conns", type=int, default=256, help="connections of the load run")
    p.add_argument("--soak", type=int, default=int(os.environ.get("SOAK_SECONDS", "60")),
                   help="seconds of the soak (SOAK_SECONDS; 600 for the full soak)")
    p.add_argument("--soak-conns", type=int, default=64)
    p.add_argument("--max-rss-mb", type=float, default=512.0, help="bound on peak resident memory")
    p.add_argument("--growth", type=int, default=100, help="wizards for the growth figure")
    p.add_argument("--out", default="target/load/report.md")
    return p.parse_args()


ORIGIN_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def prepare(base):
    """Requests of the mix: a wizard session, a stored result and the applicants."""
    people = bench.applicants(base)
    _, _, body = bench.fetch(base, "/api/v1/measures?per_page=3")
    measure = json.loads(body)["measures"][0]["id"]
    form = b"session=&step=applicant&go=next&answers%5Bapplicant_kind%5D=enterprise"
    _, h, _ = bench.fetch(base, "/api/fn/save_step", "POST", form, dict(ORIGIN_FORM, Origin=base))
    location = {k.lower(): v for k, v in h.items()}.get("location", "")
    session = location.split("/")[2]
    _, h, _ = bench.fetch(base, "/api/fn/finish_wizard", "POST", f"session={session}".encode(),
                          dict(ORIGIN_FORM, Origin=base))
    result = {k.lower(): v for k, v in h.items()}["location"].split("/")[-1]
    return people, measure, session, result


def lua_script(base, people, measure, session, result):
    """A wrk script cycling through the weighted mix and counting answers by class."""
    origin = f'["Origin"] = "{base}", ["Content-Type"] = "application/x-www-form-urlencoded"'
    html = '["Accept"] = "text/html"'
    jsonh = '["Content-Type"] = "application/json"'
    typical = json.dumps({"facts": people["typical"]})
    full = json.dumps({"facts": people["full"]})
    mix = [
        # (weight, method, path, headers, body)
        (3, "GET", "/", html, None),
        (3, "GET", "/measures", html, None),
        (3, "GET", f"/measures/{measure}", html, None),
        (2, "GET", "/measures?q=patent", html, None),
        (2, "GET", "/api/v1/measures?page=2", "", None),
        (3, "POST", "/api/v1/assess?view=summary", jsonh, typical),
        (2, "POST", "/api/v1/assess", jsonh, full),
        (3, "POST", "/api/fn/save_step", origin,
         "session=&step=applicant&go=next&answers%5Bapplicant_kind%5D=enterprise"),
        (3, "POST", "/api/fn/save_step", origin,
         f"session={session}&step=location&go=next&answers%5Blocated_in_nanjing%5D=true"),
        (2, "POST", "/api/fn/finish_wizard", origin, f"session={session}"),
        (2, "GET", f"/wizard/{session}/company", html, None),
        (2, "GET", f"/api/v1/results/{result}", "", None),
        (2, "GET", f"/results/{result}", html, None),
        (2, "POST", "/api/fn/sign_in", origin, "email=load%40example.org&password=wrong-password"),
        (1, "GET", "/readyz", "", None),
    ]
    only = os.environ.get("LOAD_ONLY", "")
    entries = []
    for weight, method, path, headers, body in mix:
        if only and only not in path:
            continue
        b = "nil" if body is None else f"[==[{body}]==]"
        entries += [f'wrk.format("{method}", "{path}", {{{headers}}}, {b})'] * weight
    return """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  reqs = { %s }
  i = math.random(#reqs)
  s2, s3, s4, s429, s5 = 0, 0, 0, 0, 0
end
function request()
  i = i %% #reqs + 1
  return reqs[i]
end
function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
end
function done(summary, latency, requests)
  local t = {0, 0, 0, 0, 0}
  for _, th in ipairs(threads) do
    t[1] = t[1] + th:get("s2"); t[2] = t[2] + th:get("s3"); t[3] = t[3] + th:get("s4")
    t[4] = t[4] + th:get("s429"); t[5] = t[5] + th:get("s5")
  end
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%d %%.0f %%.0f\\n", summary.requests,
    summary.duration, e.connect + e.read + e.write + e.timeout, t[1], t[2], t[3], t[4], t[5],
    latency:percentile(50), latency:percentile(99)))
  io.write(string.format("SOCKET connect %%d read %%d write %%d timeout %%d\\n", e.connect, e.read,
    e.write, e.timeout))
end
""" % ",\n    ".join(entries)


class Sampler:
    """Samples the server's resident memory every quarter second."""

    def __init__(self, pid):
        self.pid, self.samples, self.stop = pid, [], threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop.is_set():
            self.samples.append((time.time(), bench.memory_mb(self.pid, "VmRSS")))
            time.sleep(0.25)

    def finish(self):
        self.stop.set()
        self.thread.join()
        return self.samples


def run_wrk(base, script_path, conns, duration):
    out = subprocess.run(
        ["wrk", f"-t{min(2, conns)}", f"-c{conns}", f"-d{duration}s", "--timeout", "20s",
         "-s", script_path, base + "/"],
        capture_output=True, text=True)
    line = next((l for l in out.stdout.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        sys.exit(f"wrk failed: {out.stdout}{out.stderr}")
    v = [int(float(x)) for x in line.split()[1:]]
    sock = next((l for l in out.stdout.splitlines() if l.startswith("SOCKET ")), "")
    print(f"  wrk socket errors: {sock}", flush=True)
    keys = ["requests", "micros", "socket_errors", "2xx", "3xx", "4xx", "429", "5xx", "p50", "p99"]
    return dict(zip(keys, v))


def used_bytes(db_path):
    """Bytes the SQLite database uses (its pages minus free ones), WAL included."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        page = con.execute("PRAGMA page_size").fetchone()[0]
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        free = con.execute("PRAGMA freelist_count").fetchone()[0]
        return (pages - free) * page
    finally:
        con.close()


def growth(base, db_path, n):
    """Database bytes per anonymous wizard (a new session with one answer, finished twice)."""
    before = used_bytes(db_path)
    for _ in range(n):
        form = b"session=&step=applicant&go=next&answers%5Bapplicant_kind%5D=enterprise"
        _, h, _ = bench.fetch(base, "/api/fn/save_step", "POST", form, dict(ORIGIN_FORM, Origin=base))
        session = {k.lower(): v for k, v in h.items()}.get("location", "").split("/")[2]
        for _ in range(2):
            bench.fetch(base, "/api/fn/finish_wizard", "POST", f"session={session}".encode(),
                        dict(ORIGIN_FORM, Origin=base))
    return (used_bytes(db_path) - before) / n


def main():
    args = parse_args()
    work = tempfile.mkdtemp(prefix="policy-load-")
    os.environ["ANONYMOUS_NEW_PER_MINUTE"] = "1000000"
    proc, base, _ = bench.start_server(args, work)
    failures, lines = [], []
    try:
        people, measure, session, result = prepare(base)
        script = os.path.join(work, "mix.lua")
        with open(script, "w") as f:
            f.write(lua_script(base, people, measure, session, result))
        db_path = os.path.join(work, "bench.sqlite")
        per_wizard = growth(base, db_path, args.growth)
        lines.append(f"- database growth per anonymous wizard (new session, one answer, "
                     f"finished twice): **{per_wizard / 1024:.1f} KB**")

        start_rss = bench.memory_mb(proc.pid, "VmRSS")
        for name, conns, duration in [("load", args.conns, args.duration),
                                      ("soak", args.soak_conns, args.soak)]:
            if duration <= 0:
                continue
            sampler = Sampler(proc.pid)
            r = run_wrk(base, script, conns, duration)
            samples = sampler.finish()
            peak = max(m for _, m in samples)
            rps = r["requests"] / (r["micros"] / 1e6)
            lines.append(
                f"- {name}: {conns} connections for {duration} s: {r['requests']} requests "
                f"({rps:.0f}/s), 2xx {r['2xx']}, 3xx {r['3xx']}, 4xx {r['4xx']}, 429 {r['429']}, "
                f"**5xx {r['5xx']}**, socket errors {r['socket_errors']}, p50 {r['p50'] / 1000:.1f} ms, "
                f"p99 {r['p99'] / 1000:.1f} ms; RSS at start {start_rss:.0f} MB, **peak {peak:.0f} MB**, "
                f"at end {samples[-1][1]:.0f} MB")
            if r["5xx"]:
                failures.append(f"{name}: {r['5xx']} answers were 5xx")
            if r["socket_errors"]:
                failures.append(f"{name}: {r['socket_errors']} socket errors")
            if peak > args.max_rss_mb:
                failures.append(f"{name}: peak RSS {peak:.0f} MB over {args.max_rss_mb:.0f} MB")
            if name == "soak":
                # Flat: the last fifth of the soak may not be above the second fifth by more
                # than a tenth (or 16 MB), once allocator warm-up is over.
                fifth = max(1, len(samples) // 5)
                early = max(m for _, m in samples[fifth:2 * fifth])
                late = max(m for _, m in samples[-fifth:])
                lines.append(f"- soak memory: second fifth peak {early:.0f} MB, last fifth peak "
                             f"{late:.0f} MB")
                if late > max(early * 1.10, early + 16):
                    failures.append(f"soak: memory grew from {early:.0f} to {late:.0f} MB")
        alive = bench.fetch(base, "/healthz")[0] == 200
        if not alive:
            failures.append("the server no longer answers /healthz")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("# Load and soak\n\n" + "\n".join(lines) + "\n")
    print("\n".join(lines))
    if failures:
        print("FAILED: " + "; ".join(failures))
        sys.exit(1)
    print("load and soak: passed")


if __name__ == "__main__":
    main()
