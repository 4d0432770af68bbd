using IEnumerable = System.Collections.IEnumerable;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Tests.Linking;

/// <summary>
/// Rules and the model only read the linked model (DESIGN.md "The flow of data": link once, rules are pure): no file-system
/// call, no file read, no static cache of their own. What crosses files or touches the disk is done once, in
/// <c>Core/Linking</c>. Checked on the sources of <c>Rules/</c> and <c>Model/</c> and, for static fields, on the compiled types.
/// </summary>
public class PureRulesTests
{
    private static readonly string Core = Path.Combine(TestPaths.RepositoryRoot, "src", "HardeningTasks.Core");

    /// <summary>What reading the disk or caching across analyses looks like in C#.</summary>
    private static readonly (Regex Pattern, string What)[] Forbidden =
    {
        (new Regex(@"\bI?FileSystem\b"), "the file system"),
        (new Regex(@"(?<![\w.])(System\.IO\.)?(File|Directory)\.(Exists|Read\w*|Open\w*|Enumerate\w*|Get\w*|Write\w*|Create\w*|Append\w*|Copy|Move|Delete)\b"), "System.IO.File/Directory"),
        (new Regex(@"\b(FileInfo|DirectoryInfo|FileStream|StreamReader|SourceReader)\b"), "a file read"),
        (new Regex(@"\bConditionalWeakTable\b"), "a cache keyed by the stack"),
        (new Regex(@"\bConcurrent(Dictionary|Bag|Queue)\b"), "a shared mutable cache"),
    };

    /// <summary>The forbidden uses in a C# source text, by line (comments are not code).</summary>
    internal static IEnumerable<string> Violations(string path, string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var code = lines[i];
            var comment = code.IndexOf("//", StringComparison.Ordinal);
            if (comment >= 0) code = code.Substring(0, comment);
            foreach (var (pattern, what) in Forbidden)
                if (pattern.IsMatch(code))
                    yield return $"{Path.GetRelativePath(Core, path)}({i + 1}): {what}: {lines[i].Trim()}";
        }
    }

    private static IEnumerable<string> Sources() =>
        new[] { "Rules", "Model" }.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Core, folder), "*.cs", SearchOption.AllDirectories))
            .OrderBy(p => p, StringComparer.Ordinal);

    [Test]
    public void Rules_and_model_read_no_files()
    {
        var sources = Sources().ToList();
        Assert.That(sources, Has.Count.GreaterThan(50), "the sources were found");
        var violations = sources.SelectMany(path => Violations(path, File.ReadAllText(path))).ToList();
        Assert.That(violations, Is.Empty, "read it in Core/Linking and put what the rules need into the linked model:\n" + string.Join("\n", violations));
    }

    [Test]
    public void The_source_check_finds_what_it_looks_for()
    {
        const string code = """
            private static readonly ConditionalWeakTable<Stack, Lazy<bool>> Cache = new();
            if (stack.FileSystem.FileExists(p)) return null;
            var text = File.ReadAllText(path);
            var ok = stage.File.Path; // stack.FileSystem in a comment is fine
            var also = System.IO.Directory.Exists(x);
            """;
        Assert.That(Violations(Path.Combine(Core, "Rules", "X.cs"), code).Select(v => v.Split(':')[0]),
            Is.EqualTo(new[] { Path.Combine("Rules", "X.cs(1)"), Path.Combine("Rules", "X.cs(2)"), Path.Combine("Rules", "X.cs(3)"), Path.Combine("Rules", "X.cs(5)") }));
    }

    /// <summary>Static fields of the rule and model types, compiler-generated ones (cached lambdas) aside. (A static <c>Lazy</c> of
    /// data built once, such as the rule list, is no cache of analysis results and is allowed.)</summary>
    private static IEnumerable<FieldInfo> StaticFields() =>
        typeof(Model.Stack).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && (ns.StartsWith("HardeningTasks.Core.Rules", StringComparison.Ordinal) || ns.StartsWith("HardeningTasks.Core.Model", StringComparison.Ordinal)))
            .Where(t => t.GetCustomAttribute<CompilerGeneratedAttribute>() == null && !t.Name.Contains('<'))
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => !f.Name.Contains('<') || f.Name.Contains("k__BackingField"));

    [Test]
    public void Rules_and_model_keep_no_static_caches()
    {
        var fields = StaticFields().ToList();
        Assert.That(fields, Is.Not.Empty);
        var problems = new List<string>();
        foreach (var field in fields)
        {
            var where = $"{field.DeclaringType!.FullName}.{field.Name}";
            if (!field.IsInitOnly && !field.IsLiteral) problems.Add(where + ": a static field that is not readonly");
            var type = field.FieldType.IsGenericType ? field.FieldType.GetGenericTypeDefinition() : field.FieldType;
            if (type == typeof(ConditionalWeakTable<,>) || type == typeof(StrongBox<>) || type.Namespace == "System.Collections.Concurrent")
                problems.Add(where + ": a cache (" + type.Name + ")");
        }

        // A readonly dictionary, set or list is fine as data written once in its initializer; one that code adds to is a cache.
        var text = string.Join("\n", Sources().Select(File.ReadAllText));
        foreach (var field in fields.Where(f => typeof(IEnumerable).IsAssignableFrom(f.FieldType) && f.FieldType != typeof(string) && !f.FieldType.IsArray
                                                && f.FieldType.Namespace == "System.Collections.Generic"))
            if (Regex.IsMatch(text, $@"\b{Regex.Escape(field.Name)}\s*(\.\s*(Add|TryAdd|Remove|Clear|GetOrAdd|AddOrUpdate)\s*\(|\[[^\]]*\]\s*=[^=>])"))
                problems.Add($"{field.DeclaringType!.FullName}.{field.Name}: a static collection that code writes to");
        Assert.That(problems, Is.Empty, string.Join("\n", problems));
    }
}
