# The Azure Functions app (src/LoopFunctions.Functions) in the Functions .NET isolated image, with what the shipped
# loops (loops/*.md) run on the worker. Build from the repository root:
#   docker build -f infra/functions.Dockerfile -t myregistry.azurecr.io/loopfunctions-func:latest .
# and pass the image to infra/functions.bicep (containerImage).
# tests/LoopFunctions.Functions.Tests/Infra/FunctionsImageTests.cs reads this file (no image is built there).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/LoopFunctions.Functions/LoopFunctions.Functions.csproj -c Release -o /home/site/wwwroot

# The coding-agent CLIs the shipped loops name (agent.kind claude, codex, gemini, opencode), at the versions their
# command lines and output readers were tested with (test.sh pins the same list), on a Node.js the CLIs support:
# Debian's packaged Node is older than some of them require.
FROM node:22-bookworm-slim AS agents
RUN npm install --global --prefix /opt/agents --no-audit --no-fund --loglevel=error \
    @anthropic-ai/claude-code@2.1.328 @openai/codex@0.169.0 @google/gemini-cli@0.61.0 opencode-ai@1.18.33

FROM mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0
# Every loop clones a repository and commits (git); agents and checks run as child processes (bash); bubblewrap is
# the default sandbox of command agents and checks (it needs user namespaces: where the platform forbids them, loops
# set agent.sandbox: none and the container is the boundary); socat bridges a sandbox with agent.network: [hosts] to
# its egress proxy.
RUN apt-get update \
    && apt-get install -y --no-install-recommends git bash bubblewrap socat ca-certificates \
    && rm -rf /var/lib/apt/lists/*
# The shipped loops verify with `dotnet test`, which needs the SDK, not the runtime the base image carries. The SDK
# brings the same 10.0 runtimes, so the worker runs on it unchanged; it is first on PATH for the checks' `dotnet`.
COPY --from=build /usr/share/dotnet /usr/share/dotnet-sdk
# Node and npm for the agent CLIs and for loops whose checks are npm scripts (deploy-site).
COPY --from=agents /usr/local/bin/node /usr/local/bin/node
COPY --from=agents /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
COPY --from=agents /opt/agents /opt/agents
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && ln -s /usr/local/lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
    && /usr/share/dotnet-sdk/dotnet --list-sdks | grep -q '^10\.' \
    && node --version && git --version && bwrap --version && socat -V >/dev/null \
    && for cli in claude codex gemini opencode; do [ -x "/opt/agents/bin/$cli" ] || exit 1; done
ENV PATH=/usr/share/dotnet-sdk:/opt/agents/bin:$PATH \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true
COPY --from=build /home/site/wwwroot /home/site/wwwroot
