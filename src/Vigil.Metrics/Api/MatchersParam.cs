using System.Text.Json;
using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Parser;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Api;

/// <summary>
/// <c>match[]</c> selectors (api.go parseMatchersParam): each parsed as a PromQL vector selector; a set whose
/// matchers all match the empty string is refused.
/// </summary>
internal static class MatchersParam
{
    public const string EmptyMatcherError = "match[] must contain at least one non-empty matcher";

    public static bool TryParse(IReadOnlyList<string> selectors, out List<IReadOnlyList<Matcher>> sets, out string error)
    {
        sets = new List<IReadOnlyList<Matcher>>(selectors.Count);
        error = "";
        foreach (string text in selectors)
        {
            if (!TryParseOne(text, out var matchers, out error)) return false;
            bool nonEmpty = false;
            foreach (var m in matchers)
            {
                if (!m.MatchesEmpty) { nonEmpty = true; break; }
            }
            if (!nonEmpty)
            {
                error = EmptyMatcherError;
                return false;
            }
            sets.Add(matchers);
        }
        return true;
    }

    /// <summary>One selector (also match_target); the error is the parser's <c>1:4: parse error: ...</c>.</summary>
    public static bool TryParseOne(string text, out IReadOnlyList<Matcher> matchers, out string error)
    {
        error = "";
        try
        {
            matchers = PromQlParser.ParseSelector(text).Matchers;
            return true;
        }
        catch (ParseException e)
        {
            matchers = [];
            error = e.Message;
            return false;
        }
    }

    /// <summary>A label set as a JSON object, in label order (json_codec.go marshalLabelsJSON).</summary>
    public static void WriteLabels(Utf8JsonWriter json, Labels labels)
    {
        json.WriteStartObject();
        foreach (var label in labels.AsSpan()) json.WriteString(label.Name, label.Value);
        json.WriteEndObject();
    }
}
