namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>
/// A coding-agent CLI that a loop drives headless (<c>agent.kind: claude | codex | gemini | opencode</c>): how to
/// call it so that it edits without asking, talks only to its model endpoint, and keeps its state in the run's
/// private agent home; and how to read what it did and spent from its own machine output.
/// </summary>
/// <remarks>An implementation is pure: it builds a command line and reads an output, and starts nothing itself, so
/// it is tested on the saved output of the real CLI.</remarks>
public abstract class CodingCli
{
    /// <summary>Describes the CLI; each argument is the property of the same name.</summary>
    protected CodingCli(string kind, string displayName, string executable, string npmPackage, string testedVersion, string defaultModel, string defaultApiKeyEnv, string defaultApiHost)
    {
        (Kind, DisplayName, Executable, NpmPackage, TestedVersion) = (kind, displayName, executable, npmPackage, testedVersion);
        (DefaultModel, DefaultApiKeyEnv, DefaultApiHost) = (defaultModel, defaultApiKeyEnv, defaultApiHost);
    }

    /// <summary>The <c>agent.kind</c> that selects this CLI.</summary>
    public string Kind { get; }

    /// <summary>The product's name, for messages.</summary>
    public string DisplayName { get; }

    /// <summary>The executable looked up on PATH unless <c>agent.command</c> names another.</summary>
    public string Executable { get; }

    /// <summary>The npm package that installs <see cref="Executable"/>.</summary>
    public string NpmPackage { get; }

    /// <summary>The version the loop's command line and output reader were tested against.</summary>
    public string TestedVersion { get; }

    /// <summary>The model when the loop names none.</summary>
    public string DefaultModel { get; }

    /// <summary>The host variable that holds the API key unless <c>agent.api_key_env</c> names another.</summary>
    public string DefaultApiKeyEnv { get; }

    /// <summary>The provider's API host: the only host the sandbox lets the CLI reach unless the loop names an
    /// <c>endpoint</c> or an <c>agent.network</c> list.</summary>
    public string DefaultApiHost { get; }

    /// <summary>Whether the CLI has a cap on its agentic turns (<c>agent.max_turns</c>).</summary>
    public virtual bool HasMaxTurns => false;

    /// <summary>The command line, environment and state files of one headless run.</summary>
    public abstract CliLaunch Prepare(CliInvocation call);

    /// <summary>Reads the CLI's stdout. <paramref name="previous"/> is the session this run resumed, for CLIs whose
    /// usage counts are cumulative over a session.</summary>
    public abstract CliReport Read(string stdout, CliSession? previous);

    /// <summary>The install hint printed when the executable is missing.</summary>
    public string InstallHint => $"npm install -g {NpmPackage}@{TestedVersion}";
}
