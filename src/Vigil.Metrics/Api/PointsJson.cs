using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.Api;

/// <summary>
/// A series' float points as the API writes them, <c>[[1435781451.781,"1"],[1435781466.781,"1.5"]]</c>, rendered
/// straight to UTF-8 and handed to the JSON writer as one raw value. A range answer is mostly points: going through
/// <see cref="Utf8JsonWriter"/> per point (start/end array, a char value transcoded and escape-checked) cost about
/// three times the query's own evaluation. Numbers are <see cref="ApiNumbers"/>' forms, written as bytes.
/// </summary>
internal static class PointsJson
{
    /// <summary>Bytes one point can take: two brackets, comma, quotes, a timestamp and the longest value.</summary>
    public const int MaxPointBytes = 32 + ApiNumbers.MaxChars;

    public static void WriteFloatPoints(Utf8JsonWriter json, ReadOnlySpan<FPoint> points)
    {
        byte[] buf = ArrayPool<byte>.Shared.Rent(Math.Max(4096, (points.Length * 40) + 2));
        try
        {
            int pos = 0;
            buf[pos++] = (byte)'[';
            for (int i = 0; i < points.Length; i++)
            {
                if (buf.Length - pos < MaxPointBytes + 2) Grow(ref buf, pos);
                if (i > 0) buf[pos++] = (byte)',';
                pos += WritePoint(buf.AsSpan(pos), points[i].T, points[i].F);
            }
            buf[pos++] = (byte)']';
            json.WriteRawValue(buf.AsSpan(0, pos), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buf);
        }
    }

    /// <summary><c>[1435781451.781,"1"]</c> into dest (at least <see cref="MaxPointBytes"/> long); returns the length.</summary>
    public static int WritePoint(Span<byte> dest, long t, double f)
    {
        int pos = 0;
        dest[pos++] = (byte)'[';
        pos += FormatTimestamp(t, dest[pos..]);
        dest[pos++] = (byte)',';
        dest[pos++] = (byte)'"';
        pos += ApiNumbers.FormatSampleValue(f, dest[pos..]);
        dest[pos++] = (byte)'"';
        dest[pos++] = (byte)']';
        return pos;
    }

    /// <summary>
    /// A point timestamp (jsonutil.MarshalTimestamp): seconds, and when the millisecond part is non-zero a
    /// point and exactly three digits (<c>1435781451.781</c>, <c>1.050</c>, <c>-0.500</c>).
    /// </summary>
    public static int FormatTimestamp(long ms, Span<byte> dest)
    {
        int pos = 0;
        ulong t = (ulong)ms;
        if (ms < 0)
        {
            dest[pos++] = (byte)'-';
            t = (ulong)-(ms + 1) + 1; // long.MinValue safe
        }
        (t / 1000).TryFormat(dest[pos..], out int w, default, CultureInfo.InvariantCulture);
        pos += w;
        ulong fraction = t % 1000;
        if (fraction != 0)
        {
            dest[pos++] = (byte)'.';
            dest[pos++] = (byte)('0' + (fraction / 100));
            dest[pos++] = (byte)('0' + (fraction / 10 % 10));
            dest[pos++] = (byte)('0' + (fraction % 10));
        }
        return pos;
    }

    private static void Grow(ref byte[] buf, int used)
    {
        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(buf.Length * 2, used + MaxPointBytes + 2));
        buf.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buf);
        buf = bigger;
    }
}
