namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// What <see cref="ExpositionParser.Next"/> found (Prometheus <c>textparse.Entry</c>). <see cref="Eof"/> is
/// the clean end of a valid body; invalid input throws <see cref="ExpositionFormatException"/> instead.
/// </summary>
internal enum ExpositionEntry : byte
{
    Eof,
    Series,
    Type,
    Help,
    Unit,
    Comment,
}
