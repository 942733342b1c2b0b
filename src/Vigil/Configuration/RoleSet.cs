namespace Vigil.Configuration;

/// <summary>Which roles run, from the <c>roles</c> key or <c>--role</c> flags (<c>all</c> means every role).</summary>
internal sealed class RoleSet
{
    public RoleSet(IEnumerable<string> roles)
    {
        var set = new HashSet<string>(roles, StringComparer.Ordinal);
        bool all = set.Contains("all");
        Collector = all || set.Contains("collector");
        Metrics = all || set.Contains("metrics");
        Logs = all || set.Contains("logs");
        Traces = all || set.Contains("traces");
        Ui = all || set.Contains("ui");
        Rules = all || set.Contains("rules");
    }

    public bool Collector { get; }

    public bool Metrics { get; }

    public bool Logs { get; }

    public bool Traces { get; }

    public bool Ui { get; }

    public bool Rules { get; }

    public override string ToString()
    {
        var names = new List<string>();
        if (Collector) names.Add("collector");
        if (Metrics) names.Add("metrics");
        if (Logs) names.Add("logs");
        if (Traces) names.Add("traces");
        if (Ui) names.Add("ui");
        if (Rules) names.Add("rules");
        return string.Join(",", names);
    }
}
