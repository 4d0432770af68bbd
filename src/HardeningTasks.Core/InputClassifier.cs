using System;
using System.IO;

namespace HardeningTasks.Core;

/// <summary>
/// Which kind of input a file is, by name, exactly as the package's default item globs choose them:
/// <c>docker-compose*.yml|yaml</c>, <c>compose*.yml|yaml</c>, <c>Dockerfile</c>, <c>Dockerfile.*</c>,
/// <c>*.Dockerfile</c>, <c>*.dockerfile</c>, <c>traefik*.yml|yaml|toml</c>.
/// </summary>
public static class InputClassifier
{
    public static InputKind? Classify(string path)
    {
        var name = Path.GetFileName(path);
        var extension = Path.GetExtension(name);
        var isYaml = extension is ".yml" or ".yaml";
        if (isYaml && (name.StartsWith("docker-compose", StringComparison.Ordinal) || name.StartsWith("compose", StringComparison.Ordinal)))
            return InputKind.Compose;
        if (name == "Dockerfile" || name.StartsWith("Dockerfile.", StringComparison.Ordinal)
            || name.EndsWith(".Dockerfile", StringComparison.Ordinal) || name.EndsWith(".dockerfile", StringComparison.Ordinal))
            return name.EndsWith(".dockerignore", StringComparison.Ordinal) ? null : InputKind.Dockerfile;
        if ((isYaml || extension == ".toml") && name.StartsWith("traefik", StringComparison.Ordinal))
            return InputKind.TraefikConfig;
        return null;
    }
}
