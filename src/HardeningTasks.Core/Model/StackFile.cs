namespace HardeningTasks.Core.Model;

/// <summary>
/// A file-rooted part of the stack that rules check one at a time: a compose project (named by its
/// first file), a Dockerfile, a Traefik config file, a .dockerignore. A rule that throws on one of these
/// becomes an HRD000 on <see cref="Path"/>; the other files are still checked.
/// </summary>
public abstract class StackFile
{
    protected StackFile(string path) => Path = path;

    /// <summary>The full path of the file this part of the stack was read from.</summary>
    public string Path { get; }

    public override string ToString() => Path;
}
