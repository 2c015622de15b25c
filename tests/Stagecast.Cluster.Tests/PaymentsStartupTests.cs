using Stagecast.TestInfrastructure;
using Xunit.Abstractions;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// The gateway binary as an operator starts it: the sandbox payment provider runs only when
/// "Stagecast:Payments:Sandbox=true" says so and never in Production; a missing or contradictory payments
/// setting ends the process with one line on standard error and exit code 2, not a stack trace.
/// </summary>
public sealed class PaymentsStartupTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, string, string> Refusals => new()
    {
        // environment, Stagecast__Payments__Sandbox ("" = unset), Stripe secret key, expected sentence
        { "Production", "", "", "Payments are not configured" },
        // Not being Production is no longer a reason to pretend to take money.
        { "Development", "", "", "Payments are not configured" },
        { "Production", "true", "", "refused in the Production environment" },
        { "Development", "true", "sk_test_fake", "choose the sandbox or real payments, not both" },
        { "Development", "maybe", "", "must be true or false" },
    };

    [Theory, MemberData(nameof(Refusals))]
    public async Task A_gateway_without_a_usable_payments_setting_stops_with_one_clear_line(
        string environment, string sandbox, string stripeKey, string expected)
    {
        using var data = new TempDirectory("stagecast-payments");
        using var gateway = PlatformProcess.Start("gateway", PlatformProcess.DllPath("gateway", "Stagecast.Gateway"), new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = environment,
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["Stagecast__Payments__Sandbox"] = sandbox,
            ["Stagecast__Stripe__SecretKey"] = stripeKey,
            ["Stagecast__DataDirectory"] = data.Path,
            ["Stagecast__SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast__GatewayPort"] = FreePort.Tcp().ToString(),
            ["Urls"] = $"http://127.0.0.1:{FreePort.Tcp()}",
        });

        var exited = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(90));
        output.WriteLine(gateway.Output);
        Assert.True(exited, "the gateway kept running without a usable payments setting");
        Assert.Equal(2, gateway.ExitCode);
        var line = Assert.Single(gateway.ErrorLines, l => !string.IsNullOrWhiteSpace(l));
        Assert.StartsWith("Stagecast gateway cannot start: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", gateway.Output);
        Assert.DoesNotContain("Exception", gateway.Output);
    }
}
