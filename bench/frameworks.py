"""Side by side: the same comparison job with finagent, smolagents, PydanticAI and the OpenAI
Agents SDK, each a whole process against the same local stand-ins.

    python bench/frameworks.py [--runs 5] [--fmp-latency 0.1] [--model-latency 0.5]
                               [--systems finagent,smolagents,pydantic-ai,openai-agents]
                               [--prefetch 0|1 | --prefetch-both] [--no-cache] [--no-extras]
                               [--no-guard] [--json FILE]

The job: "Compare the investment potential of Microsoft (MSFT) and Google (GOOGL) over the next
3 years". finagent runs as ``finagent ask "..." --json``; the frameworks run the scripts in
``bench/jobs/`` (atomic FMP tools returning FMP's JSON: quote, profile, three income statements,
TTM ratios, a year of daily prices, per company), each in its own venv made by
``bench/setup_frameworks.sh`` (never a dependency of finagent). Frameworks whose venv is absent
are skipped with a message.

Stand-ins, started once, in this process (threads):
- FMP: finagent's ``FMPStandIn`` (the offline snapshot over HTTP), ``--fmp-latency`` per call;
  TTM ratios and price targets from fixtures (the snapshot lacks them), daily prices re-dated so
  the snapshot's last bar is last week (so "the last N years" asks for data that exists).
- Model: finagent's ``OpenAIStubServer``, ``--model-latency`` per call, answering every system
  alike: first the tool calls (finagent: one ``company_comparison``; the others: the ten atomic
  calls in one reply, so a framework may run them in parallel), then the answer (for smolagents,
  whose ToolCallingAgent answers through its ``final_answer`` tool, as that tool call).

Every benchmarked process loads a network guard (a ``sitecustomize`` on ``PYTHONPATH``): a
connection or name lookup beyond 127.0.0.1, such as telemetry or a trace export, is refused and
fails the run (``--no-guard`` leaves it out).

Printed per system: wall time (median of N interleaved runs, min, max), model calls, prompt
tokens (characters / 4 of the messages and tool schemas of every request, counted by the stub
the same way for all), data calls (counted by the FMP stand-in), the time from process start to
the first model request, from the end of the last data call to process exit, and from the last
model reply to process exit; then finagent's time as a ratio of each system's and of the fastest.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from finagent.app.builder import ENV_NAMES  # noqa: E402
from finagent.testing.fmp import FMPStandIn  # noqa: E402
from finagent.testing.openai_server import OpenAIStubServer  # noqa: E402
from finagent.testing.servers import Request, Response, json_response  # noqa: E402

QUESTION = (
    "Compare the investment potential of Microsoft (MSFT) and Google (GOOGL) over the next 3 years"
)
SYMBOLS = ("MSFT", "GOOGL")
ANSWER = (
    "## Microsoft vs Alphabet\n\n"
    "Microsoft's operating margin was 41.8% in FY2023, against 27.4% for Alphabet; Alphabet grew "
    "revenue faster (8.7% vs 6.9% year over year). Over the last three years Microsoft's shares "
    "returned more with a smaller drawdown, and Alphabet trades at the lower P/E.\n\n"
    "Both look financially strong; which fits better depends on the weight given to margins "
    "versus valuation. Not investment advice."
)
MARKER = "Microsoft vs Alphabet"  # every system's output must carry the stub's answer
VENVS = ROOT / "bench" / ".venv-frameworks"
JOBS = ROOT / "bench" / "jobs"
SETUP = "bash bench/setup_frameworks.sh"
FRAMEWORKS = {  # name -> job script; the venv is VENVS / name
    "smolagents": "smolagents_job.py",
    "pydantic-ai": "pydantic_ai_job.py",
    "openai-agents": "openai_agents_job.py",
}
FRAMEWORK_MODULES = {
    "smolagents": "smolagents",
    "pydantic-ai": "pydantic_ai",
    "openai-agents": "agents",
}
# Telemetry and tracing off, by each library's documented switch (the job scripts also switch
# off in code what has a code switch). Harmless where a library does not read them.
TELEMETRY_OFF = {
    "HF_HUB_DISABLE_TELEMETRY": "1",  # huggingface_hub (a smolagents dependency)
    "OPENAI_AGENTS_DISABLE_TRACING": "1",  # OpenAI Agents SDK (exports traces by default)
    "OTEL_SDK_DISABLED": "true",  # any OpenTelemetry SDK (none is installed)
}
# Loaded into every benchmarked process (a sitecustomize on PYTHONPATH): any connection or name
# lookup beyond the loopback stand-ins (telemetry, tracing export, a hub) is refused and
# reported on stderr, and the harness then fails that run.
NETWORK_GUARD = """
import os, socket, sys
_LOCAL = ("127.0.0.1", "::1", "localhost")
_connect, _lookup = socket.socket.connect, socket.getaddrinfo
def _refuse(what, host):
    sys.stderr.write(f"bench-guard: refused a non-loopback {what} to {host!r}\\n")
    raise OSError(f"bench network guard: no {what} to {host!r}")
def connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if self.family in (socket.AF_INET, socket.AF_INET6) and host not in _LOCAL:
        _refuse("connection", host)
    return _connect(self, address)
def getaddrinfo(host, *args, **kwargs):
    if host not in _LOCAL and host is not None:
        _refuse("name lookup", host)
    return _lookup(host, *args, **kwargs)
socket.socket.connect, socket.getaddrinfo = connect, getaddrinfo
"""
GUARD_MARK = "bench-guard:"
OPENAI_KEY = "bench-openai-key"
FMP_KEY = "bench-fmp-key"
MODEL = "bench-model"


# --- stand-ins -------------------------------------------------------------------------------


def _now() -> float:
    return time.perf_counter()


class TimedFMP(FMPStandIn):
    """The FMP stand-in, also logging when each data call arrived and was answered."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.log: list[tuple[float, float, str, int]] = []  # (arrived, answered, path, status)
        self._log_lock = threading.Lock()

    def _handle(self, request: Request) -> Response:
        arrived = _now()
        response = super()._handle(request)
        if request.path != "/__stats":
            with self._log_lock:
                self.log.append((arrived, _now(), request.path, response[0]))
        return response


class TimedModel(OpenAIStubServer):
    """The model stand-in, also logging each request's arrival, answer and prompt size."""

    def __init__(self, reply: Any, **options: Any) -> None:
        super().__init__(reply, **options)
        self.log: list[dict[str, Any]] = []
        self._log_lock = threading.Lock()

    def _handle(self, request: Request) -> Response:
        arrived = _now()
        response = super()._handle(request)
        body = request.json() if request.body else {}
        messages, tools = body.get("messages") or [], body.get("tools") or []
        entry = {
            "arrived": arrived,
            "answered": _now(),
            "status": response[0],
            # the same count for every system: characters / 4 of what the model would read
            "prompt_tokens": (len(json.dumps(messages)) + len(json.dumps(tools))) // 4,
            "tool_schema_tokens": len(json.dumps(tools)) // 4,
        }
        with self._log_lock:
            self.log.append(entry)
        return response


def atomic_calls(today: date) -> list[tuple[str, dict[str, Any]]]:
    """The first reply to the frameworks: every atomic call for both companies at once."""
    start, end = (today - timedelta(days=365)).isoformat(), today.isoformat()
    calls: list[tuple[str, dict[str, Any]]] = []
    for symbol in SYMBOLS:
        calls += [
            ("get_quote", {"symbol": symbol}),
            ("get_profile", {"symbol": symbol}),
            ("get_income_statements", {"symbol": symbol, "limit": 3}),
            ("get_ratios_ttm", {"symbol": symbol}),
            ("get_price_history", {"symbol": symbol, "start": start, "end": end}),
        ]
    return calls


def model_reply(today: date):
    """One reply function for every system: tool calls first, the answer once tools answered."""
    atomic = atomic_calls(today)
    comparison = [("company_comparison", {"symbols": list(SYMBOLS), "time_horizon": "3 years"})]

    def reply(body: dict[str, Any]) -> Any:
        names = {t["function"]["name"] for t in body.get("tools") or []}
        if not names:  # the bare-client floor: one plain request
            return ANSWER
        # smolagents sends tool results back as assistant/user text, the others as role "tool"
        answered = any(m.get("role") in ("assistant", "tool") for m in body["messages"])
        if answered:
            if "final_answer" in names:  # smolagents' ToolCallingAgent answers through a tool
                return [("final_answer", {"answer": ANSWER})]
            return ANSWER
        if "company_comparison" in names:
            return comparison
        if {name for name, _ in atomic} <= names:
            return atomic
        return 400, {"error": {"message": f"unexpected tools {sorted(names)}", "type": "bench"}}

    return reply


