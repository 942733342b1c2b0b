namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// An exposition body is invalid. <see cref="Detail"/> is the text Prometheus's own parser gives for the
/// same input (<c>model/textparse</c>), so a target's "last error" reads as it would in Prometheus;
/// <see cref="Exception.Message"/> adds the 1-based line number in front:
/// <c>text format parsing error in line 3: expected value after metric, got ...</c>.
/// The parsers throw nothing else, whatever the bytes.
/// </summary>
internal sealed class ExpositionFormatException : Exception
{
    public ExpositionFormatException(string format, int lineNumber, string detail)
        : base($"{format} parsing error in line {lineNumber}: {detail}")
    {
        Format = format;
        LineNumber = lineNumber;
        Detail = detail;
    }

    /// <summary><c>text format</c> (Prometheus text 0.0.4 / 1.0.0) or <c>openmetrics format</c>.</summary>
    public string Format { get; }

    /// <summary>1-based line of the entry that failed (0 when unknown).</summary>
    public int LineNumber { get; }

    /// <summary>The error in Prometheus's wording, without the line prefix.</summary>
    public string Detail { get; }
}
