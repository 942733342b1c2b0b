using System.Text.Unicode;
using Vigil.Core.Text;

namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// Turns the quoted parts of an exposition into strings: undoes escapes the way Prometheus's
/// <c>lvalReplacer</c> (<c>\\ \" \n</c>) and the text format's <c>helpReplacer</c> (<c>\\ \n</c>) do —
/// any other backslash stays as written — and interns names and values through the process-wide
/// <see cref="Utf8StringCache"/>, so a series seen on every scrape costs no new strings.
/// </summary>
internal sealed class LabelText
{
    private byte[] _scratch = new byte[256];

    public string Name(ReadOnlySpan<byte> raw) => Utf8StringCache.Names.Get(Unescape(raw, quotes: true));

    public string Value(ReadOnlySpan<byte> raw) => Utf8StringCache.Values.Get(Unescape(raw, quotes: true));

    /// <summary>A one-off string (help text, comments): not interned.</summary>
    public string Text(ReadOnlySpan<byte> raw, bool quotes) => System.Text.Encoding.UTF8.GetString(Unescape(raw, quotes));

    /// <summary>The unescaped bytes, in a scratch buffer valid until the next call (or <paramref name="raw"/> itself).</summary>
    public ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> raw, bool quotes)
    {
        int backslash = raw.IndexOf((byte)'\\');
        if (backslash < 0) return raw;
        if (_scratch.Length < raw.Length) _scratch = new byte[Math.Max(raw.Length, _scratch.Length * 2)];
        raw[..backslash].CopyTo(_scratch);
        int n = backslash;
        for (int i = backslash; i < raw.Length; i++)
        {
            byte c = raw[i];
            if (c == '\\' && i + 1 < raw.Length)
            {
                byte next = raw[i + 1];
                if (next == '\\' || (next == '"' && quotes))
                {
                    _scratch[n++] = next;
                    i++;
                    continue;
                }
                if (next == 'n')
                {
                    _scratch[n++] = (byte)'\n';
                    i++;
                    continue;
                }
            }
            _scratch[n++] = c;
        }
        return _scratch.AsSpan(0, n);
    }

    public static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => Utf8.IsValid(bytes);
}
