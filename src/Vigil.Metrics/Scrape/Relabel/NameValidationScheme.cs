using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape.Relabel;

/// <summary>
/// Prometheus's <c>metric_name_validation_scheme</c>: <c>utf8</c> (the 3.x default: any non-empty UTF-8
/// name) or <c>legacy</c> (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>). It decides which relabel targets are valid.
/// </summary>
internal enum NameValidationScheme : byte
{
    Utf8,
    Legacy,
}

internal static class NameValidation
{
    public static bool IsValidLabelName(this NameValidationScheme scheme, string name) => scheme == NameValidationScheme.Legacy
        ? LabelValidation.IsLegacyLabelName(name)
        : LabelValidation.IsValidLabelName(name);

    /// <summary>
    /// A target label or labelmap replacement that may hold <c>$1</c>/<c>${name}</c> references. Under
    /// UTF-8 validation any valid name is accepted; under legacy validation this is relabel.go's
    /// <c>relabelTargetLegacy</c>: <c>^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$</c>, written out by hand.
    /// </summary>
    public static bool IsValidTemplate(this NameValidationScheme scheme, string template)
    {
        if (scheme == NameValidationScheme.Utf8) return LabelValidation.IsValidLabelName(template);
        if (template.Length == 0) return false;
        // The legacy pattern accepts exactly: word characters and $-references, not starting with a digit
        // unless a reference comes first. Every '$' must start a well-formed reference.
        int i = 0;
        bool first = true;
        while (i < template.Length)
        {
            char c = template[i];
            if (c == '$')
            {
                i++;
                if (i < template.Length && template[i] == '{')
                {
                    int start = ++i;
                    while (i < template.Length && IsWord(template[i])) i++;
                    if (i == start || i >= template.Length || template[i] != '}') return false;
                    i++;
                }
                else
                {
                    int start = i;
                    while (i < template.Length && IsWord(template[i])) i++;
                    if (i == start) return false;
                }
            }
            else if (first && !(char.IsAsciiLetter(c) || c == '_')) return false;
            else if (!IsWord(c)) return false;
            else i++;
            first = false;
        }
        return true;
    }

    private static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
