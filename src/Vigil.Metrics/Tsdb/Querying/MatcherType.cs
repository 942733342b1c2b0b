namespace Vigil.Metrics.Tsdb.Querying;

public enum MatcherType : byte
{
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>!=</c></summary>
    NotEqual,
    /// <summary><c>=~</c></summary>
    Regex,
    /// <summary><c>!~</c></summary>
    NotRegex,
}
