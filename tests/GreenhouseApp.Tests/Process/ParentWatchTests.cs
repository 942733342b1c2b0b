using System.Diagnostics;

namespace GreenhouseApp.Tests.Process;

public class ParentWatchTests
{
    [Fact]
    public async Task Exits_0_soon_after_the_parent_named_by_GREENHOUSE_PARENT_PID_dies()
    {
        // A stand-in for Vigil that we can kill the hard way, as a SIGKILLed Vigil would go.
        using var parent = System.Diagnostics.Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        await using var app = await GreenhouseProcess.StartAsync(new Dictionary<string, string>(AppProcessTests.Quiet)
        {
            ["GREENHOUSE_PARENT_PID"] = parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal("ok", await app.Client.GetStringAsync("/healthz"));

        parent.Kill();
        var (exitCode, took) = await app.WaitForExitAsync(TimeSpan.FromSeconds(8));

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{app.Output}");
        Assert.True(took < TimeSpan.FromSeconds(5), $"took {took}\n{app.Output}");
        Assert.Contains("has exited; shutting down", app.Output);
    }
}
