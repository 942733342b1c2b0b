using Snappier;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>Why a snappy block could not be decompressed.</summary>
internal enum SnappyStatus : byte
{
    Ok,

    /// <summary>Not a valid block: Go's <c>snappy: corrupt input</c>.</summary>
    Corrupt,

    /// <summary>The header declares more bytes than the configured limit.</summary>
    TooLarge,
}

/// <summary>
/// Snappy block format (not framed), as remote write bodies are compressed. The block starts with the
/// decompressed length as a varint, so the limit is checked there, before a byte is allocated: a 30-byte
/// body claiming 4 GiB costs nothing. The output goes into the caller's buffer, grown to the declared
/// length when short (remote write keeps one per pooled batch: the shared array pool would keep one per
/// thread and size bucket, megabytes that ingestion never needs at once).
/// </summary>
internal static class SnappyBlock
{
    public const string CorruptText = "snappy: corrupt input";

    /// <summary>
    /// The declared length, read as Go's <c>snappy.decodedLen</c> does: a varint of at most 5 bytes whose
    /// value fits in 32 bits, else the block is corrupt.
    /// </summary>
    public static bool TryReadLength(ReadOnlySpan<byte> block, out long length)
    {
        ulong value = 0;
        for (int i = 0; i < block.Length && i < 10; i++)
        {
            byte b = block[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                length = (long)value;
                return i < 5 && value <= uint.MaxValue;
            }
        }
        length = 0;
        return false;
    }

    public static SnappyStatus TryDecompress(ReadOnlySpan<byte> block, int limit, ref byte[] buffer, out int length, out string error)
    {
        length = 0;
        if (!TryReadLength(block, out long declared))
        {
            error = CorruptText;
            return SnappyStatus.Corrupt;
        }
        if (declared > limit)
        {
            error = $"snappy: decoded block is too large: {declared} bytes exceed the limit of {limit} bytes";
            return SnappyStatus.TooLarge;
        }
        int size = (int)declared;
        if (buffer.Length < size)
        {
            buffer = new byte[size];
        }
        try
        {
            int written = Snappy.Decompress(block, buffer.AsSpan(0, size));
            if (written != size)
            {
                error = CorruptText;
                return SnappyStatus.Corrupt;
            }
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            error = CorruptText;
            return SnappyStatus.Corrupt;
        }
        length = size;
        error = string.Empty;
        return SnappyStatus.Ok;
    }
}
