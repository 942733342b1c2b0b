using System.Diagnostics.Metrics;
using GreenhouseApp.Sensors;

namespace GreenhouseApp.Telemetry;

/// <summary>
/// The app's OpenTelemetry instruments, on the Meter "GreenhouseApp" (exported over OTLP). The gauges
/// are observable: the SDK reads the greenhouse at each export, so they cost nothing between exports.
/// Resolve once at start so the gauges exist before anything is watered.
/// </summary>
internal sealed class AppMetrics
{
    private readonly Counter<long> _waterEvents;
    private readonly Histogram<double> _valveOpenDuration;

    public AppMetrics(IMeterFactory meterFactory, Greenhouse greenhouse)
    {
        // IMeterFactory owns the Meter and disposes it with the container.
        var meter = meterFactory.Create(GreenhouseTelemetry.SourceName, GreenhouseTelemetry.Version);
        meter.CreateObservableGauge("greenhouse.temperature", () => Observe(greenhouse, SensorKind.Temperature),
            unit: "Cel", description: "Air temperature per zone.");
        meter.CreateObservableGauge("greenhouse.humidity", () => Observe(greenhouse, SensorKind.Humidity),
            unit: "%", description: "Relative air humidity per zone.");
        meter.CreateObservableGauge("greenhouse.soil_moisture", () => Observe(greenhouse, SensorKind.SoilMoisture),
            unit: "%", description: "Soil moisture per zone.");
        _waterEvents = meter.CreateCounter<long>("greenhouse.water.events",
            unit: "{event}", description: "Times a zone was watered.");
        // Valves stay open 75-750 ms; the default buckets (0 to 10000) would put them all in two buckets.
        _valveOpenDuration = meter.CreateHistogram("greenhouse.valve.open.duration",
            unit: "s", description: "How long a valve stayed open per watering.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2] });
    }

    public void RecordWatering(string zone, TimeSpan valveOpen)
    {
        var tag = new KeyValuePair<string, object?>("zone", zone);
        _waterEvents.Add(1, tag);
        _valveOpenDuration.Record(valveOpen.TotalSeconds, tag);
    }

    private static IEnumerable<Measurement<double>> Observe(Greenhouse greenhouse, SensorKind kind)
    {
        foreach (var zone in greenhouse.Snapshot())
        {
            yield return new Measurement<double>(zone.Value(kind), new KeyValuePair<string, object?>("zone", zone.Zone));
        }
    }
}
