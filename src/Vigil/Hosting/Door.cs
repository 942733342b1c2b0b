using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Vigil.Hosting;

/// <summary>
/// One listener of the stack ("door"): its name in logs, the role it belongs to, where it listens, and
/// how its web application is set up. Each door is its own small ASP.NET Core application, so limits,
/// protocols (HTTP/2-only for gRPC) and 404 shapes stay per door, as they were per container.
/// </summary>
internal sealed record Door(
    string Name,
    string Role,
    int Port,
    HttpProtocols Protocols,
    Action<WebApplicationBuilder> ConfigureServices,
    Action<WebApplication> ConfigureApp);
