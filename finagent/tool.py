"""Tools the model can call: one source of truth for each tool's name, description and schema.

A plain function becomes a tool with ``tool(fn)``: its name, its docstring (summary and ``Args:``)
and its signature make the JSON schema the model sees and the Pydantic model that validates the
model's arguments. Anything else that has ``name``, ``description``, ``parameters_schema()`` and
``invoke()`` — such as an orchestration class — is a tool too.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from .errors import ToolError
from .facts import Fact

MAX_CONTENT_CHARS = 12_000


class ToolArgumentsError(ToolError):
    """The model's arguments were not valid JSON or did not match the tool's schema."""


@dataclass
class ToolOutput:
    """What a tool hands back: text for the model, facts for the ledger, typed data for scripts."""

    content: str
    facts: list[Fact] = field(default_factory=list)
    data: Any = None
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # what it was asked for but could not get


@runtime_checkable
class Tool(Protocol):
    name: str
    description: str

    def parameters_schema(self) -> dict[str, Any]: ...

    def invoke(self, arguments: dict[str, Any] | str) -> ToolOutput: ...


def openai_spec(tool: Tool) -> dict[str, Any]:
    """The tool as OpenAI's ``tools=[...]`` entry (``type: function``)."""
    return {
        "type": "function",
        "function": {
            "name": tool.name,
            "description": tool.description,
            "parameters": tool.parameters_schema(),
        },
    }


def parse_arguments(arguments: dict[str, Any] | str | None) -> dict[str, Any]:
    """Arguments as a dict; the model sends a JSON string that may be empty or broken."""
    if arguments is None or arguments == "":
        return {}
    if isinstance(arguments, dict):
        return arguments
    try:
        parsed = json.loads(arguments)
    except ValueError as exc:
        raise ToolArgumentsError(
            f"The arguments are not valid JSON ({exc.msg} at position "
            f"{exc.pos}). Send a JSON object matching the tool's schema."
        ) from None
    if not isinstance(parsed, dict):
        raise ToolArgumentsError('The arguments must be a JSON object, e.g. {"symbol": "AAPL"}.')
    return parsed


def validate_arguments(
    model: type[BaseModel], arguments: dict[str, Any] | str | None, tool_name: str
) -> BaseModel:
    """Validate into ``model``, turning a ValidationError into one readable sentence per field."""
    try:
        return model.model_validate(parse_arguments(arguments))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'arguments'}: {err['msg']}"
            for err in exc.errors(include_url=False)
        )
        raise ToolArgumentsError(f"Invalid arguments for {tool_name}: {problems}.") from None


def clean_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Drop pydantic's ``title`` keys: they cost tokens and tell the model nothing new."""
    if isinstance(schema, dict):
        return {
            k: clean_schema(v)
            for k, v in schema.items()
            if not (k == "title" and isinstance(v, str))
        }
    if isinstance(schema, list):
        return [clean_schema(v) for v in schema]
    return schema


@runtime_checkable
class RendersOutput(Protocol):
    """A result that renders itself for the model (an orchestration's ``AnalysisResult``)."""

    def tool_output(self) -> ToolOutput: ...


def to_output(result: Any) -> ToolOutput:
    """Turn whatever a tool returned into a ``ToolOutput``.

    Results that render themselves (``RendersOutput``) do; Pydantic models become compact JSON;
    long text is cut, with a note, so a tool can never flood the context window.
    """
    if isinstance(result, ToolOutput):
        output = result
    elif isinstance(result, RendersOutput):
        output = result.tool_output()
    elif isinstance(result, str):
        output = ToolOutput(content=result, data=result)
    elif isinstance(result, BaseModel):
        output = ToolOutput(content=result.model_dump_json(exclude_none=True), data=result)
    else:
        output = ToolOutput(
            content=json.dumps(result, default=str, separators=(",", ":")), data=result
        )
    if len(output.content) > MAX_CONTENT_CHARS:
        cut = len(output.content) - MAX_CONTENT_CHARS
        output.content = output.content[:MAX_CONTENT_CHARS] + f"\n[... {cut} characters cut]"
    return output


_SECTION = re.compile(r"^(\w[\w ]*):\s*$")
_ARG_LINE = re.compile(r"^ {2,8}(\*{0,2}\w+)(?:\s*\([^)]*\))?:\s*(.*)$")


