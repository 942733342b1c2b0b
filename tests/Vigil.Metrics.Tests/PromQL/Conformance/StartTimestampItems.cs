using System.Globalization;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// The items of an <c>@st</c> line (README 3.3): start-time offsets in ms from each sample's time, null for no
/// start time. <c>_</c>, <c>_xN</c> (N slots), <c>D</c>, <c>DxN</c> (N+1 copies), <c>D+ExN</c>/<c>D-ExN</c>
/// (N+1 offsets changing by E), <c>*</c>/<c>*xN</c> (the previous offset again); D is a signed single-unit
/// Prometheus duration (<c>-30s</c>, <c>-59999ms</c>, <c>0</c>).
/// </summary>
internal static class StartTimestampItems
{
    public static List<long?> Parse(string items)
    {
        var result = new List<long?>();
        foreach (string item in items.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            long previous = result.LastOrDefault(static v => v is not null) ?? 0;
            try
            {
                ParseItem(item, previous, result);
            }
            catch (FormatException e)
            {
                throw new FormatException($"invalid @st sequence: invalid ST item \"{item}\": {e.Message}");
            }
        }
        return result;
    }

    private static void ParseItem(string item, long previous, List<long?> result)
    {
        if (item == "_") { result.Add(null); return; }
        if (item.StartsWith("_x", StringComparison.Ordinal))
        {
            int n = Count(item.AsSpan(2));
            if (n == 0) throw new FormatException("invalid repeat count");
            for (int i = 0; i < n; i++) result.Add(null);
            return;
        }
        if (item == "*") { result.Add(previous); return; }
        if (item.StartsWith("*x", StringComparison.Ordinal))
        {
            int n = Count(item.AsSpan(2));
            for (int i = 0; i <= n; i++) result.Add(previous);
            return;
        }
        int pos = 0;
        long first = ReadDuration(item, ref pos);
        if (pos == item.Length) { result.Add(first); return; }
        if (item[pos] == 'x')
        {
            int n = Count(item.AsSpan(pos + 1));
            for (int i = 0; i <= n; i++) result.Add(first);
            return;
        }
        if (item[pos] != '+' && item[pos] != '-') throw new FormatException($"unexpected character '{item[pos]}' after duration");
        bool negative = item[pos] == '-';
        pos++;
        long delta = ReadDuration(item, ref pos);
        if (negative) delta = -delta;
        if (pos >= item.Length || item[pos] != 'x') throw new FormatException("expected 'x<count>' after step duration");
        int count = Count(item.AsSpan(pos + 1));
        long offset = first;
        for (int i = 0; i <= count; i++, offset += delta) result.Add(offset);
    }

    /// <summary>Optional sign, digits, then unit letters up to (not including) an <c>x</c>.</summary>
    private static long ReadDuration(string item, ref int pos)
    {
        bool negative = false;
        if (pos < item.Length && (item[pos] == '-' || item[pos] == '+'))
        {
            negative = item[pos] == '-';
            pos++;
        }
        int start = pos;
        while (pos < item.Length && char.IsAsciiDigit(item[pos])) pos++;
        if (pos == start) throw new FormatException("expected digits in duration");
        while (pos < item.Length && char.IsAsciiLetter(item[pos]) && item[pos] != 'x') pos++;
        long ms = ScriptParser.ParseDuration(item[start..pos], "duration");
        return negative ? -ms : ms;
    }

    private static int Count(ReadOnlySpan<char> text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n)) throw new FormatException("invalid repeat count");
        if (n > SeriesDescription.MaxRepetitions) throw new FormatException($"repetition count {n} is above {SeriesDescription.MaxRepetitions}");
        return n;
    }
}
