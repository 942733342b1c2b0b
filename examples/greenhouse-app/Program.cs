using GreenhouseApp;
using GreenhouseApp.Api;
using GreenhouseApp.Hosting;
using GreenhouseApp.Sensors;
using GreenhouseApp.Telemetry;
using GreenhouseApp.Traffic;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // Vigil runs `dotnet greenhouse-app.dll` from its own directory; appsettings.json lives beside the dll.
    ContentRootPath = AppContext.BaseDirectory,
});
if (!GreenhouseOptions.TryLoad(builder.Configuration, out var options, out string? error))
{
    Console.Error.WriteLine($"greenhouse-app: {error}");
    return 2;
}

builder.ConfigureGreenhouseHost(options);
builder.Services.AddSingleton(options);
builder.Services.AddGreenhouseSimulation(options);
builder.Services.AddGreenhouseApi();
builder.Services.AddGreenhouseTelemetry();
if (options.TrafficEnabled)
{
    builder.Services.AddTrafficGenerator();
}

var app = builder.Build();
app.UseGreenhouseTelemetry();
app.MapGreenhouseApi();
await app.RunAsync();
return 0;
