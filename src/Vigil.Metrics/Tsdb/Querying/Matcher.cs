using System.Collections.Frozen;

namespace Vigil.Metrics.Tsdb.Querying;

/// <summary>
/// A label matcher (Prometheus <c>labels.Matcher</c>). A missing label matches as the empty string.
/// Regexes are fully anchored and use Prometheus 3.x semantics (<c>.</c> matches a newline); they run on
/// <see cref="PrometheusRegex"/>, which is linear-time like Go's RE2, and common shapes (<c>.*</c>,
/// <c>.+</c>, <c>a|b|c</c>, a plain literal) skip the regex entirely.
/// </summary>
public sealed class Matcher
{
    private readonly PrometheusRegex? _regex;
    private readonly FrozenSet<string>? _set;
    private readonly RegexShape _shape;

    private enum RegexShape : byte { General, MatchAll, MatchNonEmpty, Set }

    public MatcherType Type { get; }
    public string Name { get; }
    public string Value { get; }

    private Matcher(MatcherType type, string name, string value)
    {
        Type = type;
        Name = name;
        Value = value;
        if (type is MatcherType.Regex or MatcherType.NotRegex)
        {
            if (value is ".*") _shape = RegexShape.MatchAll;
            else if (value is ".+") _shape = RegexShape.MatchNonEmpty;
            else if (PrometheusRegex.TryGetLiteralAlternatives(value, out var alternatives))
            {
                _shape = RegexShape.Set;
                _set = alternatives.ToFrozenSet(StringComparer.Ordinal);
            }
            else _regex = PrometheusRegex.Get(value);
        }
    }

    /// <summary>Builds a matcher; throws <see cref="FormatException"/> ("error parsing regexp: ...") for an invalid regex.</summary>
    public static Matcher Create(MatcherType type, string name, string value) => new(type, name, value);

    public static Matcher Equal(string name, string value) => new(MatcherType.Equal, name, value);

    public bool Matches(string value) => Type switch
    {
        MatcherType.Equal => string.Equals(value, Value, StringComparison.Ordinal),
        MatcherType.NotEqual => !string.Equals(value, Value, StringComparison.Ordinal),
        MatcherType.Regex => RegexMatches(value),
        _ => !RegexMatches(value),
    };

    private bool RegexMatches(string value) => _shape switch
    {
        RegexShape.MatchAll => true,
        RegexShape.MatchNonEmpty => value.Length > 0,
        RegexShape.Set => _set!.Contains(value),
        _ => _regex!.IsMatch(value),
    };

    /// <summary>Whether this matcher accepts series that lack the label entirely.</summary>
    public bool MatchesEmpty => Matches("");

    /// <summary>For <c>=~</c> matchers that are a finite set of literals (<c>a|b|c</c>, <c>foo</c>): those values. Lets postings look values up instead of scanning.</summary>
    public IReadOnlyCollection<string>? SetMatches => Type switch
    {
        MatcherType.Equal => [Value],
        MatcherType.Regex when _shape == RegexShape.Set => _set,
        _ => null,
    };

    public override string ToString()
    {
        string op = Type switch { MatcherType.Equal => "=", MatcherType.NotEqual => "!=", MatcherType.Regex => "=~", _ => "!~" };
        var sb = new System.Text.StringBuilder(Name).Append(op).Append('"');
        Model.Labels.AppendEscaped(sb, Value);
        return sb.Append('"').ToString();
    }
}
