using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Configuration;

/// <summary>A mistake in an .editorconfig or .globalconfig (an invalid severity word, an ignored section, an
/// unreadable file), located in that config file so the build can point at it.</summary>
public sealed record ConfigurationProblem(string Message, SourceLocation Location)
{
    public override string ToString() => $"{Location}: {Message}";
}
