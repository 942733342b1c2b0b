namespace GreenhouseApp.Hosting;

internal static class HostingSetup
{
    /// <summary>Port 8000 on every IPv4 interface: where Vigil's config (demo.port) and its scraper expect the demo.</summary>
    public const string DefaultUrl = "http://0.0.0.0:8000";

    /// <summary>How long in-flight requests get to finish on SIGTERM; the slowest simulated one takes 1.5 s.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Where to listen, the console log format, the shutdown deadline and the parent watch. The listen
    /// address is, in order: GREENHOUSE_PORT (all IPv4 interfaces), then --urls / ASPNETCORE_URLS,
    /// then port 8000.
    /// </summary>
    public static WebApplicationBuilder ConfigureGreenhouseHost(this WebApplicationBuilder builder, GreenhouseOptions options)
    {
        if (options.Port is int port)
        {
            builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        }
        else if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // One line per entry, so the output of a child process is readable when interleaved with others.
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        ParentWatch.AddTo(builder.Services, options);
        return builder;
    }
}