def fixtures(shift_days: int) -> dict[Any, Any]:
    """What the snapshot lacks (TTM ratios, price targets), and prices re-dated by whole weeks."""
    from tools.snapshot.source import SnapshotTransport

    snapshot = SnapshotTransport()
    shift = timedelta(days=shift_days)
    rendered: dict[tuple[str, str, str], Response] = {}
    lock = threading.Lock()

    def prices(request: Request) -> Response:
        symbol = request.query.get("symbol", "")
        start, end = request.query.get("from", ""), request.query.get("to", "")
        key = (symbol, start, end)
        with lock:
            if key not in rendered:
                low = (date.fromisoformat(start) - shift).isoformat() if start else ""
                high = (date.fromisoformat(end) - shift).isoformat() if end else "9999"
                try:
                    bars = snapshot._bars(symbol, "historical-price-eod/full")
                except Exception:
                    bars = []
                rows = [
                    bar | {"date": (date.fromisoformat(bar["date"]) + shift).isoformat()}
                    for bar in bars
                    if low <= bar["date"] <= high
                ]
                rendered[key] = json_response(200, rows)
            return rendered[key]

    def ratios(symbol: str) -> list[dict[str, Any]]:
        company = snapshot.company(symbol, "ratios-ttm")
        income = company["income-statement"][0]
        balance = company["balance-sheet-statement"][0]
        price = company["prices"]["close"][0]
        revenue = income["revenue"] or 1
        return [
            {  # the latest fiscal year standing in for the trailing twelve months
                "symbol": symbol,
                "grossProfitMarginTTM": income["grossProfit"] / revenue,
                "operatingProfitMarginTTM": income["operatingIncome"] / revenue,
                "netProfitMarginTTM": income["netIncome"] / revenue,
                "priceToEarningsRatioTTM": price / income["epsDiluted"],
                "debtToEquityRatioTTM": balance.get("totalDebt", 0)
                / (balance.get("totalStockholdersEquity") or 1),
            }
        ]

    targets = {
        "MSFT": (500.0, 300.0, 455.0, 450.0),
        "GOOGL": (200.0, 120.0, 160.0, 158.0),
    }
    out: dict[Any, Any] = {"historical-price-eod/full": prices}
    for symbol in SYMBOLS:
        out[("ratios-ttm", symbol)] = ratios(symbol)
        high, low, median, consensus = targets[symbol]
        out[("price-target-consensus", symbol)] = [
            {
                "symbol": symbol,
                "targetHigh": high,
                "targetLow": low,
                "targetConsensus": consensus,
                "targetMedian": median,
            }
        ]
    return out


class StandIns:
    """Both stand-ins, started once for the whole benchmark."""

    def __init__(self, fmp_latency: float, model_latency: float, guard: bool = True) -> None:
        from tools.snapshot import SNAPSHOT_AS_OF

        self.guard = tempfile.mkdtemp(prefix="bench-guard-") if guard else None
        if self.guard:
            Path(self.guard, "sitecustomize.py").write_text(NETWORK_GUARD)

        self.today = date.today()
        # whole weeks, so weekdays stay weekdays; the last bar lands within the past week
        weeks = (self.today - timedelta(days=1) - SNAPSHOT_AS_OF).days // 7
        self.fmp = TimedFMP(api_key=FMP_KEY, latency=fmp_latency, fixtures=fixtures(weeks * 7))
        self.model = TimedModel(
            model_reply(self.today), api_key=OPENAI_KEY, latency=model_latency, model=MODEL
        )

    def __enter__(self) -> StandIns:
        self.fmp.start()
        self.model.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.fmp.stop()
        self.model.stop()
        if self.guard:
            shutil.rmtree(self.guard, ignore_errors=True)

    def env(self) -> dict[str, str]:
        guard = {}
        if self.guard:
            path = [self.guard, os.environ.get("PYTHONPATH", "")]
            guard["PYTHONPATH"] = os.pathsep.join(p for p in path if p)
        return guard | {
            "OPENAI_BASE_URL": self.model.base_url,
            "OPENAI_API_KEY": OPENAI_KEY,
            "FINAGENT_MODEL": MODEL,
            "BENCH_MODEL": MODEL,
            "FMP_BASE_URL": self.fmp.base_url,
            "FMP_API_KEY": FMP_KEY,
        }


# --- systems ---------------------------------------------------------------------------------


