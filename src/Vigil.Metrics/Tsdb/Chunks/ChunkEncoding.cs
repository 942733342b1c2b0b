namespace Vigil.Metrics.Tsdb.Chunks;

/// <summary>How a chunk's bytes are encoded (the byte stored before each chunk on disk, as Prometheus's <c>chunkenc.Encoding</c>).</summary>
internal enum ChunkEncoding : byte
{
    None = 0,
    /// <summary>Float samples, Gorilla delta-of-delta timestamps and XOR values (<see cref="XorChunk"/>).</summary>
    Xor = 1,
}

/// <summary>Opens an iterator over encoded chunk bytes of any known encoding.</summary>
internal static class ChunkDecoder
{
    /// <summary>An iterator over <paramref name="data"/>, reusing <paramref name="reuse"/> when it is of the right kind.</summary>
    public static Querying.SampleIterator Iterator(byte encoding, ReadOnlyMemory<byte> data, Querying.SampleIterator? reuse)
    {
        if (encoding == (byte)ChunkEncoding.Xor)
        {
            var it = reuse as XorIterator ?? new XorIterator();
            it.Reset(data);
            return it;
        }
        return new BrokenChunkIterator($"unknown chunk encoding {encoding}");
    }

    private sealed class BrokenChunkIterator(string error) : Querying.SampleIterator
    {
        public override Querying.ValueKind Next() => Querying.ValueKind.None;
        public override Querying.ValueKind Current => Querying.ValueKind.None;
        public override long AtT() => 0;
        public override double AtF() => 0;
        public override string? Error => error;
    }
}
