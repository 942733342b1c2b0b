using Vigil.Configuration;
using Vigil.Tests.Support;

namespace Vigil.Tests.Configuration;

/// <summary>docs/configuration.md documents every key with its default; this keeps the page and the code in step.</summary>
public sealed class ConfigDocsTests
{
    [Fact]
    public void Every_key_is_documented_with_its_default()
    {
        string docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "configuration.md"));
        var missing = new List<string>();
        foreach (var (path, property) in ConfigBinder.LeafKeys(typeof(VigilConfig)))
        {
            if (!docs.Contains($"| `{path}` |", StringComparison.Ordinal))
            {
                missing.Add(path);
            }
            Assert.True(property.GetCustomAttributes(typeof(DocAttribute), false).Length == 1, $"{path} has no [Doc]");
        }
        Assert.True(missing.Count == 0, "not in docs/configuration.md: " + string.Join(", ", missing));
    }
}
