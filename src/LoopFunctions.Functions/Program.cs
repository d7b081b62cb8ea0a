using LoopFunctions.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddLoopFunctionsApp(builder.Configuration, AppContext.BaseDirectory);
await builder.Build().RunAsync().ConfigureAwait(false);
