using System.Diagnostics;
using System.Text;
using LoopFunctions.Triggers.Http;
using LoopFunctions.Triggers.Starting;
using LoopFunctions.Triggers.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LoopFunctions.Triggers.Tests.Starting;

/// <summary>What a start may name as its repository (<see cref="RepositoryOverrides"/>), over real folders, real git
/// repositories and real symbolic links in a temp folder.</summary>
public sealed class RepositoryOverridesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("loopfn-repos-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("https://github.com/acme/calc.git", true)]
    [InlineData("git@github.com:acme/calc.git", true)]
    [InlineData("ext::sh -c touch% /tmp/x", true)]
    [InlineData("file:///srv/repos/calc", false)]
    [InlineData("/srv/repos/calc", false)]
    [InlineData("../calc", false)]
    [InlineData("calc", false)]
    public void IsRemote_Address_OnlyUrlsAndScpLikeAreRemote(string repository, bool remote)
    {
        Assert.Equal(remote, RepositoryOverrides.IsRemote(repository));
    }

    [Theory]
    [InlineData("https://github.com/acme/calc.git")]
    [InlineData("ssh://git@github.com/acme/calc.git")]
    [InlineData("git@github.com:acme/calc.git")]
    [InlineData("git://example.com/calc")]
    public void Problem_GitUrlWithoutRoots_TakenFromAnyCaller(string url)
    {
        Assert.Null(new RepositoryOverrides([]).Problem(url, localCaller: false));
    }

    [Theory]
    [InlineData("ftp://example.com/calc.git", "the scheme 'ftp' is not one of https, http, ssh, git or file")]
    [InlineData("ext::sh -c touch% /tmp/pwned", "git remote helpers (transport::address) are not taken")]
    [InlineData("--upload-pack=touch /tmp/pwned", "never an option")]
    [InlineData("https://github.com/acme/../evil/calc.git", "'..' segment")]
    [InlineData("https://github.com/acme/%2e%2e/evil/calc.git", "encoded dot")]
    [InlineData("https://github.com/acme/calc.git\n", "control character")]
    [InlineData("github.com:acme/calc.git", "neither a git URL")]
    [InlineData("evil@/home/user/secret", "neither a git URL")]
    public void Problem_NotAGitUrl_RefusedSayingWhy(string repository, string reason)
    {
        Assert.Contains(reason, new RepositoryOverrides([]).Problem(repository, localCaller: true), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_LocalRepositoryWithoutRoots_TakenOnlyFromThisMachine()
    {
        var repository = GitInit("calc");
        var overrides = new RepositoryOverrides([]);

        Assert.Null(overrides.Problem(repository, localCaller: true));
        Assert.Null(overrides.Problem("file://" + repository, localCaller: true));
        Assert.Contains("a local path is taken only from a caller on this machine, unless LoopFunctions:Triggers:AllowedRepositoryRoots", overrides.Problem(repository, localCaller: false), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ssh://git@localhost/srv/calc.git")]
    [InlineData("git@127.0.0.1:/srv/calc.git")]
    [InlineData("http://127.0.0.1:3000/acme/calc.git")]
    [InlineData("https://10.1.2.3/acme/calc.git")]
    [InlineData("https://192.168.0.7/acme/calc.git")]
    [InlineData("https://169.254.169.254/latest")]
    [InlineData("ssh://git@[::1]/srv/calc.git")]
    public void Problem_UrlNamingThisMachineOrAPrivateHostWithoutRoots_TakenOnlyFromThisMachine(string url)
    {
        var overrides = new RepositoryOverrides([]);

        Assert.Null(overrides.Problem(url, localCaller: true));
        Assert.Contains("a URL naming this machine or a private address is taken only from a caller on this machine", overrides.Problem(url, localCaller: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_LocalPathWithDotDotThroughALinkOutOfTheRoot_Refused()
    {
        var inside = Directory.CreateDirectory(Path.Combine(_root, "roots", "team")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(_root, "outside", "deep")).FullName;
        GitInit(Path.Combine("outside", "secret"));
        Directory.CreateSymbolicLink(Path.Combine(inside, "link"), outside);
        GitInit(Path.Combine("roots", "team", "secret"));
        var overrides = new RepositoryOverrides([inside]);

        // Checked as <root>/secret after collapsing "..", cloned by git as <outside>/deep/../secret.
        Assert.Contains("'.' or '..' segment", overrides.Problem(Path.Combine(inside, "link", "..", "secret"), localCaller: true), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_LocalFolderThatIsNoRepository_RefusedSayingWhy()
    {
        var overrides = new RepositoryOverrides([]);
        var plain = Directory.CreateDirectory(Path.Combine(_root, "plain")).FullName;

        Assert.Equal("the folder is not a git repository (no .git, and not a bare repository)", overrides.Problem(plain, localCaller: true));
        Assert.Equal("no such folder on this host", overrides.Problem(Path.Combine(_root, "missing"), localCaller: true));
        Assert.Equal("it is neither a git URL (https://, ssh://, git://, user@host:path) nor the absolute path of a local repository", overrides.Problem("calc", localCaller: true));
        Assert.Null(overrides.Problem(GitInit("bare.git", bare: true), localCaller: true));
    }

    [Fact]
    public void Problem_RootsSet_OnlyWhatIsUnderThemFromAnyCaller()
    {
        var allowed = Directory.CreateDirectory(Path.Combine(_root, "allowed")).FullName;
        var inside = GitInit("allowed/calc");
        var outside = GitInit("allowed-old/calc");
        var link = Path.Combine(allowed, "escape");
        Directory.CreateSymbolicLink(link, outside);
        var overrides = new RepositoryOverrides([allowed, "https://github.com/acme/"]);

        Assert.Null(overrides.Problem(inside, localCaller: false));
        Assert.Null(overrides.Problem("https://github.com/acme/calc.git", localCaller: false));
        var refused = $"it is not under an allowed repository root (LoopFunctions:Triggers:AllowedRepositoryRoots: {allowed}, https://github.com/acme/)";
        Assert.Equal(refused, overrides.Problem(outside, localCaller: true));
        Assert.Equal(refused, overrides.Problem(link, localCaller: true));
        Assert.Contains("'.' or '..' segment", overrides.Problem(Path.Combine(allowed, "..", "allowed-old", "calc"), localCaller: true), StringComparison.Ordinal);
        Assert.Equal(refused, overrides.Problem("https://github.com/acme-evil/calc.git", localCaller: true));
        Assert.Equal(refused, overrides.Problem("git@github.com:acme/calc.git", localCaller: true));
        // Outside the roots it does not matter whether the folder exists: a caller cannot probe the host's folders.
        Assert.Equal(refused, overrides.Problem("/etc", localCaller: true));
    }

    [Fact]
    public void Read_RootThatIsNeitherAFolderNorAUrl_RefusedNamingTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LoopFunctions:Triggers:AllowedRepositoryRoots:0"] = "/srv/repos",
            ["LoopFunctions:Triggers:AllowedRepositoryRoots:1"] = "repos",
        }).Build();

        var error = Assert.Throws<TriggerConfigurationException>(() => TriggerOptions.Read(configuration));

        Assert.Contains("LoopFunctions:Triggers:AllowedRepositoryRoots): 'repos' is neither an absolute folder nor a git URL prefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Roots_BoundInOrder()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LoopFunctions:Triggers:AllowedRepositoryRoots:0"] = "/srv/repos",
            ["LoopFunctions:Triggers:AllowedRepositoryRoots:1"] = "git@github.com:acme/",
        }).Build();

        Assert.Equal(["/srv/repos", "git@github.com:acme/"], TriggerOptions.Read(configuration).AllowedRepositoryRoots);
    }

    [Fact]
    public async Task StartAsync_LocalRepositoryFromAnotherMachineWithoutRoots_400AndNothingStarted()
    {
        using var loops = new LoopFolderFixture();
        loops.Write("fix-calc", "on: manual");
        var client = new FakeClient();
        var starter = new HttpLoopStarter(loops.Loops, new LoopLauncher(client.Object, new FakeTimeProvider(), NullLogger<LoopLauncher>.Instance), repositories: new RepositoryOverrides([]));
        var repository = GitInit("calc");

        var remote = await starter.StartAsync("fix-calc", null, repository, localCaller: false, Encoding.UTF8.GetBytes("{}"), default);
        var body = Encoding.UTF8.GetBytes($$"""{"loop": "fix-calc", "repository": "{{repository}}"}""");
        var orchestration = await starter.StartOrchestrationAsync(null, localCaller: false, body, default);

        Assert.Equal(400, remote.Error!.StatusCode);
        Assert.StartsWith($"repo '{repository}' cannot be used (nothing was started or spent): a local path is taken only from a caller on this machine", ((ErrorBody)remote.Error.Body).Error, StringComparison.Ordinal);
        Assert.Equal(400, orchestration.Error!.StatusCode);
        Assert.Empty(client.Starts);
        Assert.Null((await starter.StartAsync("fix-calc", null, repository, localCaller: true, default, default)).Error);
    }

    private string GitInit(string name, bool bare = false)
    {
        var path = Path.Combine(_root, name);
        Directory.CreateDirectory(path);
        var start = new ProcessStartInfo("git") { RedirectStandardError = true };
        foreach (var argument in bare ? ["init", "--quiet", "--bare", path] : new[] { "init", "--quiet", path })
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, git.StandardError.ReadToEnd());
        return path;
    }
}
