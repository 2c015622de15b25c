namespace Stagecast.Gateway.Hosting;

/// <summary>
/// A setting the gateway cannot start without is missing or contradictory. Program prints the message as
/// one line and exits with code 2: an operator needs the sentence, not a stack trace.
/// </summary>
public sealed class StartupConfigurationException(string message) : Exception(message);
