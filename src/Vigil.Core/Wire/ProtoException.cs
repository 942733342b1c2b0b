namespace Vigil.Core.Wire;

/// <summary>
/// A protobuf payload is malformed. The message says what and where (byte offset), so a receiver can
/// return it to the sender as the reason for a 400 / INVALID_ARGUMENT.
/// </summary>
public sealed class ProtoException : Exception
{
    public ProtoException(string message) : base(message) { }
}
