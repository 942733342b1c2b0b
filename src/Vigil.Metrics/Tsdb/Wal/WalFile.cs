namespace Vigil.Metrics.Tsdb.Wal;

/// <summary>
/// The file operations the WAL writer needs. The default goes straight to a <see cref="FileStream"/>;
/// tests substitute one that fails like a full disk (FASTER's flaky-device tests are the model).
/// </summary>
internal interface IWalFile : IDisposable
{
    long Length { get; }
    void Write(ReadOnlySpan<byte> data);
    /// <summary>Hands buffered bytes to the OS; with <paramref name="toDisk"/>, also fsyncs.</summary>
    void Flush(bool toDisk);
    void SetLength(long length);
}

/// <summary>Opens segment files; replaceable for fault injection.</summary>
internal interface IWalFileSystem
{
    IWalFile Create(string path);
}

internal sealed class PhysicalWalFileSystem : IWalFileSystem
{
    public static PhysicalWalFileSystem Instance { get; } = new();

    public IWalFile Create(string path) => new PhysicalWalFile(path);

    private sealed class PhysicalWalFile(string path) : IWalFile
    {
        // bufferSize 0: every Write is one write(2), so "handed to the OS" needs no extra flush.
        private readonly FileStream _stream = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);

        public long Length => _stream.Length;
        public void Write(ReadOnlySpan<byte> data) => _stream.Write(data);
        public void Flush(bool toDisk) => _stream.Flush(toDisk);
        public void SetLength(long length)
        {
            _stream.SetLength(length);
            _stream.Position = length;
        }
        public void Dispose() => _stream.Dispose();
    }
}
