using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Governance;

/// <summary>
/// What decides how tests run without being a test: runner configuration and hooks, build files that choose what is
/// compiled, compiled artifacts that stand in for their source, modules that shadow the runner. An agent that may not
/// change the tests must not change these either, or it changes the verdict without touching a protected file.
/// </summary>
public static class TestMachinery
{
    /// <summary>Protected with the tests (<see cref="Applies"/>), per ecosystem.</summary>
    public static readonly IReadOnlyList<string> Paths =
    [
        // pytest and unittest: hooks and configuration, interpreter start-up hooks.
        "**/conftest.py", "pytest.ini", "tox.ini", "setup.cfg", "pyproject.toml", "**/sitecustomize.py", "**/usercustomize.py", "**/*.pth",
        // jest, vitest, mocha, karma, and the transforms they run tests through.
        "**/jest.config.*", "**/vitest.config.*", "**/vitest.workspace.*", "**/vite.config.*", "**/.mocharc*", "**/karma.conf.*", "**/babel.config.*", "**/.babelrc*",
        // dotnet test: MSBuild files imported into every project, run settings.
        "**/Directory.Build.props", "**/Directory.Build.targets", "**/Directory.Build.rsp", "**/*.runsettings", "**/xunit.runner.json",
        // go: the tests sit beside the code; cargo: build scripts and configuration.
        "**/*_test.go", "**/testdata/**", ".cargo/**", "**/build.rs",
        // maven and gradle: the build decides which tests run.
        "**/pom.xml", "**/build.gradle", "**/build.gradle.kts", "**/settings.gradle", "**/settings.gradle.kts", "gradle/**",
    ];

    /// <summary>Suffixes of compiled or binary artifacts the guard rejects unless the loop allows binaries: they run
    /// instead of (or without) source anyone reviews.</summary>
    public static readonly IReadOnlyList<string> BinarySuffixes =
        [".pyc", ".pyo", ".pyd", ".class", ".jar", ".war", ".dll", ".exe", ".so", ".dylib", ".a", ".o", ".obj", ".lib", ".wasm", ".node"];

    /// <summary>Top-level Python names a new module or package may not take: the standard library's most imported
    /// modules and the test runners.</summary>
    public static readonly IReadOnlySet<string> ShadowedNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "unittest", "pytest", "_pytest", "pluggy", "doctest", "nose", "nose2", "hypothesis", "coverage",
        "site", "sitecustomize", "usercustomize", "builtins", "os", "sys", "io", "re", "json", "math", "random", "time",
        "datetime", "types", "typing", "abc", "enum", "functools", "itertools", "collections", "contextlib", "copy",
        "importlib", "inspect", "logging", "operator", "pathlib", "shutil", "subprocess", "tempfile", "traceback",
        "warnings", "decimal", "fractions", "string", "struct", "threading", "asyncio", "signal", "socket", "pickle",
    };

    /// <summary>Whether the machinery is protected for this loop: <c>protect_test_machinery</c> is on and
    /// <c>protect_paths</c> protects tests (a pattern naming <c>test</c> or <c>spec</c>).</summary>
    public static bool Applies(GovernancePlan governance)
    {
        ArgumentNullException.ThrowIfNull(governance);
        return governance.ProtectTestMachinery
            && governance.ProtectPaths.Any(p => p.Contains("test", StringComparison.OrdinalIgnoreCase) || p.Contains("spec", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Files a check's program reads for its scripts: <c>package.json</c> for npm and its kin, the
    /// <c>Makefile</c> for make.</summary>
    public static IEnumerable<string> ScriptFiles(IEnumerable<IReadOnlyList<string>> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        foreach (var program in commands.Where(c => c.Count > 0).Select(c => Path.GetFileName(c[0])))
        {
            if (program is "npm" or "npx" or "yarn" or "pnpm" or "bun")
            {
                yield return "package.json";
            }
            else if (program is "make" or "gmake")
            {
                yield return "Makefile";
                yield return "makefile";
                yield return "GNUmakefile";
                yield return "**/*.mk";
            }
        }
    }

    /// <summary>Why the guard rejects <paramref name="change"/> (added or modified), or null: a compiled artifact,
    /// or a new top-level module that shadows a standard-library or test-runner name.</summary>
    public static string? Rejection(ChangedPath change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Kind == 'D')
        {
            return null;
        }

        var path = change.Path;
        var suffix = BinarySuffixes.FirstOrDefault(s => path.EndsWith(s, StringComparison.OrdinalIgnoreCase));
        if (suffix is not null || path.Split('/').Contains("__pycache__"))
        {
            return $"{path}: a compiled or binary artifact ({suffix ?? "__pycache__"}) runs without reviewable source; commit its source, or set governance.allow_binaries: true";
        }

        // Python puts the repository's root first on sys.path: a root "unittest.py" or "unittest/x.py" is imported
        // instead of the real one.
        var parts = path.Split('/');
        var module = parts.Length == 1 ? Path.GetFileNameWithoutExtension(parts[0]) : parts[0];
        var isModule = path.EndsWith(".py", StringComparison.Ordinal) && parts.Length <= 2;
        return change.Kind is 'A' or 'R' && isModule && ShadowedNames.Contains(module)
            ? $"{path}: a top-level '{module}' shadows the standard library's or a test runner's module of that name; set governance.allow_binaries: true if it is meant"
            : null;
    }
}
