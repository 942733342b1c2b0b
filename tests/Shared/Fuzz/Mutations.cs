using CsCheck;

namespace Vigil.Testing;

/// <summary>
/// Byte-level mutations of valid payloads, to reach decoder paths random bytes never get to. Linked into the
/// test projects that fuzz decoders (those referencing CsCheck), not into every one.
/// </summary>
internal static class Mutations
{
    /// <summary>One edit: kind, two positions/lengths (reduced modulo the payload) and a byte.</summary>
    private static readonly Gen<(int Kind, int A, int B, byte Value)> Edit =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Byte);

    public static Gen<byte[]> Of(Gen<byte[]> valid, byte[][]? fragments = null) =>
        Gen.Select(valid, Edit.Array[1, 4], (bytes, edits) => Apply(bytes, edits, fragments ?? []));

    private static byte[] Apply(byte[] bytes, (int Kind, int A, int B, byte Value)[] edits, byte[][] fragments)
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
                    // Duplicate a run somewhere else.
                    int start = at % data.Count;
                    int length = Math.Min(1 + b % 32, data.Count - start);
                    var run = data.GetRange(start, length);
                    data.InsertRange(b % (data.Count + 1), run);
                    break;
                }
                case 5 when fragments.Length > 0:
                    data.InsertRange(at, fragments[b % fragments.Length]);
                    break;
                default:
                    data.RemoveRange(at, data.Count - at);
                    break;
            }
        }
        return [.. data];
    }
}