@dataclasses.dataclass
class System:
    name: str
    argv: list[str]
    env: dict[str, str] = dataclasses.field(default_factory=dict)
    python: str = sys.executable  # the interpreter of its venv (for the import timings)
    module: str = "finagent.app.cli"

    @property
    def is_finagent(self) -> bool:
        return self.name.startswith("finagent")


def finagent_command() -> list[str]:
    script = Path(sys.executable).with_name("finagent")
    return [str(script)] if script.exists() else [sys.executable, "-m", "finagent"]


def finagent_systems(prefetch: str | None, both: bool, no_cache: bool) -> list[System]:
    argv = [*finagent_command(), "ask", QUESTION, "--json"] + (["--no-cache"] if no_cache else [])
    if both:
        return [
            System(f"finagent prefetch={value}", argv, {"FINAGENT_PREFETCH": value})
            for value in ("0", "1")
        ]
    return [System("finagent", argv, {"FINAGENT_PREFETCH": prefetch} if prefetch else {})]


def framework_systems(names: list[str], venvs: Path = VENVS) -> tuple[list[System], list[str]]:
    """The frameworks whose venv exists, and a message for each one skipped."""
    systems, skipped = [], []
    for name in names:
        python = venvs / name / "bin" / "python"
        if not python.exists():
            skipped.append(
                f"{name}: skipped, its venv {python.parent.parent} is absent "
                f"(run `{SETUP}` to create it)"
            )
            continue
        script = JOBS / FRAMEWORKS[name]
        systems.append(
            System(
                name,
                [str(python), str(script), QUESTION],
                python=str(python),
                module=FRAMEWORK_MODULES[name],
            )
        )
    return systems, skipped


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    """The parent's environment without model/FMP/finagent settings, plus ``extra``."""
    drop = set(ENV_NAMES.values()) | {"FINAGENT_PREFETCH", "BENCH_MODEL"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(TELEMETRY_OFF, TERM="dumb", COLUMNS="120")
    env.update(extra)
    return env


# --- runs ------------------------------------------------------------------------------------


@dataclasses.dataclass
class Run:
    system: str
    wall: float
    first_model_request: float | None
    data_span: float | None
    data_to_exit: float | None
    answer_to_exit: float | None
    model_calls: int
    prompt_tokens: int
    tool_schema_tokens: int
    data_calls: int
    ok: bool
    problem: str = ""


def run_once(system: System, stand_ins: StandIns, timeout: float = 120) -> Run:
    fmp_mark, model_mark = len(stand_ins.fmp.log), len(stand_ins.model.log)
    with tempfile.TemporaryDirectory(prefix="bench-fw-") as folder:
        env = clean_env(
            stand_ins.env() | {"FINAGENT_CACHE_DIR": str(Path(folder) / "cache")} | system.env
        )
        started = _now()
        process = subprocess.Popen(
            system.argv,
            env=env,
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
        ended = _now()
    data = stand_ins.fmp.log[fmp_mark:]
    model = stand_ins.model.log[model_mark:]
    problem = ""
    refused = [line for line in err.splitlines() if line.startswith(GUARD_MARK)]
    if refused:
        problem = "tried to reach the network: " + "; ".join(sorted(set(refused)))
    elif process.returncode != 0:
        problem = f"exit {process.returncode}: {err.strip()[-2000:]}"
    else:
        try:
            answer = json.loads(out)["answer"]
        except (ValueError, KeyError, TypeError):
            answer = None
        if not answer or MARKER not in answer:
            problem = f"no answer in the output: {out.strip()[-500:]} {err.strip()[-1500:]}"
    failed = [(e[2], e[3]) for e in data if e[3] != 200]
    if not problem and failed:
        problem = f"the FMP stand-in refused data calls: {failed}"
    if not problem and any(entry["status"] != 200 for entry in model):
        problem = f"the model stand-in refused a request: {[e['status'] for e in model]}"
    return Run(
        system=system.name,
        wall=ended - started,
        first_model_request=model[0]["arrived"] - started if model else None,
        data_span=max(e[1] for e in data) - min(e[0] for e in data) if data else None,
        data_to_exit=ended - max(e[1] for e in data) if data else None,
        answer_to_exit=ended - model[-1]["answered"] if model else None,
        model_calls=len(model),
        prompt_tokens=sum(e["prompt_tokens"] for e in model),
        tool_schema_tokens=sum(e["tool_schema_tokens"] for e in model),
        data_calls=len(data),
        ok=not problem,
        problem=problem,
    )


def run_all(
    systems: list[System], stand_ins: StandIns, runs: int, warmup: bool = True
) -> dict[str, list[Run]]:
    """``runs`` interleaved rounds (the order rotates each round), after one warm-up round that
    fills the bytecode and page caches and is not counted."""
    results: dict[str, list[Run]] = {s.name: [] for s in systems}
    rounds = ([False] if warmup else []) + [True] * runs
    for index, counted in enumerate(rounds):
        shift = index % len(systems)
        for system in systems[shift:] + systems[:shift]:
            run = run_once(system, stand_ins)
            if not run.ok:
                raise SystemExit(f"{system.name} failed: {run.problem}")
            if counted:
                results[system.name].append(run)
    return results


def bare_openai(stand_ins: StandIns, runs: int) -> dict[str, float]:
    """The floor: a bare interpreter importing openai, and one that sends a single request."""
    request = (
        "import os, openai; openai.OpenAI().chat.completions.create("
        "model=os.environ['BENCH_MODEL'], messages=[{'role': 'user', 'content': 'hi'}])"
    )
    imports, first = [], []
    env = clean_env(stand_ins.env())
    for _ in range(runs + 1):  # the first is a warm-up
        started = _now()
        subprocess.run([sys.executable, "-c", "import openai"], env=env, check=True)
        imports.append(_now() - started)
        mark = len(stand_ins.model.log)
        started = _now()
        subprocess.run(
            [sys.executable, "-c", request], env=env, check=True, stdout=subprocess.DEVNULL
        )
        first.append(stand_ins.model.log[mark]["arrived"] - started)
    return {
        "import_openai": statistics.median(imports[1:]),
        "first_request": statistics.median(first[1:]),
    }


def import_times(systems: list[System], runs: int) -> dict[str, float]:
    """Each system's top import in a fresh interpreter of its venv (the import alone)."""
    code = (
        "import time, importlib, sys; t = time.perf_counter(); "
        "importlib.import_module(sys.argv[1]); print(time.perf_counter() - t)"
    )
    out: dict[str, float] = {}
    wanted: dict[str, tuple[str, str]] = {}  # label -> (python, module)
    for system in systems:
        venv = "finagent" if system.is_finagent else system.name
        wanted[f"{system.module} ({venv})"] = (system.python, system.module)
        if system.is_finagent:
            wanted["openai (finagent)"] = (system.python, "openai")
    for label, (python, module) in wanted.items():
        values = []
        for _ in range(runs + 1):
            done = subprocess.run(
                [python, "-c", code, module],
                capture_output=True,
                text=True,
                check=True,
                env=clean_env({}),
                cwd=tempfile.gettempdir(),
            )
            values.append(float(done.stdout))
        out[label] = statistics.median(values[1:])
    return out


# --- report ----------------------------------------------------------------------------------


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f}"


def table(results: dict[str, list[Run]]) -> list[str]:
    medians = {name: statistics.median(r.wall for r in runs) for name, runs in results.items()}
    fastest = min(medians, key=medians.get)
    finagents = [name for name in results if name.startswith("finagent")]
    lines = [
        f"{'system':22} {'wall s':>7} {'min':>6} {'max':>6} {'model':>6} {'prompt':>7} "
        f"{'data':>5} {'data':>6} {'1st model':>10} {'data->exit':>11} {'answer->exit':>13}"
        + "".join(f" {name + '/this':>24}" for name in finagents),
        f"{'':22} {'median':>7} {'':>6} {'':>6} {'calls':>6} {'tokens':>7} {'calls':>5} {'ms':>6} "
        f"{'req ms':>10} {'ms':>11} {'ms':>13}",
    ]
    for name, runs in results.items():
        med = lambda attr, runs=runs: statistics.median(getattr(r, attr) for r in runs)  # noqa: E731
        walls = [r.wall for r in runs]
        lines.append(
            f"{name:22} {medians[name]:7.2f} {min(walls):6.2f} {max(walls):6.2f} "
            f"{med('model_calls'):6.0f} {med('prompt_tokens'):7.0f} {med('data_calls'):5.0f} "
            f"{ms(med('data_span')):>6} "
            f"{ms(med('first_model_request')):>10} {ms(med('data_to_exit')):>11} "
            f"{ms(med('answer_to_exit')):>13}"
            + "".join(f" {medians[f] / medians[name]:23.2f}x" for f in finagents)
        )
    for name in finagents:
        lines.append(
            f"{name}: {medians[name] / medians[fastest]:.2f}x the fastest ({fastest}, "
            f"{medians[fastest]:.2f} s)"
        )
    return lines


def versions(systems: list[System]) -> dict[str, str]:
    out = {}
    for system in systems:
        if system.is_finagent:
            continue
        dist = {
            "smolagents": "smolagents",
            "pydantic-ai": "pydantic-ai-slim",
            "openai-agents": "openai-agents",
        }[system.name]
        code = (
            "import importlib.metadata as m, sys; "
            "print(m.version(sys.argv[1]), m.version('openai'))"
        )
        done = subprocess.run([system.python, "-c", code, dist], capture_output=True, text=True)
        mine, openai = done.stdout.split() if done.returncode == 0 else ("?", "?")
        out[system.name] = f"{dist} {mine} (openai {openai})"
    return out


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=5, help="interleaved runs per system")
    options.add_argument("--fmp-latency", type=float, default=0.1, help="seconds per FMP call")
    options.add_argument("--model-latency", type=float, default=0.5, help="seconds per model call")
    options.add_argument(
        "--systems",
        default="finagent," + ",".join(FRAMEWORKS),
        help="comma-separated: finagent and any of " + ", ".join(FRAMEWORKS),
    )
    options.add_argument("--prefetch", choices=["0", "1"], help="FINAGENT_PREFETCH for finagent")
    options.add_argument(
        "--prefetch-both", action="store_true", help="two finagent rows: FINAGENT_PREFETCH=0 and 1"
    )
    options.add_argument("--no-cache", action="store_true", help="run finagent with --no-cache")
    options.add_argument(
        "--no-extras", action="store_true", help="skip the bare-openai floor and the import timings"
    )
    options.add_argument(
        "--no-guard",
        action="store_true",
        help="do not load the network guard that fails a run reaching beyond 127.0.0.1",
    )
    options.add_argument("--json", metavar="FILE", help="write every run as JSON")
    args = options.parse_args(argv)

    names = [n.strip() for n in args.systems.split(",") if n.strip()]
    unknown = [n for n in names if n != "finagent" and n not in FRAMEWORKS]
    if unknown:
        options.error(f"unknown systems {unknown}")
    systems = (
        finagent_systems(args.prefetch, args.prefetch_both, args.no_cache)
        if "finagent" in names
        else []
    )
    frameworks, skipped = framework_systems([n for n in names if n != "finagent"])
    systems += frameworks
    for message in skipped:
        print(message, file=sys.stderr)
    if not systems:
        print("nothing to run", file=sys.stderr)
        return 1

    load = os.getloadavg()
    with StandIns(args.fmp_latency, args.model_latency, guard=not args.no_guard) as stand_ins:
        results = run_all(systems, stand_ins, args.runs)
        print(
            f"job: {QUESTION!r}\n"
            f"stand-ins: FMP {args.fmp_latency * 1000:.0f} ms per call, model "
            f"{args.model_latency * 1000:.0f} ms per call; medians of {args.runs} interleaved "
            f"runs after a warm-up round; {os.cpu_count()} cores, load average "
            f"{load[0]:.2f} at start (shared machine)"
        )
        for name, version in versions(systems).items():
            print(f"  {name}: {version}")
        print()
        for line in table(results):
            print(line)
        sys.stdout.flush()
        floor = {} if args.no_extras else bare_openai(stand_ins, args.runs)
    imports = {} if args.no_extras else import_times(systems, args.runs)
    if floor:
        first = {
            name: statistics.median(r.first_model_request for r in runs)
            for name, runs in results.items()
        }
        print()
        print("first model request after process start (median):")
        for name, value in first.items():
            print(f"  {name:24} {value * 1000:6.0f} ms")
        print(
            f"  {'bare openai client':24} {floor['first_request'] * 1000:6.0f} ms"
            "  (python -c: import openai, one chat request)"
        )
        print(
            f"  {'python -c import openai':24} {floor['import_openai'] * 1000:6.0f} ms"
            "  (process start to exit)"
        )
    if imports:
        print()
        print("import time in a fresh interpreter of each venv (median):")
        for module, value in imports.items():
            print(f"  {module:24} {value * 1000:6.0f} ms")
    for message in skipped:
        print(message)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "question": QUESTION,
                    "fmp_latency": args.fmp_latency,
                    "model_latency": args.model_latency,
                    "runs": {k: [dataclasses.asdict(r) for r in v] for k, v in results.items()},
                    "floor": floor,
                    "imports": imports,
                    "skipped": skipped,
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
