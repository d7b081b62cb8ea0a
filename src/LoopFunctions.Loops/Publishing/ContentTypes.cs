namespace LoopFunctions.Loops.Publishing;

/// <summary>Content-Type by file extension, so a browser renders a published page instead of downloading it.</summary>
internal static class ContentTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".htm"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".json"] = "application/json",
        [".map"] = "application/json",
        [".xml"] = "application/xml",
        [".txt"] = "text/plain; charset=utf-8",
        [".log"] = "text/plain; charset=utf-8",
        [".md"] = "text/markdown; charset=utf-8",
        [".csv"] = "text/csv; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".ico"] = "image/x-icon",
        [".pdf"] = "application/pdf",
        [".woff"] = "font/woff",
        [".woff2"] = "font/woff2",
        [".wasm"] = "application/wasm",
        [".zip"] = "application/zip",
        [".trx"] = "application/xml",
    };

    public static string For(string path) =>
        ByExtension.TryGetValue(Path.GetExtension(path), out var type) ? type : "application/octet-stream";
}
