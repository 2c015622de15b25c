using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Orleans.Configuration;
using Orleans.Dashboard;
using Scalar.AspNetCore;
using StackExchange.Redis;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Health;
using Stagecast.Gateway.Problems;
using Stagecast.Contracts.Hosting;

namespace Stagecast.Gateway.Hosting;

/// <summary>Builds the gateway: in embedded mode it co-hosts a silo, in cluster mode it is an Orleans client.</summary>
public static class GatewayApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var options = builder.Configuration.GetSection(StagecastOptions.Section).Get<StagecastOptions>() ?? new StagecastOptions();
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);

        if (options.IsEmbedded)
        {
            EmbeddedSilo.Add(builder);
        }
        else
        {
            var redis = StagecastCluster.RedisConnectionString(options);
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o => StagecastCluster.Configure(o, options));
                client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
                client.UseConnectionRetryFilter(RetryWhileStarting);
                // A request's trace continues into the grain calls it makes on the silos (docs/operations.md, "Traces").
                client.AddActivityPropagation();
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
                if (builder.Configuration.GetValue(Operations.OperationsModule.DashboardKey, true))
                {
                    client.AddDashboard(o => o.HideTrace = true);
                }
            });
        }

        var jwt = JwtSettings.From(builder.Configuration, options);
        builder.Services.AddSingleton(jwt);
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<DisplayNames>();
        builder.Services.AddSingleton<LoginBackoff>();
        builder.Services.AddSingleton(builder.Configuration.GetSection(Mail.MailSettings.Section).Get<Mail.MailSettings>() ?? new Mail.MailSettings());
        builder.Services.AddSingleton<Mail.SmtpMailSender>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                IssuerSigningKey = jwt.Key,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "name",
            };
            o.Events = new JwtBearerEvents
            {
                // Browsers cannot set headers on WebSockets: SignalR sends the token in the query string.
                OnMessageReceived = context =>
                {
                    var token = context.Request.Query["access_token"];
                    if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments("/hubs"))
                    {
                        context.Token = token;
                    }
                    return Task.CompletedTask;
                },
                OnTokenValidated = SessionCheck.ValidateAsync,
            };
        });
        builder.Services.AddAuthorization();
        builder.Services.AddStagecastProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDefaults.ExceptionMapper>();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());
        builder.Services.AddStagecastCors(builder.Configuration);
        builder.Services.AddStagecastTrustedProxies(builder.Configuration);
        var attempts = builder.Configuration.GetValue("Stagecast:Auth:AttemptsPerMinute", 30);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RateLimitRejection.WriteAsync;
            // One bucket per kind of attempt, so that signing up from an address does not use up its logins.
            foreach (var policy in AuthPolicies.All)
            {
                o.AddPolicy(policy, http => RateLimitPartition.GetFixedWindowLimiter(
                    ClientAddress.Key(http),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = attempts, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            }
        });
        builder.Services.AddSignalR().AddMessagePackProtocol();
        foreach (var module in GatewayModules.All)
        {
            module.ConfigureServices(builder);
        }

        var app = builder.Build();
        app.UseStagecastTrustedProxies();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStagecastCors();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        app.MapHealthEndpoints();
        app.MapAuthEndpoints();
        app.MapProfileEndpoints();
        app.MapBlockEndpoints();
        app.MapSessionEndpoints();
        app.MapAccountMailEndpoints();
        foreach (var module in GatewayModules.All)
        {
            module.MapEndpoints(app);
        }
        app.Logger.LogInformation("Stagecast gateway starting in {Mode} mode", options.Mode);
        return app;
    }

    private static async Task<bool> RetryWhileStarting(Exception exception, CancellationToken ct)
    {
        // Silos may start after the gateway (docker-compose, process managers): keep trying.
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        return !ct.IsCancellationRequested;
    }
}
