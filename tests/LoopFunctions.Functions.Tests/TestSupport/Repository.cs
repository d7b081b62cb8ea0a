namespace LoopFunctions.Functions.Tests.TestSupport;

/// <summary>Paths in the repository this test run was built from.</summary>
public static class Repository
{
    /// <summary>The folder holding LoopFunctions.sln, found upwards from the test's output folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in (Debug or Release): the app was built in the same one.</summary>
    public static string Configuration { get; } =
        typeof(Repository).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;

    /// <summary>The built Functions app's output folder.</summary>
    public static string AppOutput => Path.Combine(Root, "src", "LoopFunctions.Functions", "bin", Configuration, "net10.0");

    public static string Loops => Path.Combine(Root, "loops");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoopFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LoopFunctions.sln not found above " + AppContext.BaseDirectory);
    }
}
