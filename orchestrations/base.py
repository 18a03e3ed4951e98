"""The orchestration abstraction: one class is one LLM tool (name, description, parameters).

    class MarginCheck(Orchestration):
        '''Gross and net margins of one company.'''          # -> the tool's description

        class Params(BaseModel):                             # -> the tool's JSON schema
            symbol: str = Field(description="Ticker symbol")

        def gather(self, params):                            # atomic tools, concurrently
            return self.fetch_all({"income": lambda: get_income_statements(params.symbol,
                                                                            client=self.client)})

        def analyze(self, params, data) -> AnalysisResult:   # pure metrics -> facts
            ...

The tool name is the class name in snake_case (``margin_check``) unless ``name`` is set.
``run(**kwargs)`` validates arguments and returns an ``AnalysisResult``: typed data, a fact sheet,
warnings and the prompt text for the model.
"""

from __future__ import annotations

import contextvars
import os
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel

from finagent.errors import ToolError, TurnCancelled
from finagent.events import report_progress
from finagent.facts import Fact, FactSheet
from finagent.rendering import to_html
from finagent.scope import current_scope
from finagent.tool import ParamsTool, ToolOutput
from tools import FMPClient, default_client

from .prompt import compose_prompt

K = TypeVar("K", bound=Hashable)
P = TypeVar("P", bound=BaseModel)
DEFAULT_CONCURRENCY = 48


class AnalysisError(ToolError):
    """Nothing usable could be gathered; the message says what failed and what to try."""


class GatherDeadlineError(ToolError):
    """A piece of data did not arrive within the turn's time limit."""


@dataclass
class AnalysisResult:
    """The outcome of an orchestration: facts for the model and plain data for scripts."""

    title: str
    task: str
    sheet: FactSheet
    source_label: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def facts(self) -> list[Fact]:
        return self.sheet.facts

    @property
    def warnings(self) -> list[str]:
        return self.sheet.warnings

    def series(self) -> dict[str, list[tuple[Any, float]]]:
        """Daily closes per company (ascending), for sparklines; never sent to the model."""
        views = self.data.get("views") or ([self.data["view"]] if "view" in self.data else [])
        return {view.symbol: view.raw_closes for view in views if view.raw_closes}

    def prompt(self) -> str:
        return compose_prompt(self.title, self.task, self.sheet, self.source_label)

    def to_records(self) -> list[dict[str, Any]]:
        return self.sheet.to_records()

    def tool_output(self) -> ToolOutput:
        return ToolOutput(
            self.prompt(),
            list(self.sheet.facts),
            self,
            list(self.sheet.warnings),
            list(self.sheet.missing),
        )

    def __str__(self) -> str:
        return self.prompt()

    def __repr__(self) -> str:
        return f"<AnalysisResult {self.title!r}: {len(self.sheet)} facts, {self.source_label}>"

    def to_frame(self) -> Any:
        """The facts as a wide pandas DataFrame (needs pandas, which finagent does not install)."""
        return self.sheet.to_frame()

    def _repr_markdown_(self) -> str:
        return f"### {self.title}\n\n{self.sheet._repr_markdown_()}\n\n*{self.source_label}*"

    def _repr_html_(self) -> str:
        return to_html(self._repr_markdown_())


def snake_case(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


class Orchestration(ParamsTool, ABC, Generic[P]):
    """Base class: subclass it with a docstring, a ``Params`` model, ``gather`` and ``analyze``."""

    name: ClassVar[str]
    description: ClassVar[str]
    Params: ClassVar[type[BaseModel]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            cls.name = snake_case(cls.__name__)
        if "description" not in cls.__dict__:
            cls.description = " ".join((cls.__doc__ or cls.name).split("\n\n")[0].split())

    def __init__(
        self, client: FMPClient | None = None, *, max_concurrency: int = DEFAULT_CONCURRENCY
    ) -> None:
        self.client = client or default_client()
        self.max_concurrency = max_concurrency

    def __repr__(self) -> str:
        return f"{type(self).__name__}(client={self.client!r})"

    # --- the tool interface (parameters_schema and invoke come from ParamsTool) ----------------

    @property
    def params_model(self) -> type[BaseModel]:  # type: ignore[override]
        return self.Params

    def call(self, params: Any) -> AnalysisResult:
        return self.execute(params)

    def run(self, **arguments: Any) -> AnalysisResult:
        """Validate ``arguments`` against ``Params`` and run: the Python entry point."""
        return self.execute(self.validate(arguments))  # type: ignore[arg-type]

    def execute(self, params: P) -> AnalysisResult:
        return self.analyze(params, self.gather(params))

    @abstractmethod
    def gather(self, params: P) -> Any:
        """Fetch what the analysis needs (use ``fetch_all`` to run calls concurrently)."""

    @abstractmethod
    def analyze(self, params: P, data: Any) -> AnalysisResult:
        """Compute metrics from the gathered data (pure) and build the result."""

    # --- concurrency -------------------------------------------------------------------------

    def fetch_all(
        self, calls: dict[K, Callable[[], Any]], *, label: str = "fetching"
    ) -> dict[K, Any]:
        """Run ``calls`` concurrently (bounded); each value is the result or the exception raised.

        One failure never cancels the others: the caller decides what a missing piece means.
        Within an agent turn, a cancelled turn stops waiting at once (calls not yet started are
        dropped), and past the turn's deadline the calls that have not answered get a
        ``GatherDeadlineError`` as their value, so the analysis goes on with what arrived.
        """
        if not calls:
            return {}
        scope = current_scope()
        pool = worker_pool(self.max_concurrency)
        futures = {
            pool.submit(contextvars.copy_context().run, _call, key, fn): key
            for key, fn in calls.items()
        }
        results: dict[K, Any] = {}
        pending = set(futures)
        while pending:
            left = scope.remaining() if scope is not None else None
            if left is not None and left <= 0:
                break
            timeout = None if scope is None else _poll(left)
            done, pending = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
            for future in done:
                key, value = future.result()
                results[key] = value
                report_progress(f"{label} {_describe(key)}", done=len(results), total=len(calls))
            if scope is not None and scope.cancelled:
                for future in pending:
                    future.cancel()
                raise TurnCancelled("Turn cancelled; its data gathering was stopped.")
        for future in pending:  # past the turn's deadline: go on without them
            future.cancel()
            results[futures[future]] = GatherDeadlineError(
                f"{_describe(futures[future])} did not arrive within the turn's "
                f"{scope.seconds:g}s limit (FINAGENT_TURN_DEADLINE)."
            )
        return {key: results[key] for key in calls}  # call order, not arrival order


def _call(key: K, fn: Callable[[], Any]) -> tuple[K, Any]:
    try:
        return key, fn()
    except ToolError as exc:
        return key, exc


def _poll(left: float | None) -> float:
    """How long to wait before looking at the turn's cancel signal again."""
    return 0.2 if left is None else max(0.0, min(0.2, left))


_pools: dict[int, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()
# a forked child inherits the pools but not their threads: work sent there would never run
os.register_at_fork(after_in_child=_pools.clear)


def worker_pool(size: int) -> ThreadPoolExecutor:
    """A process-wide pool per size: starting threads for every gather costs more (1-2 ms a
    thread) than the gather's own work; idle pool threads cost nothing."""
    with _pools_lock:
        if size not in _pools:
            _pools[size] = ThreadPoolExecutor(max_workers=size, thread_name_prefix="finagent-fetch")
        return _pools[size]


def _describe(key: Any) -> str:
    return " ".join(str(part) for part in key) if isinstance(key, tuple) else str(key)
