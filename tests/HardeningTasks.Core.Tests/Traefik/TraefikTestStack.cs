using HardeningTasks.Core.Linking;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Traefik;
using HardeningTasks.Core.Parsing;

namespace HardeningTasks.Core.Tests.Traefik;

/// <summary>A small in-memory repository under /repo, loaded the way the engine loads it.</summary>
public sealed class TraefikTestStack
{
    public const string Root = "/repo";

    private readonly InMemoryFileSystem fileSystem = new();
    private readonly List<InputFile> inputs = new();

    public static string P(string relative) => Root + "/" + relative;

    /// <summary>Adds a file; it is an input when its name matches the default globs.</summary>
    public TraefikTestStack File(string relative, string text)
    {
        fileSystem.Add(P(relative), text);
        if (InputClassifier.Classify(P(relative)) is { } kind) inputs.Add(new InputFile(P(relative), kind));
        return this;
    }

    public List<Finding> Diagnostics { get; } = new();

    public Stack Load()
    {
        var request = new AnalysisRequest { ProjectDirectory = Root, Files = inputs, FileSystem = fileSystem };
        return StackLinker.Link(request, StackLoader.Load(request, fileSystem, Diagnostics), fileSystem);
    }

    public TraefikStack Traefik() => Load().Traefik;

    public IReadOnlyList<Finding> Analyze() =>
        Engine.Analyze(new AnalysisRequest { ProjectDirectory = Root, Files = inputs, FileSystem = fileSystem }).Findings;
}
