namespace Vigil.TsdbCompare;

/// <summary>
/// The encoded stream on disk, written once and replayed to each server, so both receive the same bytes.
/// Records, little-endian: <c>int32 shard, int32 samples, int32 length, length bytes</c> (a snappy-compressed
/// remote-write WriteRequest); a record with shard -1 and no body ends a phase.
/// </summary>
internal sealed class StreamFileWriter : IDisposable
{
    private readonly BinaryWriter _writer;

    public StreamFileWriter(string path)
    {
        _writer = new BinaryWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20));
    }

    public long Bytes { get; private set; }

    public void WriteRequest(int shard, int samples, byte[] body)
    {
        _writer.Write(shard);
        _writer.Write(samples);
        _writer.Write(body.Length);
        _writer.Write(body);
        Bytes += body.Length;
    }

    public void EndPhase()
    {
        _writer.Write(-1);
        _writer.Write(0);
        _writer.Write(0);
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>One request of the stream: which sender sends it, how many samples it carries, its body.</summary>
internal readonly record struct StreamRequest(int Shard, int Samples, byte[] Body);

/// <summary>Reads the stream file phase by phase (<see cref="StreamFileWriter"/> for the layout).</summary>
internal sealed class StreamFileReader : IDisposable
{
    private readonly BinaryReader _reader;

    public StreamFileReader(string path)
    {
        _reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20));
    }

    /// <summary>The next request of the current phase; false at the phase's end (or the file's).</summary>
    public bool TryRead(out StreamRequest request)
    {
        request = default;
        if (_reader.BaseStream.Position >= _reader.BaseStream.Length)
        {
            return false;
        }
        int shard = _reader.ReadInt32();
        int samples = _reader.ReadInt32();
        int length = _reader.ReadInt32();
        if (shard < 0)
        {
            return false;
        }
        request = new StreamRequest(shard, samples, _reader.ReadBytes(length));
        return true;
    }

    public void Dispose() => _reader.Dispose();
}
