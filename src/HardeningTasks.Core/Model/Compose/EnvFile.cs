using System.Collections.Generic;

namespace HardeningTasks.Core.Model.Compose;

/// <summary>
/// A file a service names in <c>env_file:</c>, read while the project is loaded (rules never read files): its assignments with
/// where each was written, and whether it is committed with the repository (a file a <c>.gitignore</c> leaves out is a
/// machine's own configuration, where a secret belongs, and is not judged as committed).
/// </summary>
public sealed class EnvFile
{
    public EnvFile(string path, bool isCommitted, IReadOnlyList<EnvFileEntry> entries)
    {
        Path = path;
        IsCommitted = isCommitted;
        Entries = entries;
    }

    /// <summary>The full path.</summary>
    public string Path { get; }

    /// <summary>False when a <c>.gitignore</c> between the file and its repository's root ignores it.</summary>
    public bool IsCommitted { get; }

    /// <summary>Every assignment in the order written.</summary>
    public IReadOnlyList<EnvFileEntry> Entries { get; }
}

/// <summary>One <c>KEY=value</c> line of an env file.</summary>
/// <param name="Value">The value the container gets (after quotes, escapes and interpolation).</param>
/// <param name="Written">The value as written (inside its quotes).</param>
/// <param name="KeyLocation">Where the key is written.</param>
/// <param name="ValueLocation">Where the value is written.</param>
/// <param name="IsFullyResolved">False when the value interpolates a variable that is unset with no default.</param>
public sealed record EnvFileEntry(string Name, string Value, string Written, SourceLocation KeyLocation, SourceLocation ValueLocation, bool IsFullyResolved, EnvFile File);
