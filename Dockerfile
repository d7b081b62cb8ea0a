# loopfn serve in a container: the host (worker, HTTP starters, management API, webhooks, schedules, dashboard) on
# the Azure Storage provider. Build from the repository root:  docker build -t loopfn .
# Run:  docker run -p 8080:8080 -e AzureWebJobsStorage='<connection string>' -e LoopFunctions__Keys='<16+ chars>' loopfn
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/LoopFunctions.Cli/LoopFunctions.Cli.csproj -c Release -o /out -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# Loops clone repositories and run agents and checks as child processes: git and bash are part of the runtime, and
# bubblewrap confines command agents (it needs user namespaces; where the platform forbids them, loops set
# agent.sandbox: none and the container is the boundary); socat bridges a sandbox with agent.network: [hosts] to its
# egress proxy.
RUN apt-get update \
    && apt-get install -y --no-install-recommends git bash bubblewrap socat ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /site
COPY --from=build /out /app
COPY infra/host.json /site/host.json
COPY loops /site/loops
ENV LOOPFN_URLS=http://0.0.0.0:8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
# The app user of the aspnet image; workspaces go to LoopFunctions__WorkRoot (a shared volume in infra/main.bicep).
RUN mkdir -p /site/.loopfunctions && chown -R app /site
USER app
ENTRYPOINT ["dotnet", "/app/loopfn.dll", "serve", "--root", "/site"]
