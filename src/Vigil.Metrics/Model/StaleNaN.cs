namespace Vigil.Metrics.Model;

/// <summary>
/// Prometheus's staleness marker: a NaN with a distinct bit pattern (<c>0x7ff0000000000002</c>), told
/// apart from an ordinary NaN by its bits. Written when a scraped series or target disappears.
/// </summary>
public static class StaleNaN
{
    public const ulong Bits = 0x7ff0000000000002UL;
    public static readonly double Value = BitConverter.UInt64BitsToDouble(Bits);
    public static bool Is(double v) => BitConverter.DoubleToUInt64Bits(v) == Bits;
}
