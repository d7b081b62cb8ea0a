using System.Net.Sockets;
using Azure;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>Turns transport failures into <see cref="StoreUnavailableException"/> with an actionable message.</summary>
internal static class AzureErrors
{
    public static bool IsUnavailable(Exception ex) => ex switch
    {
        RequestFailedException r => r.Status == 0 || r.InnerException is HttpRequestException or SocketException,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(IsUnavailable),
        HttpRequestException or SocketException => true,
        _ => false,
    };

    public static StoreUnavailableException Unavailable(Exception ex, string account) => new(
        $"Azure Storage account '{account}' cannot be reached ({ex.Message.Split('\n')[0].Trim()}). Check the connection string, " +
        "the network, and that the storage emulator (Azurite) is running when UseDevelopmentStorage=true is used; the worker retries.", ex);

    public static bool IsStatus(Exception ex, int status) => ex is RequestFailedException r && r.Status == status;
}
