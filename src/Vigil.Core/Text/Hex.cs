using System.Runtime.CompilerServices;

namespace Vigil.Core.Text;

/// <summary>Hexadecimal helpers for ids carried as hex text (OTLP/JSON trace and span ids, Tempo ids).</summary>
public static class Hex
{
    /// <summary>Parses hex digits (either case) into <paramref name="destination"/>; the lengths must match exactly.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Hex, Span<byte> destination)
    {
        if (utf8Hex.Length != destination.Length * 2)
        {
            return false;
        }
        for (int i = 0; i < destination.Length; i++)
        {
            int hi = Digit(utf8Hex[2 * i]);
            int lo = Digit(utf8Hex[2 * i + 1]);
            if ((hi | lo) < 0)
            {
                return false;
            }
            destination[i] = (byte)((hi << 4) | lo);
        }
        return true;
    }

    public static bool TryParse(ReadOnlySpan<char> hex, Span<byte> destination)
    {
        if (hex.Length != destination.Length * 2)
        {
            return false;
        }
        for (int i = 0; i < destination.Length; i++)
        {
            int hi = hex[2 * i] < 128 ? Digit((byte)hex[2 * i]) : -1;
            int lo = hex[2 * i + 1] < 128 ? Digit((byte)hex[2 * i + 1]) : -1;
            if ((hi | lo) < 0)
            {
                return false;
            }
            destination[i] = (byte)((hi << 4) | lo);
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Digit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
