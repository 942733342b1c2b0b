using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// A pull parser over one scraped body (Prometheus <c>textparse.Parser</c>). Call <see cref="Next"/> until
/// it returns <see cref="ExpositionEntry.Eof"/>; after each entry read only the members that entry has:
/// <list type="bullet">
/// <item><see cref="ExpositionEntry.Series"/>: <see cref="SeriesKey"/>, <see cref="GetLabels"/>,
/// <see cref="Value"/>, <see cref="TimestampMs"/>, <see cref="TryGetExemplar"/>.</item>
/// <item><see cref="ExpositionEntry.Type"/> / <see cref="ExpositionEntry.Help"/> /
/// <see cref="ExpositionEntry.Unit"/>: <see cref="MetricFamily"/> and <see cref="Type"/> / <see cref="Help"/> /
/// <see cref="Unit"/>.</item>
/// <item><see cref="ExpositionEntry.Comment"/>: <see cref="Comment"/>.</item>
/// </list>
/// Invalid input throws <see cref="ExpositionFormatException"/> (never another exception type); the
/// parser is then done. Spans returned are views into the body, valid until the next <see cref="Next"/>.
/// Not thread-safe: one parser per scrape.
/// </summary>
internal abstract class ExpositionParser
{
    /// <summary>Advances to the next entry; throws <see cref="ExpositionFormatException"/> for invalid input.</summary>
    public abstract ExpositionEntry Next();

    /// <summary>
    /// The raw bytes of the current sample's series part (metric name and label block exactly as in the
    /// body, escapes and spacing included): the scrape cache key. Valid until <see cref="Next"/>.
    /// </summary>
    public abstract ReadOnlySpan<byte> SeriesKey { get; }

    /// <summary>
    /// Adds <c>__name__</c> and every label of the current sample, unescaped, with
    /// <see cref="LabelsBuilder.Set"/>; labels with an empty value are skipped (Prometheus treats them
    /// as absent). Like Prometheus 3, <c>le</c> of a histogram and <c>quantile</c> of a summary are
    /// rewritten to OpenMetrics float text (<c>le="1"</c> becomes <c>"1.0"</c>). A label name given twice
    /// throws <see cref="ExpositionFormatException"/>, which fails the scrape as Prometheus's head does.
    /// </summary>
    public abstract void GetLabels(LabelsBuilder into);

    /// <summary>The current sample's value; every NaN has Prometheus's normal NaN bits (0x7ff8000000000001).</summary>
    public abstract double Value { get; }

    /// <summary>The explicit timestamp in milliseconds (OpenMetrics float seconds converted), else null.</summary>
    public abstract long? TimestampMs { get; }

    /// <summary>The family name of a Type, Help or Unit entry (unescaped).</summary>
    public abstract string MetricFamily { get; }

    /// <summary>The type of a Type entry (text format <c>untyped</c> is <see cref="MetricType.Unknown"/>).</summary>
    public abstract MetricType Type { get; }

    /// <summary>The unescaped docstring of a Help entry.</summary>
    public abstract string Help { get; }

    /// <summary>The unit of a Unit entry (OpenMetrics only).</summary>
    public abstract string Unit { get; }

    /// <summary>The text of a Comment entry (text format only; starts with <c>#</c>).</summary>
    public virtual string Comment => "";

    /// <summary>
    /// The OpenMetrics exemplar of the current sample. Returns true once per sample and false after
    /// that (as Prometheus's <c>Exemplar</c>), so a <c>while</c> loop over it ends.
    /// </summary>
    public abstract bool TryGetExemplar(out ScrapedExemplar exemplar);
}
