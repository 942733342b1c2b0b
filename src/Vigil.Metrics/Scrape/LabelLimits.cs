using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// label_limit, label_name_length_limit and label_value_length_limit (Prometheus
/// <c>verifyLabelLimits</c>): a series over a limit fails the whole scrape with this text. Lengths are in
/// UTF-8 bytes, as Go's <c>len</c> counts them; names in the message are cut at 50 characters.
/// </summary>
internal static class LabelLimits
{
    public static string? Check(Labels labels, ScrapeSettings settings)
    {
        string metric = Truncate(labels.Name, 50);
        if (settings.LabelLimit > 0 && labels.Count > settings.LabelLimit)
            return $"label_limit exceeded (metric: {metric}, number of labels: {labels.Count}, limit: {settings.LabelLimit})";
        if (settings.LabelNameLengthLimit == 0 && settings.LabelValueLengthLimit == 0) return null;
        foreach (var label in labels.AsSpan())
        {
            int nameLength = System.Text.Encoding.UTF8.GetByteCount(label.Name);
            if (settings.LabelNameLengthLimit > 0 && nameLength > settings.LabelNameLengthLimit)
                return $"label_name_length_limit exceeded (metric: {metric}, label name: {Truncate(label.Name, 50)}, length: {nameLength}, limit: {settings.LabelNameLengthLimit})";
            int valueLength = System.Text.Encoding.UTF8.GetByteCount(label.Value);
            if (settings.LabelValueLengthLimit > 0 && valueLength > settings.LabelValueLengthLimit)
                return $"label_value_length_limit exceeded (metric: {metric}, label name: {Truncate(label.Name, 50)}, value: {GoQuote.Quote(Truncate(label.Value, 50))}, length: {valueLength}, limit: {settings.LabelValueLengthLimit})";
        }
        return null;
    }

    // Go's %.50s (and, inside GoQuote.Quote, %.50q): the first 50 characters.
    private static string Truncate(string s, int maxChars) => s.Length > maxChars ? s[..maxChars] : s;
}
