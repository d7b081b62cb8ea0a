using OpenAI.Chat;

namespace LoopFunctions.Loops.Agents.OpenAi;

/// <summary>The tools offered to the model, with JSON schemas for their arguments.</summary>
internal static class ToolSchemas
{
    public const string ListFiles = "list_files";
    public const string ReadFile = "read_file";
    public const string WriteFile = "write_file";
    public const string EditFile = "edit_file";
    public const string Search = "search";
    public const string RunCommand = "run_command";

    public static IReadOnlyList<ChatTool> All { get; } =
    [
        Tool(ListFiles, "List files and folders under a folder of the workspace, recursively (folders end with '/').",
            """{"type":"object","properties":{"path":{"type":"string","description":"Folder relative to the workspace root; '.' for the root."}},"required":["path"],"additionalProperties":false}"""),
        Tool(ReadFile, "Read a text file of the workspace.",
            """{"type":"object","properties":{"path":{"type":"string","description":"File path relative to the workspace root."}},"required":["path"],"additionalProperties":false}"""),
        Tool(WriteFile, "Create or overwrite a text file of the workspace with the given content.",
            """{"type":"object","properties":{"path":{"type":"string"},"content":{"type":"string"}},"required":["path","content"],"additionalProperties":false}"""),
        Tool(EditFile, "Replace one exact occurrence of 'old' with 'new' in a file. Fails if 'old' occurs zero or several times.",
            """{"type":"object","properties":{"path":{"type":"string"},"old":{"type":"string"},"new":{"type":"string"}},"required":["path","old","new"],"additionalProperties":false}"""),
        Tool(Search, "Search text files for a .NET regular expression; returns path:line: text for each matching line.",
            """{"type":"object","properties":{"pattern":{"type":"string"},"path":{"type":"string","description":"Optional file or folder to search; default the whole workspace."}},"required":["pattern"],"additionalProperties":false}"""),
        Tool(RunCommand, "Run one of the allowed commands in the workspace root (no shell: no pipes, redirects or variables). Returns the exit code and the end of its output.",
            """{"type":"object","properties":{"command":{"type":"string","description":"For example: dotnet test"}},"required":["command"],"additionalProperties":false}"""),
    ];

    private static ChatTool Tool(string name, string description, string schema) =>
        ChatTool.CreateFunctionTool(name, description, BinaryData.FromString(schema));
}
