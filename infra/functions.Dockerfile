# The Azure Functions app (src/LoopFunctions.Functions) in the Functions .NET isolated image, with git: every loop
# clones a repository and commits, so git must be on the worker. Build from the repository root:
#   docker build -f infra/functions.Dockerfile -t myregistry.azurecr.io/loopfunctions-func:latest .
# and pass the image to infra/functions.bicep (containerImage). Agent CLIs a loop calls must be added here too.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/LoopFunctions.Functions/LoopFunctions.Functions.csproj -c Release -o /home/site/wwwroot

FROM mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0
RUN apt-get update \
    && apt-get install -y --no-install-recommends git ca-certificates \
    && rm -rf /var/lib/apt/lists/*
ENV AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true
COPY --from=build /home/site/wwwroot /home/site/wwwroot
