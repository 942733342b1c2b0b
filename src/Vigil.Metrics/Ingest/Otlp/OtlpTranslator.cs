using Vigil.Metrics.Tsdb;
using Vigil.Otlp.Model;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// Turns OTLP metrics into the Prometheus series Prometheus 3.x creates for <c>/api/v1/otlp/v1/metrics</c>
/// (storage/remote/otlptranslator/prometheusremotewrite) and stages them on an <see cref="IAppender"/>;
/// the caller commits or rolls back. Differences from upstream (exponential histograms become classic
/// buckets, deltas are accumulated, ...) are listed in docs/apis/prometheus-otlp.md.
/// Thread-safe: one translator serves all requests; each call works on its own conversion state, and the
/// delta accumulator it shares is locked.
/// </summary>
public sealed class OtlpTranslator
{
    public OtlpTranslator(OtlpTranslationOptions options, TimeProvider? timeProvider = null)
    {
        if (options.Validate() is { } problem) throw new ArgumentException(problem, nameof(options));
        Options = options;
        Time = timeProvider ?? TimeProvider.System;
        Namer = new MetricNamer(options.TranslationStrategy);
        LabelNamer = new LabelNamer(!options.TranslationStrategy.ShouldEscape(), options.LabelNameUnderscoreSanitization,
            options.LabelNamePreserveMultipleUnderscores);
        Deltas = new DeltaAccumulator(options, Time);
        PromotedAttributes = new HashSet<string>(
            (options.PromoteAllResourceAttributes ? options.IgnoreResourceAttributes : options.PromoteResourceAttributes).Select(static a => a.Trim()),
            StringComparer.Ordinal);
    }

    public OtlpTranslationOptions Options { get; }

    /// <summary>Delta streams currently tracked by the delta-to-cumulative conversion.</summary>
    public int DeltaStreamCount => Deltas.Count;

    internal TimeProvider Time { get; }

    internal MetricNamer Namer { get; }

    internal LabelNamer LabelNamer { get; }

    internal DeltaAccumulator Deltas { get; }

    /// <summary>The promoted attribute names, or with promote-all the ignored ones.</summary>
    internal HashSet<string> PromotedAttributes { get; }

    /// <summary>Translates one request and stages its samples and metadata on <paramref name="appender"/> (no commit).</summary>
    public OtlpWriteResult Translate(MetricsData data, IAppender appender) => Translate([data], appender);

    /// <summary>
    /// Translates a batch as one unit (target_info samples deduplicated across it) and stages everything on
    /// <paramref name="appender"/>. Append refusals are counted in the result, never thrown.
    /// </summary>
    public OtlpWriteResult Translate(IReadOnlyList<MetricsData> batch, IAppender appender)
    {
        var conversion = new OtlpConversion(this, appender);
        foreach (var data in batch) conversion.Add(data);
        return conversion.Result;
    }
}
