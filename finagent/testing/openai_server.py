"""``OpenAIStubServer``: a local stand-in for the Chat Completions API that checks requests the
way the real API does, so tests can drive the real ``openai`` client over HTTP.

It rejects (HTTP 400, OpenAI's error shape) what the real API rejects: a ``tool`` message that
does not answer a preceding assistant ``tool_calls`` id, an assistant ``tool_calls`` message whose
calls are not all answered before the next non-tool message, malformed tool specs, the deprecated
``functions`` parameter. A wrong key gets 401. Replies come from ``reply(request_json)``, which
returns text, a list of ``(name, arguments)`` tool calls, or a full ``(status, payload)``.

``quirks`` makes it behave like real OpenAI-compatible servers do (each seen in the wild):

- ``"null_content_refused"``: any message whose ``content`` is null is refused with a 500 whose
  text is pydantic's "Input should be a valid string" (llama.cpp's Python server);
- ``"arguments_as_object"``: tool-call ``arguments`` come back as a JSON object, not a string;
- ``"no_tool_call_ids"``: tool calls come back without an ``id``;
- ``"no_stream_usage"``: a stream never carries usage, even when asked for it;
- ``"tool_choice_refused"``: any request with ``tool_choice`` is refused with a 400 (vLLM
  without ``--enable-auto-tool-choice``).
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from .servers import LocalServer, Request, Response, json_response

NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
Reply = str | list[tuple[str, dict[str, Any] | str]] | tuple[int, dict[str, Any]]
QUIRKS = frozenset(
    {
        "null_content_refused",
        "arguments_as_object",
        "no_tool_call_ids",
        "no_stream_usage",
        "tool_choice_refused",
    }
)


def validate_chat_request(body: dict[str, Any]) -> str | None:
    """The first reason the real API would refuse ``body``, or None if it is acceptable."""
    if "functions" in body or "function_call" in body:
        return "'functions' and 'function_call' are deprecated; use 'tools' and 'tool_choice'."
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "you must provide a model parameter"
    for spec in body.get("tools") or []:
        function = spec.get("function") if isinstance(spec, dict) else None
        if spec.get("type") != "function" or not isinstance(function, dict):
            return "Invalid tool: expected {'type': 'function', 'function': {...}}."
        if not NAME.match(str(function.get("name", ""))):
            return (
                f"Invalid tool name {function.get('name')!r}: must match ^[a-zA-Z0-9_-]{{1,64}}$."
            )
        params = function.get("parameters", {"type": "object"})
        if not isinstance(params, dict) or params.get("type") != "object":
            return f"Invalid schema for function '{function['name']}': type must be 'object'."
    pending: set[str] = set()
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "'messages' must be a non-empty array"
    for index, message in enumerate(messages):
        role = message.get("role")
        if role not in ("system", "developer", "user", "assistant", "tool"):
            return f"Invalid value for 'messages[{index}].role': {role!r}"
        if role == "tool":
            if message.get("tool_call_id") not in pending:
                return (
                    f"Invalid parameter: messages with role 'tool' must be a response to a "
                    f"preceeding message with 'tool_calls' (messages[{index}])."
                )
            pending.discard(message["tool_call_id"])
            continue
        if pending:
            return (
                "An assistant message with 'tool_calls' must be followed by tool messages "
                f"responding to each 'tool_call_id'. Missing: {sorted(pending)}."
            )
        if role == "assistant" and message.get("tool_calls"):
            for call in message["tool_calls"]:
                arguments = call.get("function", {}).get("arguments")
                if not isinstance(arguments, str):
                    return f"messages[{index}].tool_calls: arguments must be a string"
                pending.add(call["id"])
        elif message.get("content") is None and role != "assistant":
            return f"messages[{index}].content must not be null"
    if pending:
        return f"Tool calls without responses: {sorted(pending)}."
    return None


class OpenAIStubServer(LocalServer):
    """Serve ``POST /v1/chat/completions`` on 127.0.0.1 (streaming supported)."""

    def __init__(
        self,
        reply: Callable[[dict[str, Any]], Reply] | list[Reply],
        *,
        api_key: str = "test-key",
        latency: float = 0.0,
        model: str = "stub-model",
        quirks: Iterable[str] = (),
    ) -> None:
        self.quirks = frozenset(quirks)
        unknown = self.quirks - QUIRKS
        if unknown:
            raise ValueError(f"unknown quirks {sorted(unknown)}; known: {sorted(QUIRKS)}")
        self.replies = reply if callable(reply) else list(reply).copy()
        self.api_key, self.latency, self.model = api_key, latency, model
        self.bodies: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []  # of each request, all but the key
        self._ids = itertools.count(1)
        super().__init__(self._handle)

    @property
    def base_url(self) -> str:
        return self.url + "/v1"

    def _next(self, body: dict[str, Any]) -> Reply:
        if callable(self.replies):
            return self.replies(body)
        if not self.replies:
            return 500, {"error": {"message": "stub has no replies left", "type": "server_error"}}
        return self.replies.pop(0)

    def _handle(self, request: Request) -> Response:
        if self.latency:
            time.sleep(self.latency)
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            return json_response(
                401,
                {
                    "error": {
                        "message": "Incorrect API key provided.",
                        "type": "invalid_request_error",
                        "code": "invalid_api_key",
                    }
                },
            )
        if request.method != "POST" or not request.path.endswith("/chat/completions"):
            return json_response(404, {"error": {"message": "Not found", "type": "not_found"}})
        body = request.json()
        self.bodies.append(body)
        self.headers.append({k: v for k, v in request.headers.items() if k != "authorization"})
        quirk = self._quirk_refusal(body)
        if quirk is not None:
            return quirk
        problem = validate_chat_request(body)
        if problem:
            return json_response(
                400, {"error": {"message": problem, "type": "invalid_request_error", "code": None}}
            )
        reply = self._next(body)
        if isinstance(reply, tuple):
            return json_response(*reply)
        message: dict[str, Any] = {"role": "assistant", "content": None}
        if isinstance(reply, str):
            message["content"] = reply
        else:
            message["tool_calls"] = [
                {
                    "id": f"call_{next(self._ids)}",
                    "type": "function",
                    "function": {
                        "name": name,
                        "arguments": args if isinstance(args, str) else json.dumps(args),
                    },
                }
                for name, args in reply
            ]
            for call in message["tool_calls"]:
                if "arguments_as_object" in self.quirks:
                    call["function"]["arguments"] = json.loads(call["function"]["arguments"])
                if "no_tool_call_ids" in self.quirks:
                    del call["id"]
        prompt = sum(len(json.dumps(m)) for m in body["messages"]) // 4
        completion = len(json.dumps(message)) // 4
        usage = {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }
        if body.get("stream"):
            return 200, {"Content-Type": "text/event-stream"}, self._stream(message, usage, body)
        return json_response(
            200,
            {
                "id": f"chatcmpl-{next(self._ids)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": self.model,
                "choices": [
                    {
                        "index": 0,
                        "message": message,
                        "finish_reason": "tool_calls" if message.get("tool_calls") else "stop",
                    }
                ],
                "usage": usage,
            },
        )

    def _quirk_refusal(self, body: dict[str, Any]) -> Response | None:
        """The refusals of the servers this stub is told to imitate, or None."""
        if "null_content_refused" in self.quirks:
            for index, message in enumerate(body.get("messages") or []):
                if isinstance(message, dict) and message.get("content", "") is None:
                    return json_response(
                        500,
                        {
                            "error": {
                                "code": 500,
                                "message": (
                                    f"1 validation error for ChatCompletionRequest\nmessages."
                                    f"{index}.content\n  Input should be a valid string "
                                    "[type=string_type, input_value=None, input_type=NoneType]"
                                ),
                                "type": "server_error",
                            }
                        },
                    )
        if "tool_choice_refused" in self.quirks and "tool_choice" in body:
            return json_response(
                400,
                {
                    "object": "error",
                    "message": '"auto" tool choice requires --enable-auto-tool-choice and '
                    "--tool-call-parser to be set",
                    "type": "BadRequestError",
                    "param": None,
                    "code": 400,
                },
            )
        return None

    def _stream(
        self, message: dict[str, Any], usage: dict[str, int], body: dict[str, Any]
    ) -> Callable[[Any], None]:
        def write(out: Any) -> None:
            base = {
                "id": "chatcmpl-stream",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": self.model,
            }
            deltas: list[dict[str, Any]] = [{"role": "assistant", "content": ""}]
            text = message.get("content") or ""
            deltas += [{"content": text[i : i + 12]} for i in range(0, len(text), 12)]
            for index, call in enumerate(message.get("tool_calls") or []):
                head = {
                    "index": index,
                    "type": "function",
                    "function": {"name": call["function"]["name"], "arguments": ""},
                }
                if "id" in call:
                    head["id"] = call["id"]
                deltas.append({"tool_calls": [head]})
                deltas.append(
                    {
                        "tool_calls": [
                            {
                                "index": index,
                                "function": {"arguments": call["function"]["arguments"]},
                            }
                        ]
                    }
                )
            for delta in deltas:
                chunk = base | {"choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                out.write(f"data: {json.dumps(chunk)}\n\n".encode())
            finish = "tool_calls" if message.get("tool_calls") else "stop"
            last = {"index": 0, "delta": {}, "finish_reason": finish}
            out.write(f"data: {json.dumps(base | {'choices': [last]})}\n\n".encode())
            wants_usage = (body.get("stream_options") or {}).get("include_usage")
            if wants_usage and "no_stream_usage" not in self.quirks:
                out.write(
                    f"data: {json.dumps(base | {'choices': [], 'usage': usage})}\n\n".encode()
                )
            out.write(b"data: [DONE]\n\n")
            out.flush()

        return write
