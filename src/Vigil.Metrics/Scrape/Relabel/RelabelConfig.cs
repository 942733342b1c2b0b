using Vigil.Metrics.GoText;

namespace Vigil.Metrics.Scrape.Relabel;

/// <summary>
/// One entry of <c>relabel_configs</c> / <c>metric_relabel_configs</c> as written, with Prometheus's
/// defaults (separator <c>;</c>, regex <c>(.*)</c>, replacement <c>$1</c>, action <c>replace</c>).
/// <see cref="Validate"/> gives relabel.go's <c>Validate</c> errors word for word; <see cref="Relabeler"/>
/// compiles a validated list once.
/// </summary>
internal sealed record RelabelConfig
{
    public const string DefaultSeparator = ";";
    public const string DefaultRegex = "(.*)";
    public const string DefaultReplacement = "$1";

    /// <summary>Null when the key was absent (labeldrop/labelkeep reject an explicit empty list too).</summary>
    public IReadOnlyList<string>? SourceLabels { get; init; }
    public string Separator { get; init; } = DefaultSeparator;
    public string Regex { get; init; } = DefaultRegex;
    /// <summary>
    /// True when <c>regex</c> was written, even as <c>(.*)</c>: Prometheus compares the compiled default by
    /// identity, so an explicit regex disables the replace fast path and is refused by keepequal/dropequal.
    /// </summary>
    public bool RegexSet { get; init; }
    public ulong Modulus { get; init; }
    public string TargetLabel { get; init; } = "";
    public string Replacement { get; init; } = DefaultReplacement;
    public RelabelAction Action { get; init; } = RelabelAction.Replace;

    /// <summary>The first problem in relabel.go's wording, or null when the config is valid.</summary>
    public string? Validate(NameValidationScheme scheme = NameValidationScheme.Utf8)
    {
        var a = Action;
        string name = RelabelActions.Name(a);
        if (a == RelabelAction.HashMod && Modulus == 0)
            return "relabel configuration for hashmod requires non-zero modulus";
        bool needsTarget = a is RelabelAction.Replace or RelabelAction.HashMod or RelabelAction.Lowercase
            or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual;
        if (needsTarget && TargetLabel.Length == 0)
            return $"relabel configuration for {name} action requires 'target_label' value";
        bool hasVariable = TargetLabel.Contains('$', StringComparison.Ordinal);
        if (a == RelabelAction.Replace && !hasVariable && !scheme.IsValidLabelName(TargetLabel))
            return InvalidTarget(name);
        if (a == RelabelAction.Replace && hasVariable && !scheme.IsValidTemplate(TargetLabel))
            return InvalidTarget(name);
        bool plainTarget = a is RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual;
        if (plainTarget && !scheme.IsValidLabelName(TargetLabel))
            return InvalidTarget(name);
        if (plainTarget && Replacement != DefaultReplacement)
            return $"'replacement' can not be set for {name} action";
        if (a == RelabelAction.LabelMap && !scheme.IsValidTemplate(Replacement))
            return $"{GoQuote.Quote(Replacement)} is invalid 'replacement' for {name} action";
        if (a == RelabelAction.HashMod && !scheme.IsValidLabelName(TargetLabel))
            return InvalidTarget(name);
        if (a is RelabelAction.KeepEqual or RelabelAction.DropEqual
            && (RegexSet || Modulus != 0 || Separator != DefaultSeparator || Replacement != DefaultReplacement))
            return $"{name} action requires only 'source_labels' and `target_label`, and no other fields";
        if (a is RelabelAction.LabelDrop or RelabelAction.LabelKeep
            && (SourceLabels is not null || TargetLabel.Length != 0 || Modulus != 0 || Separator != DefaultSeparator
                || Replacement != DefaultReplacement))
            return $"{name} action requires only 'regex', and no other fields";
        return null;
    }

    private string InvalidTarget(string action) => $"{GoQuote.Quote(TargetLabel)} is invalid 'target_label' for {action} action";
}
