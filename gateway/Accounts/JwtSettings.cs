using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Stagecast.Contracts.Hosting;
using Stagecast.Gateway.Hosting;

namespace Stagecast.Gateway.Accounts;

/// <summary>
/// Token signing settings. Cluster gateways must share Stagecast:Jwt:SigningKey (base64, 32+ bytes);
/// the embedded default makes one on first start and keeps it under the data directory.
/// </summary>
public sealed class JwtSettings
{
    public required string Issuer { get; init; }
    public required string Audience { get; init; }
    public required TimeSpan Lifetime { get; init; }
    public required SymmetricSecurityKey Key { get; init; }

    public static JwtSettings From(IConfiguration configuration, StagecastOptions options)
    {
        var section = configuration.GetSection("Stagecast:Jwt");
        var configured = section["SigningKey"];
        byte[] key;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            key = Convert.FromBase64String(configured);
        }
        else if (options.IsEmbedded)
        {
            key = LoadOrCreate(Path.Combine(options.DataDirectory, "jwt-signing.key"));
        }
        else
        {
            throw new StartupConfigurationException("Stagecast:Jwt:SigningKey (base64, 32+ bytes) must be set in cluster mode so every gateway accepts every token.");
        }
        if (key.Length < 32)
        {
            throw new StartupConfigurationException("Stagecast:Jwt:SigningKey must be at least 32 bytes.");
        }
        return new JwtSettings
        {
            Issuer = section["Issuer"] ?? "stagecast",
            Audience = section["Audience"] ?? "stagecast",
            // Short-lived: revocation is checked on every request, and the refresh token (POST /api/auth/refresh) renews it.
            Lifetime = TimeSpan.FromMinutes(section.GetValue("LifetimeMinutes", 15)),
            Key = new SymmetricSecurityKey(key) { KeyId = "stagecast-1" },
        };
    }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = RandomNumberGenerator.GetBytes(64);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temp, path, overwrite: false);
        return key;
    }
}
