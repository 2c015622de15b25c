using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Stagecast.Gateway.Hosting;

/// <summary>Declares the bearer scheme in the OpenAPI document so the browsable UI can send tokens.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Stagecast API";
        document.Info.Description = "Live rooms, gifts, wallet and accounts. Errors are RFC 9457 problem details with a stable `code`.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The token from /api/auth/register or /api/auth/login.",
        };
        return Task.CompletedTask;
    }
}
