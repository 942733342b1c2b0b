namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// A block's files fail a checksum or do not parse. The message names the block directory, the file
/// and what is wrong (e.g. <c>block 01J...: index: symbols section checksum mismatch</c>), as Prometheus's
/// <c>OpenBlock</c> errors name the file, so an operator knows which directory to remove.
/// </summary>
internal sealed class CorruptBlockException(string message) : Exception(message);
