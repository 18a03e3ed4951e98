"""Where the chat keeps its files: all in the one folder finagent already uses for its data
cache (``FINAGENT_CACHE_DIR``, else the user cache folder), so one setting moves everything and
``finagent cache info`` can list it. ``finagent cache clear`` removes only the data cache.

- ``chat-history``: the prompt's line history (readline);
- ``saved/``: what ``/save`` and ``/export`` write when given no file name, with dated names
  (``finagent-2026-11-30-0815.html``) so one never overwrites another.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

HISTORY_FILE = "chat-history"
SAVED_FOLDER = "saved"


def cache_folder() -> Path:
    from tools.settings import FMPSettings

    return FMPSettings.load().resolved_cache_dir


def history_file(folder: Path | None = None) -> Path:
    return (folder or cache_folder()) / HISTORY_FILE


def saved_folder(folder: Path | None = None) -> Path:
    return (folder or cache_folder()) / SAVED_FOLDER


def dated_path(suffix: str, now: datetime | None = None, folder: Path | None = None) -> Path:
    """A new file ``finagent-YYYY-MM-DD-HHMM<suffix>`` in the saved folder (created); a second
    one in the same minute gets ``-2``, ``-3``…"""
    target = folder or saved_folder()
    target.mkdir(parents=True, exist_ok=True)
    stem = f"finagent-{(now or datetime.now()):%Y-%m-%d-%H%M}"
    path, number = target / f"{stem}{suffix}", 1
    while path.exists():
        number += 1
        path = target / f"{stem}-{number}{suffix}"
    return path
