using System.Net;
using System.Text;
using LoopFunctions.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace LoopFunctions.Functions.Tests.TestSupport;

/// <summary>What an invocation gets from the Functions runtime, mocked as Microsoft's guidance for isolated Durable
/// Functions does: a <see cref="FunctionContext"/> whose services are the app's own (<see cref="FunctionsAppSetup"/>),
/// and <see cref="HttpRequestData"/> whose responses keep what the function wrote.</summary>
public sealed class FunctionsHarness : IDisposable
{
    public FunctionsHarness(string loopsFolder, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["LoopFunctions:LoopsFolder"] = loopsFolder };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(Mock.Of<IHostApplicationLifetime>(l => l.ApplicationStopping == CancellationToken.None));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddLoopFunctionsApp(configuration, AppContext.BaseDirectory);
        Services = services.BuildServiceProvider();
        Context = new Mock<FunctionContext>();
        Context.SetupGet(c => c.InstanceServices).Returns(Services);
        Context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);
    }

    public ServiceProvider Services { get; }

    public Mock<FunctionContext> Context { get; }

    public LoopTriggers Triggers => Services.GetRequiredService<LoopTriggers>();

    /// <summary>A request to <paramref name="url"/> with <paramref name="body"/> and headers.</summary>
    public HttpRequestData Request(string method, string url, string? body = null, params (string Name, string Value)[] headers)
    {
        var request = new Mock<HttpRequestData>(Context.Object);
        var headerCollection = new HttpHeadersCollection();
        foreach (var (name, value) in headers)
        {
            headerCollection.Add(name, value);
        }

        request.SetupGet(r => r.Method).Returns(method);
        var uri = new Uri(url);
        request.SetupGet(r => r.Url).Returns(uri);
        request.SetupGet(r => r.Query).Returns(System.Web.HttpUtility.ParseQueryString(uri.Query));
        request.SetupGet(r => r.Headers).Returns(headerCollection);
        request.SetupGet(r => r.Body).Returns(new MemoryStream(Encoding.UTF8.GetBytes(body ?? "")));
        request.Setup(r => r.CreateResponse()).Returns(() =>
        {
            var response = new Mock<HttpResponseData>(Context.Object);
            response.SetupProperty(r => r.StatusCode, HttpStatusCode.OK);
            response.SetupProperty(r => r.Headers, new HttpHeadersCollection());
            response.SetupProperty(r => r.Body, new MemoryStream());
            return response.Object;
        });
        return request.Object;
    }

    /// <summary>The body a function wrote.</summary>
    public static string BodyOf(HttpResponseData response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Body.Position = 0;
        return new StreamReader(response.Body).ReadToEnd();
    }

    public void Dispose() => Services.Dispose();
}
