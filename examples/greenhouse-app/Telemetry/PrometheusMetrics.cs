using GreenhouseApp.Sensors;
using Prometheus;

namespace GreenhouseApp.Telemetry;

/// <summary>
/// The metrics served at /metrics for Vigil's scraper, with prometheus-net, in a registry of our own:
/// the default registry would also republish every .NET Meter (our OTLP instruments included) under
/// names that clash with what the OTLP path produces.
/// The sensor gauges are named greenhouse_sensor_*, not greenhouse_temperature_celsius and friends,
/// because that is the name the OTLP gauge "greenhouse.temperature" (unit Cel) gets after Prometheus
/// name translation; distinct names keep the scraped and the pushed series apart.
/// </summary>
internal sealed class PrometheusMetrics
{
    private readonly Counter _requests;
    private readonly Histogram _requestDuration;

    public PrometheusMetrics(Greenhouse greenhouse)
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        _requests = factory.CreateCounter("app_requests_total",
            "HTTP requests served, by method, route template and status code.", ["method", "route", "status"]);
        _requestDuration = factory.CreateHistogram("app_request_duration_seconds",
            "Time to serve an HTTP request, by method and route template.", ["method", "route"]);
        var temperature = factory.CreateGauge("greenhouse_sensor_temperature_celsius", "Air temperature per zone.", ["zone"]);
        var humidity = factory.CreateGauge("greenhouse_sensor_humidity_percent", "Relative air humidity per zone.", ["zone"]);
        var soilMoisture = factory.CreateGauge("greenhouse_sensor_soil_moisture_percent", "Soil moisture per zone.", ["zone"]);

        // Read the sensors at scrape time, so the gauges are exactly as fresh as the scrape.
        Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var zone in greenhouse.Snapshot())
            {
                temperature.WithLabels(zone.Zone).Set(zone.Temperature);
                humidity.WithLabels(zone.Zone).Set(zone.Humidity);
                soilMoisture.WithLabels(zone.Zone).Set(zone.SoilMoisture);
            }
        });
        // process_* and dotnet_* metrics, as any prometheus-net app has them.
        DotNetStats.Register(Registry);
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public void ObserveRequest(string method, string route, int status, TimeSpan elapsed)
    {
        _requests.WithLabels(method, route, StatusText(status)).Inc();
        _requestDuration.WithLabels(method, route).Observe(elapsed.TotalSeconds);
    }

    // The usual status codes as cached strings, so a request does not allocate one.
    private static string StatusText(int status) => status switch
    {
        200 => "200",
        400 => "400",
        404 => "404",
        500 => "500",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
