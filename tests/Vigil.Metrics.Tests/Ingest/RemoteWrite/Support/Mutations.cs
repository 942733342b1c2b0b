using CsCheck;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;

/// <summary>Byte-level edits of valid bodies (overwrite, bit flip, insert, delete, duplicate a run, truncate), to reach decoder paths random bytes do not.</summary>
internal static class Mutations
{
    private static readonly Gen<(int Kind, int A, int B, byte Value)> Edit =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Byte);

    public static Gen<byte[]> Of(Gen<byte[]> valid) => Gen.Select(valid, Edit.Array[1, 4], Apply);

    private static byte[] Apply(byte[] bytes, (int Kind, int A, int B, byte Value)[] edits)
    {
        var data = new List<byte>(bytes);
        foreach (var (kind, a, b, value) in edits)
        {
            int at = a % (data.Count + 1);
            switch (kind)
            {
                case 0 when data.Count > 0:
                    data[at % data.Count] = value;
                    break;
                case 1 when data.Count > 0:
                    data[at % data.Count] ^= (byte)(1 << (b % 8));
                    break;
                case 2:
                    data.Insert(at, value);
                    break;
                case 3 when data.Count > 0:
                    data.RemoveRange(at % data.Count, Math.Min(1 + b % 16, data.Count - at % data.Count));
                    break;
                case 4 when data.Count > 0:
                {
                    int start = at % data.Count;
                    var run = data.GetRange(start, Math.Min(1 + b % 32, data.Count - start));
                    data.InsertRange(b % (data.Count + 1), run);
                    break;
                }
                default:
                    data.RemoveRange(at, data.Count - at);
                    break;
            }
        }
        return [.. data];
    }
}
