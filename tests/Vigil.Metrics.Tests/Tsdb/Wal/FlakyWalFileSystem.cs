using Vigil.Metrics.Tsdb.Wal;

namespace Vigil.Metrics.Tests.Tsdb.Wal;

/// <summary>
/// Real files that can be made to fail like a full disk: a write then puts half its bytes down and throws
/// ENOSPC, as write(2) does when space runs out mid-way; optionally truncation fails too.
/// </summary>
internal sealed class FlakyWalFileSystem : IWalFileSystem
{
    public volatile bool Full;
    public volatile bool TruncateFails;

    public IWalFile Create(string path)
    {
        if (Full) throw new IOException("No space left on device");
        return new FlakyFile(this, new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 0));
    }

    private sealed class FlakyFile(FlakyWalFileSystem fs, FileStream stream) : IWalFile
    {
        public long Length => stream.Length;

        public void Write(ReadOnlySpan<byte> data)
        {
            if (fs.Full)
            {
                stream.Write(data[..(data.Length / 2)]);
                throw new IOException("No space left on device");
            }
            stream.Write(data);
        }

        public void Flush(bool toDisk) => stream.Flush(toDisk);

        public void SetLength(long length)
        {
            if (fs.TruncateFails) throw new IOException("Input/output error");
            stream.SetLength(length);
            stream.Position = length;
        }

        public void Dispose() => stream.Dispose();
    }
}
