"""How well speculative prefetch guesses, over the evaluation questions.

For each question of ``eval/cases.jsonl`` and ``eval/holdout.jsonl`` (no follow-ups), the offline
planner picks the tool call a model would make; against a local FMP stand-in this script records
the requests the prefetcher would send and the requests the tool call then sends, and prints:

- hit rate: the share of the tool's requests that the prefetcher had already sent;
- wasted: prefetched requests the tool never asked for (a wrong guess costs these calls).

A request the tool asks for counts whether it reached FMP or was answered by the client without a
call (a plan refusal the prefetch met is remembered: ``tools/http.py``).

    python bench/prefetch.py [--cases eval/cases.jsonl eval/holdout.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from finagent.app.planner import OfflinePlanner  # noqa: E402
from finagent.app.prefetch import Prefetcher  # noqa: E402
from finagent.testing.fmp import FMPStandIn  # noqa: E402
from orchestrations import ORCHESTRATIONS  # noqa: E402


def requests_of(server: FMPStandIn, since: int) -> set[tuple[str, tuple]]:
    return {(r.path, tuple(sorted(r.query.items()))) for r in server.requests[since:]}


ASKED: list[tuple[str, tuple]] = []  # every request a tool asked its transport for


def _recording_asks() -> None:
    from tools.http import HttpTransport

    fetch = HttpTransport.fetch

    def asked(self, endpoint, params, *, symbol):  # type: ignore[no-untyped-def]
        ASKED.append((f"/stable/{endpoint}", tuple(sorted(params.items()))))
        return fetch(self, endpoint, params, symbol=symbol)

    HttpTransport.fetch = asked  # type: ignore[method-assign]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument(
        "--cases", nargs="+", default=[ROOT / "eval/cases.jsonl", ROOT / "eval/holdout.jsonl"]
    )
    args = options.parse_args()
    cases = [
        json.loads(line)
        for path in args.cases
        for line in Path(path).read_text().splitlines()
        if line.strip()
    ]
    questions = [c["question"] for c in cases if not c.get("history")]
    _recording_asks()
    planner = OfflinePlanner()
    specs = [{"type": "function", "function": {"name": cls.name}} for cls in ORCHESTRATIONS]
    totals = {"questions": 0, "guessed": 0, "tool": 0, "hit": 0, "wasted": 0, "unsent": 0}
    with FMPStandIn() as server, tempfile.TemporaryDirectory() as folder:
        for question in questions:
            reply = planner.complete([{"role": "user", "content": question}], specs)
            calls = reply.tool_calls
            client = server.client(cache=False, cache_dir=Path(folder))
            guess = Prefetcher(client).plan(question)
            before = server.calls()
            for fn in guess.values():
                try:
                    fn()
                except Exception:
                    pass
            prefetched = requests_of(server, before)
            before = server.calls()
            ASKED.clear()
            tools = {cls.name: cls(client) for cls in ORCHESTRATIONS}
            for tool_call in calls:
                if tool_call.name in tools:
                    try:
                        tools[tool_call.name].invoke(tool_call.arguments)
                    except Exception:
                        pass
            sent = requests_of(server, before)
            used = sent | set(ASKED)
            totals["questions"] += 1
            totals["guessed"] += bool(prefetched)
            totals["tool"] += len(used)
            totals["unsent"] += len(used - sent)
            totals["hit"] += len(used & prefetched)
            totals["wasted"] += len(prefetched - used)
    hit_rate = totals["hit"] / totals["tool"] if totals["tool"] else 0.0
    print(
        f"{totals['questions']} questions; prefetch guessed for {totals['guessed']}; "
        f"the tools asked for {totals['tool']} data requests, {totals['hit']} of them prefetched "
        f"(hit rate {hit_rate:.0%}; {totals['unsent']} answered without a call: plan refusals "
        f"the prefetch met); {totals['wasted']} prefetched requests wasted"
    )


if __name__ == "__main__":
    main()