def parse_docstring(doc: str | None) -> tuple[str, dict[str, str]]:
    """Google-style docstring -> (description, {parameter: description}).

    The description is the text before the first section; ``Args:`` entries (with continuation
    lines) describe parameters; other sections (``Returns:``, ``Raises:``...) are ignored.
    """
    summary: list[str] = []
    params: dict[str, str] = {}
    section, current = "summary", None
    for line in inspect.cleandoc(doc or "").splitlines():
        header = _SECTION.match(line)
        if header:
            section = "args" if header[1] in ("Args", "Arguments", "Parameters") else "other"
            continue
        if section == "summary":
            summary.append(line)
        elif section == "args":
            match = _ARG_LINE.match(line)
            if match:
                current = match[1]
                params[current] = match[2].strip()
            elif current and line.strip():
                params[current] += " " + line.strip()
    return " ".join(" ".join(summary).split()), params


class ParamsTool:
    """The one invoke/spec path of every tool whose arguments a Pydantic model validates.

    Subclasses give ``name``, ``description`` and ``params_model`` and implement ``call``;
    ``parameters_schema`` and ``invoke`` come from here, for function tools and orchestrations
    alike.
    """

    name: str
    description: str
    params_model: type[BaseModel]

    def parameters_schema(self) -> dict[str, Any]:
        return clean_schema(self.params_model.model_json_schema())

    def validate(self, arguments: dict[str, Any] | str | None) -> BaseModel:
        return validate_arguments(self.params_model, arguments, self.name)

    def invoke(self, arguments: dict[str, Any] | str) -> ToolOutput:
        return self.output(self.call(self.validate(arguments)))

    def call(self, params: Any) -> Any:
        """Do the work on validated parameters."""
        raise NotImplementedError

    def output(self, result: Any) -> ToolOutput:
        return to_output(result)


class FunctionTool(ParamsTool):
    """A Python function exposed as a tool. ``bind`` fixes arguments the model must not choose."""

    def __init__(
        self,
        fn: Callable[..., Any],
        *,
        name: str | None = None,
        description: str | None = None,
        bind: dict[str, Any] | None = None,
        render: Callable[[Any], ToolOutput] | None = None,
    ) -> None:
        self.fn, self.bound, self.render = fn, dict(bind or {}), render
        self.name = name or fn.__name__
        summary, arg_docs = parse_docstring(fn.__doc__)
        self.description = description or summary or self.name
        fields: dict[str, Any] = {}
        for param in inspect.signature(fn, eval_str=True).parameters.values():
            if param.name in self.bound or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            if (
                param.kind is param.KEYWORD_ONLY
                and param.default is not param.empty
                and param.name not in arg_docs
            ):
                continue  # keyword-only plumbing (``client=None``) is not the model's business
            annotation = Any if param.annotation is param.empty else param.annotation
            default = ... if param.default is param.empty else param.default
            fields[param.name] = (annotation, Field(default, description=arg_docs.get(param.name)))
        self.params_model = create_model(
            f"{self.name}_arguments", __config__=ConfigDict(extra="forbid"), **fields
        )

    def __repr__(self) -> str:
        return f"FunctionTool({self.name!r})"

    def call(self, params: Any) -> Any:
        return self.fn(**dict(params), **self.bound)

    def output(self, result: Any) -> ToolOutput:
        return self.render(result) if self.render else to_output(result)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.fn(*args, **{**self.bound, **kwargs})


def tool(fn: Callable[..., Any] | None = None, **options: Any) -> Any:
    """Decorator (``@tool`` or ``@tool(name=..., bind=...)``) turning a function into a tool."""
    if fn is None:
        return lambda f: FunctionTool(f, **options)
    return FunctionTool(fn, **options)


def as_tools(items: Iterable[Any]) -> list[Tool]:
    """Accept tools, orchestration classes/instances and plain functions alike."""
    result: list[Tool] = []
    for item in items:
        if inspect.isclass(item):
            item = item()
        if not isinstance(item, Tool):
            if not callable(item):
                raise TypeError(f"{item!r} is not a tool or a function")
            item = FunctionTool(item)
        result.append(item)
    names = [t.name for t in result]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"two tools share the name(s): {', '.join(sorted(duplicates))}")
    return result
