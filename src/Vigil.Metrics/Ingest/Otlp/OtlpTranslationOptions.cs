using Vigil.Metrics.GoText;
using Vigil.Metrics.Scrape;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>What to do with DELTA sums and histograms, which Prometheus' data model has no type for.</summary>
public enum DeltaTemporalityMode
{
    /// <summary>
    /// Accumulate deltas into cumulative series in memory (Prometheus' <c>otlp-deltatocumulative</c> feature,
    /// i.e. the Collector's deltatocumulative processor). Vigil's default.
    /// </summary>
    ConvertToCumulative,

    /// <summary>Refuse the metric with <c>invalid temporality and type combination for metric "name"</c> (Prometheus' default).</summary>
    Reject,
}

/// <summary>
/// Settings of the OTLP → Prometheus translation: Prometheus' <c>otlp:</c> block of prometheus.yml
/// (config/config.go <c>OTLPConfig</c>) plus the delta conversion. Build it, call <see cref="Validate"/>, then
/// treat it as frozen: the translator reads it from many threads.
/// To add a setting: a property here with its upstream name in the doc comment, a check in
/// <see cref="Validate"/> naming the key, and a row in docs/apis/prometheus-otlp.md.
/// </summary>
public sealed class OtlpTranslationOptions
{
    /// <summary><c>translation_strategy</c>.</summary>
    public TranslationStrategy TranslationStrategy { get; init; } = TranslationStrategy.UnderscoreEscapingWithSuffixes;

    /// <summary><c>promote_resource_attributes</c>: resource attributes copied onto every series of the resource.</summary>
    public IReadOnlyList<string> PromoteResourceAttributes { get; init; } = [];

    /// <summary><c>promote_all_resource_attributes</c>: promote all but <see cref="IgnoreResourceAttributes"/>.</summary>
    public bool PromoteAllResourceAttributes { get; init; }

    /// <summary><c>ignore_resource_attributes</c>: only with <see cref="PromoteAllResourceAttributes"/>.</summary>
    public IReadOnlyList<string> IgnoreResourceAttributes { get; init; } = [];

    /// <summary><c>keep_identifying_resource_attributes</c>: keep service.name/namespace/instance.id on target_info.</summary>
    public bool KeepIdentifyingResourceAttributes { get; init; }

    /// <summary><c>promote_scope_metadata</c>: add otel_scope_name/version/schema_url and otel_scope_* labels.</summary>
    public bool PromoteScopeMetadata { get; init; }

    /// <summary><c>label_name_underscore_sanitization</c>: prefix <c>key</c> to names starting with a single <c>_</c>.</summary>
    public bool LabelNameUnderscoreSanitization { get; init; }

    /// <summary><c>label_name_preserve_multiple_underscores</c>: do not collapse runs of <c>_</c> in label names.</summary>
    public bool LabelNamePreserveMultipleUnderscores { get; init; }

    /// <summary>Delta sums and histograms: convert (default) or reject.</summary>
    public DeltaTemporalityMode DeltaTemporality { get; init; } = DeltaTemporalityMode.ConvertToCumulative;

    /// <summary>A delta stream with no new point for this long is forgotten; its next point starts a new cumulative series (the processor's <c>max_stale</c>).</summary>
    public TimeSpan DeltaMaxStale { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper bound of tracked delta streams; points of new streams beyond it are dropped (the processor's <c>max_streams</c>).</summary>
    public int DeltaMaxStreams { get; init; } = 100_000;

    /// <summary>
    /// When a delta point's start time is later than the stream's last point (the sender restarted or lost
    /// its state), start the cumulative series afresh, which PromQL sees as a counter reset.
    /// </summary>
    public bool DeltaResetOnStartGap { get; init; } = true;

    /// <summary>PromQL lookback delta; target_info gets a sample every half of it across a resource's time span.</summary>
    public TimeSpan LookbackDelta { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Samples further ahead of the clock than this are out of bounds (Prometheus' remote-write appender: 10m).</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The first problem, in Prometheus' wording (config/config.go), or null when the options are usable.</summary>
    public string? Validate()
    {
        if (PromoteAllResourceAttributes)
        {
            if (PromoteResourceAttributes.Count > 0)
                return "'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously";
            if (CheckAttributes(IgnoreResourceAttributes, "ignored") is { } bad) return "invalid 'ignore_resource_attributes': " + bad;
        }
        else
        {
            if (IgnoreResourceAttributes.Count > 0)
                return "'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true";
            if (CheckAttributes(PromoteResourceAttributes, "promoted") is { } bad) return "invalid 'promote_resource_attributes': " + bad;
        }
        if (DeltaMaxStale <= TimeSpan.Zero) return "otlp delta conversion: max_stale must be greater than 0s";
        if (DeltaMaxStreams <= 0) return "otlp delta conversion: max_streams must be greater than 0";
        if (LookbackDelta <= TimeSpan.Zero) return "lookback delta must be greater than 0s";
        if (MaxFutureSkew < TimeSpan.Zero) return "otlp: max future skew must not be negative";
        return null;
    }

    private static string? CheckAttributes(IReadOnlyList<string> attributes, string adjective)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string raw in attributes)
        {
            string attr = raw.Trim();
            if (attr.Length == 0) return $"empty {adjective} OTel resource attribute";
            if (!seen.Add(attr)) return $"duplicated {adjective} OTel resource attribute {GoQuote.Quote(attr)}";
        }
        return null;
    }
}
