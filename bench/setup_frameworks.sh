#!/usr/bin/env bash
# Make one venv per framework for bench/frameworks.py, with pinned versions:
#   bench/.venv-frameworks/{smolagents,pydantic-ai,openai-agents}
# None of them is a dependency of finagent; the folder is git-ignored. Re-running recreates them.
#   bash bench/setup_frameworks.sh            # all three
#   bash bench/setup_frameworks.sh smolagents # just one
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
declare -A PINS=(
  [smolagents]="smolagents[openai]==1.26.0 openai==3.57.0"
  [pydantic-ai]="pydantic-ai-slim[openai]==2.68.0 openai==3.57.0"
  [openai-agents]="openai-agents==0.24.0 openai==3.57.0"
)
names=("$@")
[ ${#names[@]} -eq 0 ] && names=(smolagents pydantic-ai openai-agents)
for name in "${names[@]}"; do
  pins="${PINS[$name]:?unknown framework $name (smolagents, pydantic-ai, openai-agents)}"
  venv=".venv-frameworks/$name"
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check $pins
  echo "$name: $("$venv/bin/python" -m pip freeze --disable-pip-version-check | grep -iE "^(smolagents|pydantic-ai-slim|openai-agents|openai)==" | tr '\n' ' ')"
done
