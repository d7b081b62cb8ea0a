#!/usr/bin/env bash
# The one test command: installs what the tests need on a fresh machine, builds, runs every test, and prints a
# closing line "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

need_apt=()
command -v git >/dev/null 2>&1 || need_apt+=(git)
command -v bwrap >/dev/null 2>&1 || need_apt+=(bubblewrap)   # command agents run in its sandbox
command -v socat >/dev/null 2>&1 || need_apt+=(socat)        # agent.network: the sandbox's bridge to its egress proxy
command -v curl >/dev/null 2>&1 || need_apt+=(curl)          # the egress tests' client inside the sandbox
command -v chattr >/dev/null 2>&1 || need_apt+=(e2fsprogs)   # the read-only store test marks a file immutable
command -v script >/dev/null 2>&1 || need_apt+=(bsdutils)    # the live-view test runs loopfn under a pseudo-terminal
[ -x /usr/bin/chromium ] || need_apt+=(chromium)              # the dashboard tests drive Debian's Chromium headless
command -v npm >/dev/null 2>&1 || need_apt+=(npm)             # Azurite comes from npm
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> installing ${need_apt[*]} (apt)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The Azure Storage provider tests run against Azurite, a Node program installed under .tools.
[ -x .tools/node_modules/.bin/azurite ] || npm install --prefix .tools --no-audit --no-fund azurite@3

# The host's client-library tests drive Durable Functions' own npm client (tests/LoopFunctions.Host.Tests/Clients).
grep -qs '"version": "3.5.0"' .tools/node_modules/durable-functions/package.json \
  || npm install --prefix .tools --no-audit --no-fund durable-functions@3.5.0

# The coding-agent CLIs that loops drive (agent.kind claude, codex, gemini, opencode), at the versions the loop's
# command lines and output readers were tested with; the end-to-end tests run them against model servers on 127.0.0.1.
agent_clis=(@anthropic-ai/claude-code@2.1.328 @openai/codex@0.169.0 @google/gemini-cli@0.61.0 opencode-ai@1.18.33)
agents_ok=1
for pkg in "${agent_clis[@]}"; do
  name=${pkg%@*}; version=${pkg##*@}
  grep -qs "\"version\": \"$version\"" ".tools/agents/node_modules/$name/package.json" || agents_ok=0
done
[ "$agents_ok" = 1 ] || npm install --prefix .tools/agents --no-audit --no-fund --loglevel=error "${agent_clis[@]}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# The infra tests run `bicep build` and `bicep lint` on infra/*.bicep with the Bicep CLI from its NuGet package,
# installed under .tools/bicep.
./infra/tools/install-bicep.sh >/dev/null
results="$root/.artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

echo "==> building"
dotnet build LoopFunctions.sln -c Release -nologo -clp:ErrorsOnly

echo "==> testing"
# Tests and the processes they start (git, agents, Azurite, Chromium and its driver) get a private temp folder,
# removed afterwards: nothing a killed child could not clean up itself stays behind in /tmp.
TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/loopfn-tests-XXXXXX")"
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
status=0
dotnet test LoopFunctions.sln -c Release --no-build --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false || status=$?

python3 - "$results" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None:
        continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
