#!/usr/bin/env bash
# Installs the Bicep CLI into .tools/bicep/bicep from its NuGet package (Azure.Bicep.CommandLine.linux-x64), the way
# the repository gets every tool: through a package registry, never a downloaded binary. A throwaway project outside
# the repository (so none of its Directory.*.props apply) restores the package into .tools/bicep/packages.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version="${BICEP_VERSION:-0.49.2}"
target="$root/.tools/bicep"
if [ -x "$target/bicep" ] && "$target/bicep" --version 2>/dev/null | grep -q "$version"; then
  exit 0
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/bicep-restore-XXXXXX")"
trap 'rm -rf "$work"' EXIT
cat > "$work/restore.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$version]" /></ItemGroup>
</Project>
XML
mkdir -p "$target"
dotnet restore "$work/restore.csproj" --packages "$target/packages" -nologo -v quiet >/dev/null
binary="$(find "$target/packages/azure.bicep.commandline.linux-x64/$version" -type f -name bicep | head -n 1)"
[ -n "$binary" ] || { echo "install-bicep: no bicep binary in Azure.Bicep.CommandLine.linux-x64 $version" >&2; exit 1; }
install -m 0755 "$binary" "$target/bicep"
"$target/bicep" --version
