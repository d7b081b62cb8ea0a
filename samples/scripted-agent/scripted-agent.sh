#!/usr/bin/env bash
# A deterministic stand-in for a coding agent, used by the demo so a loop can run end to end without a model.
#
# Usage: scripted-agent.sh [WORKSPACE] [PROMPT_FILE]
#   WORKSPACE    the git workspace (default: the current directory)
#   PROMPT_FILE  the prompt LoopFunctions wrote; only its size is reported, the fix is fixed
#
# It repairs the known bug of the demo repository: in src/calc.sh the add function subtracts
# (echo $(( $1 - $2 ))). Only the arithmetic line inside add is changed, so a sub function with the same line is left
# alone. It then prints one JSON line with the fields CommandAgent reads (summary, usage, cost_usd).
set -euo pipefail

workspace="${1:-$PWD}"
prompt_file="${2:-}"
calc="$workspace/src/calc.sh"

if [[ ! -f "$calc" ]]; then
  echo "scripted-agent: $calc not found; is this the demo repository?" >&2
  exit 1
fi

prompt_chars=0
if [[ -n "$prompt_file" && -f "$prompt_file" ]]; then
  prompt_chars=$(wc -c < "$prompt_file")
fi

fixed="$(awk '
  /^[[:space:]]*(function[[:space:]]+add([[:space:](]|$)|add[[:space:]]*\(\))/ { in_add = 1 }
  in_add && !done && /\$\(\([[:space:]]*\$1[[:space:]]*-[[:space:]]*\$2[[:space:]]*\)\)/ {
    sub(/\$1[[:space:]]*-[[:space:]]*\$2/, "$1 + $2")
    done = 1
  }
  in_add && /}[[:space:]]*$/ { in_add = 0 }
  { print }
' "$calc")"

if [[ "$fixed" == "$(cat "$calc")" ]]; then
  summary="add in src/calc.sh already adds; nothing to change"
else
  # Rewrite in place (not mv) so the file keeps its mode and the git diff is just the one line.
  printf '%s\n' "$fixed" > "$calc"
  summary="Fixed add in src/calc.sh: it subtracted its arguments; it now adds them"
fi

echo "scripted-agent: read a prompt of $prompt_chars bytes" >&2
printf '{"summary": "%s", "usage": {"input_tokens": 1200, "output_tokens": 300}, "cost_usd": 0.0}\n' "$summary"
