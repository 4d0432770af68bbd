using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HardeningTasks.Core.Tests.Architecture;

/// <summary>
/// Dependencies between the engine's namespaces go one way (docs/architecture.md, "Who may use whom"). The engine's sources
/// are bound with Roslyn, so every way of naming another area counts: a <c>using</c> directive, a qualified name
/// (<c>Parsing.Traefik.X</c> inside a rule, <c>HardeningTasks.Core.Rules.Y</c>), a type of the root namespace that a
/// nested namespace sees without any <c>using</c>, an extension method. Documentation comments are not code.
/// </summary>
public class NamespaceDirectionTests
{
    private const string Engine = "HardeningTasks.Core";

    /// <summary>The area of the engine → the areas its code may use. "Core" is the root namespace (<c>Engine</c>,
    /// <c>Analysis</c>, the input classifier): the pipeline itself. The same table is in docs/architecture.md.</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> MayUse = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["IO"] = Array.Empty<string>(),
        ["Model"] = new[] { "IO" },
        ["Parsing"] = new[] { "Model", "IO" },
        ["Linking"] = new[] { "Parsing", "Model", "IO" },
        ["Rules"] = new[] { "Model", "IO" },
        ["Configuration"] = new[] { "Rules", "Parsing", "Model", "IO" },
        ["Reporting"] = new[] { "Configuration", "Rules", "Parsing", "Model", "IO" },
        ["Core"] = new[] { "Reporting", "Configuration", "Rules", "Linking", "Parsing", "Model", "IO" },
        ["Incremental"] = new[] { "Core", "Reporting", "Configuration", "Rules", "Linking", "Parsing", "Model", "IO" },
        ["Checking"] = new[] { "Incremental", "Core", "Reporting", "Configuration", "Rules", "Linking", "Parsing", "Model", "IO" },
        ["Fixes"] = new[] { "Checking", "Incremental", "Core", "Reporting", "Configuration", "Rules", "Linking", "Parsing", "Model", "IO" },
    };

    /// <summary>Types of the root namespace every area may use: the request the front ends build and what the engine says
    /// it checked. They describe the input, so they belong in Model; moving them renames a namespace in every front end and
    /// test, left for a moment when the Cli, the language server and the task are not changing (docs/architecture.md).
    /// <c>InputClassifier</c> is here because the inline-suppression reader asks it which comment syntax a file uses.</summary>
    internal static readonly string[] RootTypesForAll =
    {
        "AnalysisRequest", "InputFile", "InputKind", "ComposeProjectSpec", "CheckSummary", "SkippedInput", "SkipReason", "InputClassifier",
    };

    private static readonly string CoreSources = Path.Combine(TestPaths.RepositoryRoot, "src", "HardeningTasks.Core");

    /// <summary>A reference against the direction: where it is and what it names.</summary>
    internal sealed record Violation(string File, int Line, string From, string To, string Name)
    {
        public override string ToString() => $"{File}({Line}): {From} may not use {To}: {Name}";
    }

    [Test]
    public void Every_reference_in_the_engine_goes_the_allowed_way()
    {
        var sources = EngineSources();
        Assert.That(sources, Has.Count.GreaterThan(150), "the engine's sources were found");
        var violations = Violations(sources);
        Assert.That(violations, Is.Empty,
            "move the type to the area both sides may use, or the code to the area that may use it (docs/architecture.md):\n" + string.Join("\n", violations));
    }

    [Test]
    public void Every_area_of_the_engine_is_in_the_table()
    {
        var areas = EngineSources().Select(s => AreaOf(NamespaceOf(s.Text))).Where(a => a != null).Distinct().ToList();
        Assert.That(areas, Is.SubsetOf(MayUse.Keys), "a new namespace under HardeningTasks.Core needs its row in the table");
        Assert.That(areas, Is.EquivalentTo(MayUse.Keys), "every row of the table is a namespace of the engine");
    }

    [Test]
    public void A_rules_import_in_a_model_file_is_caught()
    {
        var model = ("Model/Bad.cs", """
            using HardeningTasks.Core.Rules;

            namespace HardeningTasks.Core.Model;

            public static class Bad { }
            """);
        var violations = Violations(EngineSources().Append(model).ToList(), only: "Model/Bad.cs");
        Assert.That(violations.Select(v => v.ToString()), Does.Contain("Model/Bad.cs(1): Model may not use Rules: using HardeningTasks.Core.Rules"));
    }

    [Test]
    public void A_qualified_name_and_a_root_type_are_caught_without_any_using()
    {
        var rule = ("Rules/Bad.cs", """
            namespace HardeningTasks.Core.Rules;

            public static class Bad
            {
                public static object Loader() => typeof(Parsing.Traefik.TraefikConfigLoader);
                public static object Full() => typeof(HardeningTasks.Core.Linking.StackLinker);
                public static object Root() => typeof(Engine);
            }
            """);
        var violations = Violations(EngineSources().Append(rule).ToList(), only: "Rules/Bad.cs").Select(v => v.ToString()).ToList();
        Assert.That(violations, Does.Contain("Rules/Bad.cs(5): Rules may not use Parsing: HardeningTasks.Core.Parsing"));
        Assert.That(violations, Does.Contain("Rules/Bad.cs(6): Rules may not use Linking: HardeningTasks.Core.Linking"));
        Assert.That(violations, Does.Contain("Rules/Bad.cs(7): Rules may not use Core: HardeningTasks.Core.Engine"));
    }

    /// <summary>Every C# file of the engine, relative path and text (build output excluded).</summary>
    private static List<(string Path, string Text)> EngineSources() =>
        Directory.EnumerateFiles(CoreSources, "*.cs", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(CoreSources, p).Replace('\\', '/'))
            .Where(p => !p.StartsWith("bin/", StringComparison.Ordinal) && !p.StartsWith("obj/", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllText(Path.Combine(CoreSources, p))))
            .ToList();

    /// <summary>The engine's area a namespace belongs to: its first segment under HardeningTasks.Core, "Core" for the root,
    /// null outside the engine.</summary>
    private static string? AreaOf(string? ns)
    {
        if (ns == null) return null;
        if (ns == Engine) return "Core";
        if (!ns.StartsWith(Engine + ".", StringComparison.Ordinal)) return null;
        var rest = ns.Substring(Engine.Length + 1);
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest.Substring(0, dot);
    }

    private static string? NamespaceOf(string text) =>
        CSharpSyntaxTree.ParseText(text).GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();

    private static bool Allowed(string from, string to) => from == to || MayUse.TryGetValue(from, out var may) && may.Contains(to);

    /// <summary>The references against the table in <paramref name="sources"/> (or in the one file <paramref name="only"/>),
    /// bound as one compilation. Only names the engine declares (types, namespaces, extension methods) are bound: a member
    /// reached through a value needs one of them named first.</summary>
    internal static List<Violation> Violations(IReadOnlyList<(string Path, string Text)> sources, string? only = null)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: new[] { "NET", "NETCOREAPP", "NET8_0", "NET8_0_OR_GREATER", "RELEASE" });
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, options, s.Path)).ToList();
        var shared = Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "src", "Shared"), "*.cs")
            .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), options, p));
        var compilation = CSharpCompilation.Create("NamespaceDirection", trees.Concat(shared), References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        var declared = DeclaredNames(trees);
        var found = new List<Violation>();
        foreach (var tree in trees.Where(t => only == null || t.FilePath == only))
        {
            var model = compilation.GetSemanticModel(tree);
            var root = tree.GetRoot();
            foreach (var declaration in root.DescendantNodesAndSelf().OfType<BaseNamespaceDeclarationSyntax>())
            {
                if (AreaOf(declaration.Name.ToString()) is not { } from) continue;
                var seen = new HashSet<(int, string)>();
                void Report(SyntaxNode at, string? area, string what)
                {
                    if (area is not { } to || Allowed(from, to)) return;
                    var line = at.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    if (seen.Add((line, to))) found.Add(new Violation(tree.FilePath, line, from, to, what));
                }
                // a using directive's name is its text (HardeningTasks.Core.Rules, or a type for "using static"), never the root
                foreach (var directive in root.DescendantNodes().OfType<UsingDirectiveSyntax>())
                    if (directive.Name?.ToString() is { } imported && imported != Engine)
                        Report(directive, AreaOf(imported), "using " + imported);
                foreach (var name in declaration.DescendantNodes().OfType<SimpleNameSyntax>())
                {
                    if (!declared.Contains(name.Identifier.ValueText) || name.Ancestors().Any(a => a is UsingDirectiveSyntax)) continue;
                    var info = model.GetSymbolInfo(name);
                    if (Named(info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) is not { } target) continue;
                    if (target.Namespace == Engine && RootTypesForAll.Any(t => target.What == Engine + "." + t)) continue;
                    Report(name, AreaOf(target.Namespace), target.What);
                }
            }
        }
        return found.OrderBy(v => v.File, StringComparer.Ordinal).ThenBy(v => v.Line).ToList();
    }

    /// <summary>The names the engine declares: its namespaces' segments, its types and its extension methods.</summary>
    private static HashSet<string> DeclaredNames(IEnumerable<SyntaxTree> trees)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in trees.SelectMany(t => t.GetRoot().DescendantNodes()))
            switch (node)
            {
                case BaseNamespaceDeclarationSyntax ns: names.UnionWith(ns.Name.ToString().Split('.')); break;
                case BaseTypeDeclarationSyntax type: names.Add(type.Identifier.ValueText); break;
                case DelegateDeclarationSyntax type: names.Add(type.Identifier.ValueText); break;
                case MethodDeclarationSyntax method when method.ParameterList.Parameters.FirstOrDefault()?.Modifiers.Any(SyntaxKind.ThisKeyword) == true:
                    names.Add(method.Identifier.ValueText); break;
            }
        return names;
    }

    /// <summary>What a bound name refers to: the namespace it is in and how to say it (a namespace, or a type's full name);
    /// null for locals, parameters, the root namespace as a qualifier (<c>HardeningTasks.Core.Rules</c> names Rules, not the
    /// root's types) and everything outside the engine.</summary>
    private static (string Namespace, string What)? Named(ISymbol? symbol)
    {
        switch (symbol)
        {
            case null or ILocalSymbol or IParameterSymbol or IRangeVariableSymbol or ILabelSymbol or IDiscardSymbol or ITypeParameterSymbol:
                return null;
            case INamespaceSymbol ns:
                var name = ns.ToDisplayString();
                return name == Engine ? null : (name, name);
            case INamedTypeSymbol type:
                var definition = type.OriginalDefinition;
                return definition.ContainingNamespace is { IsGlobalNamespace: false } containing
                    ? (containing.ToDisplayString(), containing.ToDisplayString() + "." + definition.MetadataName)
                    : null;
            case IMethodSymbol { ReducedFrom: { } extension }:
                return Named(extension.ContainingType);
            default:
                return symbol.ContainingType is { } owner ? Named(owner) : null;
        }
    }

    /// <summary>The runtime the tests run on and YamlDotNet: enough to bind the engine's sources.</summary>
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("HardeningTasks", StringComparison.Ordinal))
            .Append(typeof(YamlDotNet.RepresentationModel.YamlStream).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());
}
