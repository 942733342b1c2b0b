using CsCheck;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Discovery;
using Vigil.Metrics.Scrape.Relabel;

namespace Vigil.Metrics.Tests.Scrape;

public class RelabelPropertyTests
{
    private static readonly Gen<string> Text = Gen.String[Gen.Char["ab$_{}1()x-"], 0, 12];

    [Fact]
    public void Replace_never_throws_and_leaves_a_valid_label_set() =>
        Gen.Select(Text, Text, Text).Sample((value, target, replacement) =>
        {
            var config = new RelabelConfig { SourceLabels = ["src"], TargetLabel = target.Length == 0 ? "t" : target, Replacement = replacement, Regex = "(a*)(?P<n>b*)(.*)", RegexSet = true };
            var result = Relabeler.Compile([config]).Process(Labels.Of("src", value.Length == 0 ? "v" : value));
            Assert.NotNull(result);
            Assert.Null(LabelValidation.Validate(new LabelsBuilder(result).Set("__name__", "m").Build()));
        }, iter: 3000);

    [Fact]
    public void Hashmod_is_always_below_the_modulus() =>
        Gen.Select(Gen.String, Gen.ULong[1, 1000]).Sample((value, modulus) =>
        {
            var result = Relabeler.Compile([new RelabelConfig { Action = RelabelAction.HashMod, SourceLabels = ["a"], TargetLabel = "s", Modulus = modulus }])
                .Process(Labels.Of("a", value.Length == 0 ? "x" : value));
            Assert.True(ulong.Parse(result!.Get("s"), System.Globalization.CultureInfo.InvariantCulture) < modulus);
            Assert.Equal(HashModStep.Hash(value.Length == 0 ? "x" : value, modulus).ToString(System.Globalization.CultureInfo.InvariantCulture), result.Get("s"));
        }, iter: 2000);

    [Fact]
    public void File_sd_parsers_never_throw_anything_but_format_errors() =>
        Gen.String[0, 100].Sample(text =>
        {
            foreach (string name in (string[])["a.json", "a.yml"])
            {
                try { TargetGroupFile.Parse(name, text); }
                catch (FormatException) { }
            }
        }, iter: 2000);

    [Theory]
    [InlineData("*.json", "a.json", true)]
    [InlineData("*.json", "a.yml", false)]
    [InlineData("t?.yml", "t1.yml", true)]
    [InlineData("[ab]*.yml", "b-1.yml", true)]
    [InlineData("[^ab]*.yml", "b-1.yml", false)]
    public void Glob_matches_like_go(string pattern, string name, bool expected) => Assert.Equal(expected, FileGlob.Match(pattern, name));
}
