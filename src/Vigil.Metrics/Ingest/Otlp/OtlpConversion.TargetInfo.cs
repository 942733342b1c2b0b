using Vigil.Metrics.Model;
using Vigil.Otlp.Model;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// target_info: one gauge series per resource carrying its non-identifying attributes plus job/instance
/// (helper.go <c>addResourceTargetInfo</c>). Value 1, HELP "Target metadata", one sample every half
/// lookback delta from the resource's earliest to its latest point and one at the latest, deduplicated
/// across the batch.
/// </summary>
internal sealed partial class OtlpConversion
{
    private const string TargetInfoName = "target_info";

    /// <summary>Vigil cap: a point at time 0 would otherwise ask for millions of samples (upstream has no cap).</summary>
    internal const int MaxTargetInfoSamples = 1000;

    private static readonly MetricMetadata TargetInfoMetadata = new(Model.MetricType.Gauge, "Target metadata", "");

    private readonly HashSet<(Labels, long)> _seenTargetInfo = [];

    private void AddTargetInfo(Resource resource, ulong earliest, ulong latest)
    {
        var attributes = resource.Attributes;
        int nonIdentifying = attributes.Length;
        foreach (string key in (ReadOnlySpan<string>)[ServiceNamespace, ServiceName, ServiceInstanceId])
            if (TryGet(attributes, key, out _)) nonIdentifying--;
        // With only job and instance to say, target_info adds nothing.
        if (nonIdentifying <= 0) return;

        _metricFailed = false;
        var baseLabels = CreateAttributes(attributes, resourceLevel: true, out string? error);
        if (baseLabels is null)
        {
            FailMetric(error!);
            return;
        }
        if (!baseLabels.Has("job") && !baseLabels.Has("instance")) return;

        var labels = SeriesLabels.With(baseLabels, TargetInfoName);
        ulong interval = (ulong)(_options.LookbackDelta.Ticks / 2 * 100); // ticks are 100 ns
        int written = 0;
        for (ulong t = earliest; t < latest && written < MaxTargetInfoSamples; t += interval, written++)
        {
            EmitTargetInfo(labels, ToMilliseconds(t));
            if (t > ulong.MaxValue - interval) break;
        }
        EmitTargetInfo(labels, ToMilliseconds(latest));
        UpdateMetadata(baseLabels, TargetInfoName, TargetInfoMetadata);
    }

    private void EmitTargetInfo(Labels labels, long timestampMs)
    {
        if (_seenTargetInfo.Add((labels, timestampMs))) Emit(labels, timestampMs, 1);
    }
}
