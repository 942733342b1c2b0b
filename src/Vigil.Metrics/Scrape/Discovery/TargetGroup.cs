using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape.Discovery;

/// <summary>
/// A set of targets sharing labels (Prometheus <c>targetgroup.Group</c>): each target is a label set
/// holding at least <c>__address__</c>; <see cref="Labels"/> apply to all of them unless a target sets
/// the same name. <see cref="Source"/> identifies the group within its provider (a static config's
/// index, <c>file.json:0</c> for file_sd), so an update replaces the group with the same source.
/// </summary>
internal sealed record TargetGroup(string Source, IReadOnlyList<Labels> Targets, Labels Labels)
{
    public const string AddressLabel = "__address__";
}
