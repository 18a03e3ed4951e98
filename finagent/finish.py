"""The end of a turn: verify the answer's figures, re-ask once in strict mode, commit.

Also the one way a loop stops at its step limit (``at_step_limit``), shared by the
function-calling and ReAct loops.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import quietly
from .facts import Fact
from .model_call import ModelCall
from .turn import RunResult, Turn

LIMIT_NUDGE = (
    "You have reached the limit of tool calls for this question. Answer now from the "
    "results above, and say plainly that the step limit was reached and what is missing."
)


@dataclass
class NotChecked:
    """A turn's check when the verifier itself failed: the answer stands, and says plainly that
    its figures were not checked (a bug in the checker must not cost the user the answer)."""

    error: str  # the exception's type: what failed, never its arguments (they may quote data)
    figures: list[Any] = field(default_factory=list)
    unverified: list[Any] = field(default_factory=list)

    def count(self, status: str) -> int:
        return 0

    def summary(self) -> str:
        return f"Figures not checked: the verifier failed ({self.error})."

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "verified": 0,
            "derived": 0,
            "unverified": 0,
            "figures": [],
            "error": self.error,
        }


@dataclass
class Finish:
    """``verifier(answer, facts)`` checks figures against ``known_facts()`` and the turn's own;
    ``commit(turn)`` keeps the turn (it raises if the turn was cancelled meanwhile)."""

    model: ModelCall
    commit: Callable[[Turn], None]
    verifier: Callable[..., Any] | None = None
    known_facts: Callable[[], Iterable[Fact]] = tuple
    strict: bool = False

    def __call__(self, turn: Turn, answer: str, stopped: str | None = None) -> RunResult:
        verification = self.verify(turn, answer)
        if verification is not None and verification.unverified and self.strict:
            answer, verification = self.correct(turn, answer, verification)
        turn.close_usage()
        turn.messages.append({"role": "assistant", "content": answer})
        self.commit(turn)
        turn.emit(
            "answer",
            text=answer,
            stopped=stopped,
            verification=verification.summary() if verification else None,
        )
        return turn.result(answer, stopped, verification)

    def prepare(self, turn: Turn) -> None:
        """Let the verifier prepare for the facts so far (``prepare(facts)``, if it has one) in
        the background, while the model writes the answer: checking it then costs less."""
        prepare = getattr(self.verifier, "prepare", None)
        if prepare is not None and turn.facts:
            facts = [*self.known_facts(), *turn.facts]
            # preparing is an optimisation: the check itself reports any problem
            args = ("verifier prepare", prepare, facts)
            threading.Thread(target=quietly, args=args, daemon=True).start()

    def verify(self, turn: Turn, answer: str) -> Any:
        """Check the answer's figures against every fact shown in the conversation so far."""
        if self.verifier is None:
            return None
        facts = [*self.known_facts(), *turn.facts]
        try:
            if _takes_current(self.verifier):  # this turn's facts win over earlier turns' ones
                return self.verifier(answer, facts, current=list(turn.facts))
            return self.verifier(answer, facts)
        except Exception as exc:
            logging.getLogger("finagent").warning("the verifier failed", exc_info=True)
            return NotChecked(type(exc).__name__)

    def correct(self, turn: Turn, answer: str, verification: Any) -> tuple[str, Any]:
        """Strict mode: ask the model once to fix or remove the figures that match no fact."""
        figures = ", ".join(f.text for f in verification.unverified)
        request = [
            {"role": "assistant", "content": answer},
            {
                "role": "user",
                "content": f"These figures in your answer match none of the "
                f"facts you were given: {figures}. Rewrite the whole answer, correcting them "
                "from the facts or removing them. Do not add new figures.",
            },
        ]
        reply = self.model(turn, tools=False, extra=request)
        corrected = reply.content or answer
        return corrected, self.verify(turn, corrected)

    def at_step_limit(
        self,
        turn: Turn,
        steps: int,
        on_text: Callable[[str], None] | None = None,
        *,
        reply_format: str = "",
        parse: Callable[[str], str] = lambda text: text,
    ) -> RunResult:
        """Ask once more, without tools, for the best answer; make sure it says it stopped."""
        nudge = [{"role": "user", "content": LIMIT_NUDGE + reply_format}]
        reply = self.model(turn, tools=False, extra=nudge)
        answer = parse(reply.content or "")
        if "limit" not in answer.lower():
            note = f"(Stopped after {steps} steps: the step limit was reached.)"
            answer = f"{answer}\n\n{note}".strip()
        if on_text:
            on_text(answer)
        return self(turn, answer, stopped="max_steps")


def _takes_current(verifier: Callable[..., Any]) -> bool:
    """Whether the verifier accepts ``current=`` (the turn's own facts, checked first)."""
    try:
        return "current" in inspect.signature(verifier).parameters
    except (TypeError, ValueError):
        return False
