namespace Stagecast.Wallet.Tests;

/// <summary>A Stripe-backed gateway shared by a test class (on SQLite or PostgreSQL).</summary>
public interface IStripeGatewayFixture
{
    StripeGateway Gateway { get; }
}
