using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Dockerfile;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Rules.SupplyChain;

/// <summary>Where an image reference was found.</summary>
internal enum ImageUseKind
{
    ComposeImage,
    From,
    CopyFrom,
    MountFrom,
}

/// <summary>One place that pulls an image: a compose <c>image:</c>, a Dockerfile <c>FROM</c>, <c>COPY --from=&lt;image&gt;</c>
/// or <c>RUN --mount=from=&lt;image&gt;</c>. What the image rules (HRD001–HRD005) judge.</summary>
internal sealed class ImageUse
{
    public ImageUse(ImageUseKind kind, string subject, string subjectKey, string written, string value, SourceLocation location, IReadOnlyList<string> unresolved, bool interpolated = true)
    {
        Kind = kind;
        Subject = subject;
        SubjectKey = subjectKey;
        Written = written;
        Value = value;
        Location = location;
        Unresolved = unresolved;
        IsResolved = interpolated && unresolved.Count == 0;
        Reference = IsResolved ? ImageReference.TryParse(value) : null;
    }

    public ImageUseKind Kind { get; }

    /// <summary>How a message starts: <c>Service 'web'</c>, <c>Stage 'builder'</c>, <c>The final stage</c>, <c>COPY --from in stage 'app'</c>.</summary>
    public string Subject { get; }

    /// <summary>The service or stage name, for the finding's fingerprint.</summary>
    public string SubjectKey { get; }

    /// <summary>The reference as written (<c>node:${NODE_VERSION}</c>).</summary>
    public string Written { get; }

    /// <summary>The reference after substitution (<c>node:20.11.1</c>).</summary>
    public string Value { get; }

    public SourceLocation Location { get; }

    /// <summary>Variables with no value and no default: the reference cannot be known from the repository.</summary>
    public IReadOnlyList<string> Unresolved { get; }

    /// <summary>False when a variable could not be resolved (or the value was never interpolated): no image rule judges it.</summary>
    public bool IsResolved { get; }

    /// <summary>The parsed reference; null when unresolved or not a valid reference (Docker would refuse it anyway).</summary>
    public ImageReference? Reference { get; }

    /// <summary>The image for a message: <c>'node:20'</c>, or <c>'node' (from 'node${SUFFIX}')</c> when substitution changed it.</summary>
    public string Display => Value == Written ? $"'{Value}'" : $"'{Value}' (from '{Written}')";
}

internal static class ImageUses
{
    public static IEnumerable<ImageUse> Of(StackFile file) => file switch
    {
        ComposeProject project => Compose(project),
        DockerfileModel dockerfile => Dockerfile(dockerfile),
        _ => Enumerable.Empty<ImageUse>(),
    };

    /// <summary>Compose <c>image:</c>s that are pulled: not a service's own <c>build:</c> image (it names what is built),
    /// nor the image another service of the project builds.</summary>
    public static IEnumerable<ImageUse> Compose(ComposeProject project)
    {
        var built = new HashSet<string>(project.Services.Where(s => s.Build != null && s.Image != null).Select(s => s.Image!.Value));
        foreach (var service in project.Services)
        {
            // Not service.Image: a value that interpolates to nothing (image: ${IMAGE}) is still an image reference.
            if (service["image"] is not YScalar image || (image.IsNull && image.RawValue == null)) continue;
            if (service.Build != null || built.Contains(image.Value)) continue;
            // A value with '$' that the loader did not interpolate cannot be judged.
            var interpolated = image.RawValue != null || image.Value.IndexOf('$') < 0;
            yield return new ImageUse(ImageUseKind.ComposeImage, $"Service '{service.Name}'", service.Name,
                image.RawValue ?? image.Value, image.Value, image.Location, image.UnresolvedVariables, interpolated);
        }
    }

    public static IEnumerable<ImageUse> Dockerfile(DockerfileModel dockerfile)
    {
        foreach (var stage in dockerfile.Stages)
        {
            var stageKey = stage.Name ?? stage.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (stage.BaseStage == null && !stage.IsScratch)
                yield return new ImageUse(ImageUseKind.From, StageSubject(stage), stageKey, stage.BaseToken.Text, stage.Base.Value,
                    new SourceLocation(dockerfile.Path, stage.BaseToken.Span), stage.Base.UnresolvedVariables);

            foreach (var instruction in stage.Instructions)
            {
                if (instruction.Is("COPY") && instruction.Flag("from") is { Value: { Length: > 0 } from } flag)
                {
                    var use = Referenced(stage, instruction, from, ImageUseKind.CopyFrom, "COPY --from in " + StageSubject(stage, lower: true), stageKey, flag.ValueSpan);
                    if (use != null) yield return use;
                }
                if (instruction.Is("RUN"))
                    foreach (var mount in instruction.Mounts)
                    {
                        if (string.IsNullOrEmpty(mount.From)) continue;
                        var use = Referenced(stage, instruction, mount.From!, ImageUseKind.MountFrom, "RUN --mount in " + StageSubject(stage, lower: true), stageKey, mount.FromSpan);
                        if (use != null) yield return use;
                    }
            }
        }
    }

    /// <summary>A <c>--from</c> value that names an image, not a stage (by name or index) nor <c>scratch</c>.</summary>
    private static ImageUse? Referenced(DockerStage stage, DockerInstruction instruction, string written, ImageUseKind kind, string subject, string stageKey, SourceSpan span)
    {
        if (stage.File.FindStage(written) != null) return null;
        var expanded = stage.Expand(written, instruction);
        if (expanded.IsFullyResolved && (stage.File.FindStage(expanded.Value) != null || ImageReference.IsScratch(expanded.Value))) return null;
        return new ImageUse(kind, subject, stageKey, written, expanded.Value, new SourceLocation(stage.File.Path, span), expanded.UnresolvedVariables);
    }

    /// <summary><c>Stage 'builder'</c>, <c>Stage 0</c>, or <c>The final stage</c> / <c>The final stage 'runtime'</c>.</summary>
    public static string StageSubject(DockerStage stage, bool lower = false)
    {
        var text = stage.IsLast ? "the " + stage.FinalDisplayName : stage.DisplayName;
        return lower ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
