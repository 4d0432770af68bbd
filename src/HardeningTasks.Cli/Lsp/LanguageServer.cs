using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using HardeningTasks.Core;
using HardeningTasks.Core.Checking;
using HardeningTasks.Core.Configuration;
using HardeningTasks.Core.Fixes;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Cli.Lsp;

/// <summary>
/// <c>hardening lsp</c>: the check as you type, over the Language Server Protocol on standard input and output.
/// <list type="bullet">
/// <item>Open documents are the truth (their unsaved text, laid over the disk); every other file is read from the disk.
/// When the client watches files for the server, the disk's answers are kept (<see cref="DiskCache"/>) and
/// <c>workspace/didChangeWatchedFiles</c> says which to forget (files appearing or going are looked for again); a client
/// that cannot watch gets every check read from the disk.</item>
/// <item>After a change, and a short quiet time (<c>debounceMs</c>, 30 ms by default), each workspace folder is checked
/// again by <see cref="CheckService"/> — as <c>hardening check</c> in that folder checks it: the preset, the folder's
/// <c>hardening-baseline.json</c>, setting problems as HRD090 — with its units kept in memory, so only the units whose
/// files changed are analysed. Diagnostics are published for every file whose findings changed — an edit of <c>.env</c>
/// re-publishes the compose files that interpolate it — and for the edited documents. Problems in the settings have no
/// file: they are shown with <c>window/showMessage</c>.</item>
/// <item><c>textDocument/codeAction</c> offers, for each finding in the range, its mechanical fix (when there is a safe
/// one), "Suppress with a comment" and "Set to none in .editorconfig", computed by the same fix engine as <c>hardening fix</c>.</item>
/// <item>Settings (the <c>hardening</c> section, or <c>initializationOptions</c>): <c>variables</c> (interpolation variables,
/// as --var), <c>analysisMode</c> (the preset, as --analysis-mode), <c>trustedRegistries</c>, <c>maxFileSize</c>, <c>debounceMs</c>.</item>
/// </list>
/// </summary>
internal sealed class LanguageServer
{
    private const int DefaultDebounceMs = 30;

    /// <summary>How the editor's settings are named in messages (HRD004 says where to trust a registry).</summary>
    private static readonly SettingNames Names = new()
    {
        UpdateBaseline = "hardening check --update-baseline",
        MaxFileSize = "the hardening.maxFileSize setting",
        TrustedRegistries = "the hardening.trustedRegistries setting",
    };

    private readonly JsonRpcChannel channel;
    private readonly TextWriter log;
    private readonly object gate = new();
    private readonly object analysisGate = new();
    private readonly Dictionary<string, OpenDocument> documents = new(PathText.Comparer);
    private readonly List<Folder> folders = new();
    private readonly Dictionary<string, string> published = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> publishedVersions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> uriOf = new(PathText.Comparer);
    private Dictionary<string, (IReadOnlyList<Finding> Findings, JsonArray Diagnostics, string Text)> built = new(PathText.Comparer);
    private Settings settings = new();
    private bool dirty;
    private DateTime due;
    private bool stopping;
    private bool shutdownRequested;
    private bool documentChanges;
    private int nextRequestId;
    private int analyses;
    private double lastAnalysisMs;
    private double lastAnalysisCpuMs;
    private int lastUnitsAnalysed;
    private int lastUnitsReused;
    private IFileSystem lastFileSystem = PhysicalFileSystem.Instance;
    private readonly DiskCache disk = new(PhysicalFileSystem.Instance, WatchedFiles.Matches);
    private string shownProblems = "";

    private LanguageServer(JsonRpcChannel channel, TextWriter log)
    {
        this.channel = channel;
        this.log = log;
    }

    public static int Run(Stream input, Stream output, TextWriter log) => new LanguageServer(new JsonRpcChannel(input, output), log).Serve();

    private sealed class OpenDocument
    {
        public OpenDocument(string uri, string path, int version, string text)
        {
            Uri = uri;
            Path = path;
            Version = version;
            Text = text;
        }

        public string Uri { get; }
        public string Path { get; }
        public int Version { get; set; }
        public string Text { get; set; }
    }

    /// <summary>A workspace folder (or, for a document outside every folder, its directory) and what its last check left.</summary>
    private sealed class Folder
    {
        public Folder(string root, bool walk)
        {
            Root = root;
            Walk = walk;
        }

        public string Root { get; }

        /// <summary>False for the directory of a document outside every folder: only the open documents there are checked.</summary>
        public bool Walk { get; }

        /// <summary>The incremental engine's units of the last check, kept for the next.</summary>
        public CheckUnits Units { get; } = new();

        /// <summary>The inputs found on the disk (named inputs, and the other YAML files the engine classifies by content);
        /// null when they must be looked for again.</summary>
        public DiscoveredInputs? DiskInputs { get; set; }

        public IReadOnlyList<Finding> Findings { get; set; } = Array.Empty<Finding>();

        /// <summary>The latest model of each file, from the unit that last analysed it.</summary>
        public Dictionary<string, Stack> StackByFile { get; } = new(PathText.Comparer);

        public bool Contains(string path) =>
            PathText.Full(path).StartsWith(Root.TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar, PathText.Comparison);
    }

    private sealed class Settings
    {
        public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);
        public string? AnalysisMode { get; set; }
        public string? MaxFileSize { get; set; }
        public List<string> TrustedRegistries { get; } = new();
        public int DebounceMs { get; set; } = DefaultDebounceMs;
    }

    // ---- the message loop ----

    private int Serve()
    {
        var worker = new Thread(AnalysisLoop) { IsBackground = true, Name = "hardening analysis" };
        worker.Start();
        try
        {
            while (true)
            {
                JsonDocument? message;
                try
                {
                    message = channel.Read();
                }
                catch (InvalidDataException ex)
                {
                    log.WriteLine("hardening lsp: " + ex.Message);
                    return 1;
                }
                if (message == null) return shutdownRequested ? 0 : 1; // the client went away
                using (message)
                {
                    var root = message.RootElement;
                    var method = root.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    var hasId = root.TryGetProperty("id", out var id);
                    var parameters = root.TryGetProperty("params", out var p) ? p : default;
                    if (method == null) continue; // a response to one of our requests
                    if (method == "exit") return shutdownRequested ? 0 : 1;
                    try
                    {
                        if (hasId) HandleRequest(id, method, parameters);
                        else HandleNotification(method, parameters);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        log.WriteLine($"hardening lsp: {method} failed: {ex}");
                        if (hasId) channel.RespondError(id, -32603, $"{method} failed: {ex.Message}");
                    }
                }
            }
        }
        finally
        {
            lock (gate)
            {
                stopping = true;
                Monitor.PulseAll(gate);
            }
            worker.Join(TimeSpan.FromSeconds(10));
        }
    }

    private void HandleRequest(JsonElement id, string method, JsonElement parameters)
    {
        if (shutdownRequested && method != "shutdown")
        {
            channel.RespondError(id, -32600, "the server is shutting down");
            return;
        }
        switch (method)
        {
            case "initialize":
                channel.Respond(id, Initialize(parameters));
                break;
            case "shutdown":
                lock (gate)
                {
                    shutdownRequested = true;
                    stopping = true;
                    dirty = false;
                    Monitor.PulseAll(gate);
                }
                lock (analysisGate) { } // let a running analysis finish before answering
                channel.Respond(id, null);
                break;
            case "textDocument/codeAction":
                channel.Respond(id, CodeActions(parameters));
                break;
            case "hardening/status":
                channel.Respond(id, Status());
                break;
            default:
                channel.RespondError(id, -32601, "method not supported: " + method);
                break;
        }
    }

    private void HandleNotification(string method, JsonElement parameters)
    {
        switch (method)
        {
            case "initialized":
                RegisterWatchers();
                Schedule(immediately: true);
                break;
            case "textDocument/didOpen":
            {
                var item = parameters.GetProperty("textDocument");
                var uri = item.GetProperty("uri").GetString()!;
                if (DocumentUri.ToPath(uri) is not { } path) return;
                lock (gate)
                {
                    documents[path] = new OpenDocument(uri, path, item.TryGetProperty("version", out var v) ? v.GetInt32() : 0, item.GetProperty("text").GetString() ?? "");
                    EnsureFolder(path);
                }
                Schedule();
                break;
            }
            case "textDocument/didChange":
            {
                var item = parameters.GetProperty("textDocument");
                if (DocumentUri.ToPath(item.GetProperty("uri").GetString()!) is not { } path) return;
                lock (gate)
                {
                    if (!documents.TryGetValue(path, out var document)) return;
                    foreach (var change in parameters.GetProperty("contentChanges").EnumerateArray())
                        document.Text = Apply(document.Text, change);
                    if (item.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number) document.Version = v.GetInt32();
                }
                Schedule();
                break;
            }
            case "textDocument/didClose":
            {
                if (DocumentUri.ToPath(parameters.GetProperty("textDocument").GetProperty("uri").GetString()!) is not { } path) return;
                disk.Invalidate(path); // what the disk holds may never have been read while the buffer was the truth
                lock (gate)
                {
                    documents.Remove(path);
                    folders.RemoveAll(f => !f.Walk && !documents.Keys.Any(f.Contains)); // the directory of a loose document
                }
                Schedule();
                break;
            }
            case "textDocument/didSave":
                // the disk now holds what the buffer held; the watcher's event may come later
                if (DocumentUri.ToPath(parameters.GetProperty("textDocument").GetProperty("uri").GetString()!) is { } saved) disk.Invalidate(saved);
                Schedule();
                break;
            case "workspace/didChangeWatchedFiles":
            {
                var changes = parameters.GetProperty("changes").EnumerateArray().ToList();
                disk.Invalidate(changes.Select(c => DocumentUri.ToPath(c.GetProperty("uri").GetString()!)).OfType<string>());
                // a file created or deleted may be an input: look again
                if (changes.Any(c => c.GetProperty("type").GetInt32() != 2))
                    lock (gate)
                        foreach (var folder in folders) folder.DiskInputs = null;
                Schedule();
                break;
            }
            case "workspace/didChangeConfiguration":
                if (parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("settings", out var all))
                    lock (gate) settings = ReadSettings(all.ValueKind == JsonValueKind.Object && all.TryGetProperty("hardening", out var own) ? own : all, settings);
                Schedule();
                break;
            case "workspace/didChangeWorkspaceFolders":
            {
                var e = parameters.GetProperty("event");
                lock (gate)
                {
                    foreach (var removed in e.GetProperty("removed").EnumerateArray())
                        if (DocumentUri.ToPath(removed.GetProperty("uri").GetString()!) is { } root)
                            folders.RemoveAll(f => f.Walk && PathText.Comparer.Equals(f.Root, root));
                    foreach (var added in e.GetProperty("added").EnumerateArray())
                        if (DocumentUri.ToPath(added.GetProperty("uri").GetString()!) is { } root && !folders.Any(f => f.Walk && PathText.Comparer.Equals(f.Root, root)))
                            folders.Add(new Folder(root, walk: true));
                    foreach (var path in documents.Keys) EnsureFolder(path);
                }
                Schedule();
                break;
            }
        }
    }

    private JsonObject Initialize(JsonElement parameters)
    {
        lock (gate)
        {
            if (parameters.TryGetProperty("workspaceFolders", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var folder in list.EnumerateArray())
                    if (DocumentUri.ToPath(folder.GetProperty("uri").GetString()!) is { } root) folders.Add(new Folder(root, walk: true));
            }
            else if (parameters.TryGetProperty("rootUri", out var rootUri) && rootUri.ValueKind == JsonValueKind.String && DocumentUri.ToPath(rootUri.GetString()!) is { } root)
            {
                folders.Add(new Folder(root, walk: true));
            }
            if (parameters.TryGetProperty("initializationOptions", out var options) && options.ValueKind == JsonValueKind.Object)
                settings = ReadSettings(options.TryGetProperty("hardening", out var own) ? own : options, settings);
            documentChanges = Bool(parameters, "capabilities", "workspace", "workspaceEdit", "documentChanges");
            watchers = Bool(parameters, "capabilities", "workspace", "didChangeWatchedFiles", "dynamicRegistration");
        }
        return new JsonObject
        {
            ["capabilities"] = new JsonObject
            {
                ["textDocumentSync"] = new JsonObject { ["openClose"] = true, ["change"] = 2, ["save"] = new JsonObject { ["includeText"] = false } },
                ["codeActionProvider"] = new JsonObject { ["codeActionKinds"] = new JsonArray("quickfix") },
                ["workspace"] = new JsonObject { ["workspaceFolders"] = new JsonObject { ["supported"] = true, ["changeNotifications"] = true } },
            },
            ["serverInfo"] = new JsonObject { ["name"] = "hardening", ["version"] = Program.Version },
        };
    }

    private bool watchers;

    /// <summary>Asks the client to tell about the files the check reads, when it can watch files for us.</summary>
    private void RegisterWatchers()
    {
        if (!watchers) return;
        var list = new JsonArray();
        foreach (var pattern in WatchedFiles.Patterns) list.Add((JsonNode)new JsonObject { ["globPattern"] = pattern });
        // any file created or deleted: directory listings are kept too (a key file appearing in a build context, HRD071)
        list.Add((JsonNode)new JsonObject { ["globPattern"] = "**/*", ["kind"] = WatchedFiles.CreateOrDelete });
        channel.Request(Interlocked.Increment(ref nextRequestId), "client/registerCapability", new JsonObject
        {
            ["registrations"] = new JsonArray(new JsonObject
            {
                ["id"] = "hardening-watched-files",
                ["method"] = "workspace/didChangeWatchedFiles",
                ["registerOptions"] = new JsonObject { ["watchers"] = list },
            }),
        });
    }

    private static bool Bool(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return false;
        }
        return element.ValueKind == JsonValueKind.True;
    }

    private static Settings ReadSettings(JsonElement section, Settings previous)
    {
        var result = new Settings { DebounceMs = previous.DebounceMs, AnalysisMode = previous.AnalysisMode, MaxFileSize = previous.MaxFileSize };
        foreach (var pair in previous.Variables) result.Variables[pair.Key] = pair.Value;
        result.TrustedRegistries.AddRange(previous.TrustedRegistries);
        if (section.ValueKind != JsonValueKind.Object) return result;
        if (section.TryGetProperty("variables", out var variables) && variables.ValueKind == JsonValueKind.Object)
        {
            result.Variables.Clear();
            foreach (var variable in variables.EnumerateObject())
                result.Variables[variable.Name] = variable.Value.ValueKind == JsonValueKind.String ? variable.Value.GetString()! : variable.Value.GetRawText();
        }
        foreach (var name in new[] { "analysisMode", "preset" })
            if (section.TryGetProperty(name, out var mode) && mode.ValueKind == JsonValueKind.String)
                result.AnalysisMode = mode.GetString();
        if (section.TryGetProperty("trustedRegistries", out var registries))
        {
            result.TrustedRegistries.Clear();
            if (registries.ValueKind == JsonValueKind.Array)
                result.TrustedRegistries.AddRange(registries.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!));
            else if (registries.ValueKind == JsonValueKind.String)
                result.TrustedRegistries.AddRange(registries.GetString()!.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(r => r.Trim()));
        }
        if (section.TryGetProperty("maxFileSize", out var size) && size.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            result.MaxFileSize = size.ValueKind == JsonValueKind.String ? size.GetString() : size.GetRawText();
        if (section.TryGetProperty("debounceMs", out var debounce) && debounce.ValueKind == JsonValueKind.Number && debounce.TryGetInt32(out var ms))
            result.DebounceMs = Math.Max(0, Math.Min(ms, 5000));
        return result;
    }

    /// <summary>Applies one <c>contentChanges</c> item: the whole text, or a range (UTF-16 positions) replaced.</summary>
    private static string Apply(string text, JsonElement change)
    {
        var newText = change.GetProperty("text").GetString() ?? "";
        if (!change.TryGetProperty("range", out var range)) return newText;
        var document = new FixDocument("", text);
        int Offset(JsonElement position) => document.Offset(position.GetProperty("line").GetInt32() + 1, position.GetProperty("character").GetInt32() + 1);
        var start = Offset(range.GetProperty("start"));
        var end = Math.Max(start, Offset(range.GetProperty("end")));
        return text.Substring(0, start) + newText + text.Substring(end);
    }

    /// <summary>A document outside every workspace folder is checked in its own directory.</summary>
    private void EnsureFolder(string path)
    {
        if (folders.Any(f => f.Contains(path))) return;
        folders.Add(new Folder(Path.GetDirectoryName(path) ?? path, walk: false));
    }

    // ---- analysis ----

    private void Schedule(bool immediately = false)
    {
        lock (gate)
        {
            if (stopping) return;
            dirty = true;
            due = DateTime.UtcNow.AddMilliseconds(immediately ? 0 : settings.DebounceMs);
            Monitor.PulseAll(gate);
        }
    }

    private void AnalysisLoop()
    {
        while (true)
        {
            lock (gate)
            {
                while (!stopping && (!dirty || DateTime.UtcNow < due))
                {
                    if (!dirty) Monitor.Wait(gate);
                    else Monitor.Wait(gate, due - DateTime.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
                }
                if (stopping) return;
            }
            try
            {
                AnalyseAndPublish();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                log.WriteLine("hardening lsp: the check failed: " + ex);
            }
        }
    }

    /// <summary>Checks every folder again (only what changed is analysed) and publishes what changed. One at a time.</summary>
    private void AnalyseAndPublish()
    {
        lock (analysisGate)
        {
            List<Folder> snapshotFolders;
            Dictionary<string, (string Uri, int Version, string Text)> snapshot;
            Settings current;
            lock (gate)
            {
                if (!dirty) return;
                dirty = false;
                snapshotFolders = folders.ToList();
                snapshot = documents.Values.ToDictionary(d => d.Path, d => (d.Uri, d.Version, d.Text), PathText.Comparer);
                current = settings;
            }
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            bool cached;
            lock (gate) cached = watchers;
            var fileSystem = new OverlayFileSystem(cached ? disk : PhysicalFileSystem.Instance, snapshot.Select(d => new KeyValuePair<string, string>(d.Key, d.Value.Text)));
            // the settings as hardening check's options: --var, --trusted-registries, --analysis-mode, --max-file-size
            var problems = new List<string>();
            var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (current.TrustedRegistries.Count > 0) properties[Core.Rules.SupplyChain.UntrustedRegistryRule.PropertyName] = string.Join(";", current.TrustedRegistries);
            var mode = AnalysisMode.Default;
            if (current.AnalysisMode != null && !AnalysisModes.TryParse(current.AnalysisMode, out mode))
                problems.Add($"hardening.analysisMode: '{current.AnalysisMode}' is not a preset; use {AnalysisModes.Expected}. Default is used.");
            var maxFileBytes = SourceReader.DefaultMaxFileBytes;
            if (current.MaxFileSize != null && !SourceReader.TryParseSize(current.MaxFileSize, out maxFileBytes))
            {
                problems.Add($"hardening.maxFileSize: '{current.MaxFileSize}' is not a size in bytes (e.g. 10485760, 512KB, 10MB); the default {SourceReader.DefaultMaxFileBytes / (1024 * 1024)} MB is used.");
                maxFileBytes = SourceReader.DefaultMaxFileBytes;
            }
            int analysed = 0, reused = 0;
            var settingProblems = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var folder in snapshotFolders)
            {
                var inputs = Inputs(folder, snapshot.Keys, fileSystem);
                // the folder's baseline, as hardening check run there reads it
                var baseline = Path.Combine(folder.Root, Core.Reporting.Baseline.DefaultFileName);
                var run = Checks.Run(new CheckRequest
                {
                    Analysis = new AnalysisRequest
                    {
                        ProjectDirectory = folder.Root,
                        Files = inputs.Files,
                        Candidates = inputs.Candidates,
                        Variables = current.Variables,
                        Properties = properties,
                        MaxFileBytes = maxFileBytes,
                        Mode = mode,
                        SettingNames = Names,
                        FileSystem = fileSystem,
                    },
                    BaselineFile = folder.Walk && fileSystem.FileExists(baseline) ? baseline : null,
                    SettingProblems = problems,
                    Units = folder.Units,
                });
                analysed += run.Result.Incremental?.UnitsAnalysed ?? 0;
                reused += run.Result.Incremental?.UnitsReused ?? 0;
                foreach (var stack in run.Stacks)
                    foreach (var path in FilesOf(stack))
                        folder.StackByFile[path] = stack;
                folder.Findings = run.Findings.Where(f => f.Location.FilePath.Length > 0).ToList();
                foreach (var finding in run.Findings.Where(f => f.Location.FilePath.Length == 0)) settingProblems.Add($"{finding.RuleId}: {finding.Message}");
            }
            ShowSettingProblems(settingProblems);
            Publish(snapshotFolders, snapshot, fileSystem);
            lock (gate)
            {
                lastFileSystem = fileSystem;
                analyses++;
                lastAnalysisMs = clock.Elapsed.TotalMilliseconds;
                lastAnalysisCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
                lastUnitsAnalysed = analysed;
                lastUnitsReused = reused;
            }
        }
    }

    /// <summary>Problems in the settings belong to no file: the client shows them once, each time they change.</summary>
    private void ShowSettingProblems(IEnumerable<string> problems)
    {
        var text = string.Join("\n", problems);
        if (text == shownProblems) return;
        shownProblems = text;
        if (text.Length > 0) channel.Notify("window/showMessage", new JsonObject { ["type"] = 2, ["message"] = "hardening: " + text.Replace("\n", "; ") });
    }

    private static IEnumerable<string> FilesOf(Stack stack)
    {
        foreach (var file in stack.Files)
        {
            yield return file.Path;
            if (file is Core.Model.Compose.ComposeProject project)
                foreach (var path in project.Files) yield return path;
        }
    }

    /// <summary>The folder's inputs: what the CLI would check there (found again after files appeared or went), and the
    /// open documents under it that are inputs by their name (or YAML the engine classifies) even before they are saved.</summary>
    private static DiscoveredInputs Inputs(Folder folder, IEnumerable<string> open, IFileSystem fileSystem)
    {
        if (folder.DiskInputs == null)
        {
            var notes = new List<string>();
            folder.DiskInputs = folder.Walk && Directory.Exists(folder.Root)
                ? InputDiscovery.Find(new[] { folder.Root }, folder.Root, notes, out _)
                : new DiscoveredInputs(Array.Empty<InputFile>(), Array.Empty<string>());
        }
        var inputs = folder.DiskInputs.Files.Where(i => fileSystem.FileExists(i.Path)).ToList();
        var candidates = folder.DiskInputs.Candidates.Where(fileSystem.FileExists).ToList();
        var known = new HashSet<string>(inputs.Select(i => i.Path).Concat(candidates), PathText.Comparer);
        foreach (var path in open.OrderBy(p => p, StringComparer.Ordinal))
        {
            if (!folder.Contains(path) || known.Contains(path) || Excluded(folder.Root, path)) continue;
            if (InputClassifier.Classify(path) is { } kind) inputs.Add(new InputFile(path, kind));
            else if (InputClassifier.IsYaml(path)) candidates.Add(path);
        }
        return new DiscoveredInputs(inputs, candidates);
    }

    /// <summary>Open documents under the folders the CLI does not walk (bin/, obj/, node_modules/, .git/, .github/) are not checked.</summary>
    private static bool Excluded(string root, string path) =>
        PathText.Relative(root, path).Split('/').Any(part => InputClassifier.ExcludedDirectories.Contains(part));

    private void Publish(List<Folder> snapshotFolders, Dictionary<string, (string Uri, int Version, string Text)> open, IFileSystem fileSystem)
    {
        var byFile = new Dictionary<string, List<Finding>>(PathText.Comparer);
        var folderOf = new Dictionary<string, Folder>(PathText.Comparer);
        foreach (var folder in snapshotFolders)
        {
            // the findings come sorted by file: look each file up once, not once per finding
            List<Finding>? list = null;
            string? file = null;
            foreach (var finding in folder.Findings)
            {
                if (!string.Equals(file, finding.Location.FilePath, StringComparison.Ordinal))
                {
                    file = finding.Location.FilePath;
                    if (folderOf.TryGetValue(file, out var owner) && owner != folder) list = null; // nested folders: the first one
                    else
                    {
                        folderOf[file] = folder;
                        if (!byFile.TryGetValue(file, out list)) byFile[file] = list = new List<Finding>();
                    }
                }
                list?.Add(finding);
            }
        }
        // Diagnostics are built again only for files whose findings changed, and for every file when an open .env or
        // .editorconfig changed (their lines are related information); the rest keep what was published.
        var envEdited = open.Any(d => IsSideFile(d.Key) && (!publishedVersions.TryGetValue(d.Value.Uri, out var v) || v != d.Value.Version));
        var current = new Dictionary<string, (JsonArray Diagnostics, string Text)>(StringComparer.Ordinal);
        var nextBuilt = new Dictionary<string, (IReadOnlyList<Finding> Findings, JsonArray Diagnostics, string Text)>(PathText.Comparer);
        foreach (var pair in byFile)
        {
            if (!uriOf.TryGetValue(pair.Key, out var uri)) uriOf[pair.Key] = uri = DocumentUri.FromPath(pair.Key);
            var isOpen = open.TryGetValue(pair.Key, out var openDocument);
            if (!envEdited && built.TryGetValue(pair.Key, out var previous) && previous.Findings.SequenceEqual(pair.Value)
                && (!isOpen || (publishedVersions.TryGetValue(uri, out var v) && v == openDocument.Version)))
            {
                nextBuilt[pair.Key] = previous;
                current[uri] = (previous.Diagnostics, previous.Text);
                continue;
            }
            var document = isOpen ? new FixDocument(pair.Key, openDocument.Text) : null;
            var diagnostics = new JsonArray();
            foreach (var finding in pair.Value)
                if (DiagnosticWriter.Diagnostic(finding, document, StacksFor(folderOf[pair.Key], finding), fileSystem) is { } diagnostic)
                    diagnostics.Add((JsonNode)diagnostic);
            var text = diagnostics.ToJsonString();
            nextBuilt[pair.Key] = (pair.Value, diagnostics, text);
            current[uri] = (diagnostics, text);
        }
        built = nextBuilt;
        var uris = new HashSet<string>(published.Keys.Concat(current.Keys), StringComparer.Ordinal);
        foreach (var document in open.Values) uris.Add(document.Uri);
        foreach (var uri in uris.OrderBy(u => u, StringComparer.Ordinal))
        {
            var has = current.TryGetValue(uri, out var now);
            var text = has ? now.Text : "[]";
            var version = open.Values.FirstOrDefault(d => d.Uri == uri).Version;
            var edited = open.Values.Any(d => d.Uri == uri) && (!publishedVersions.TryGetValue(uri, out var v) || v != version);
            var unchanged = published.TryGetValue(uri, out var before) ? before == text : text == "[]";
            if (unchanged && !edited) continue;
            channel.Notify("textDocument/publishDiagnostics", new JsonObject { ["uri"] = uri, ["diagnostics"] = has ? JsonNode.Parse(now.Text) : new JsonArray() });
            if (has) published[uri] = text;
            else published.Remove(uri);
            if (open.Values.Any(d => d.Uri == uri)) publishedVersions[uri] = version;
        }
        foreach (var uri in publishedVersions.Keys.Where(u => !open.Values.Any(d => d.Uri == u)).ToList()) publishedVersions.Remove(uri);
    }

    /// <summary>Files whose lines other files' diagnostics point at (<c>.env</c> files) or whose edit changes severities.</summary>
    private static bool IsSideFile(string path)
    {
        var name = Path.GetFileName(path);
        return name == ".env" || name.EndsWith(".env", StringComparison.Ordinal) || name.StartsWith(".env.", StringComparison.Ordinal) || name is ".editorconfig" or ".globalconfig";
    }

    private static IEnumerable<Stack> StacksFor(Folder folder, Finding finding) =>
        folder.StackByFile.TryGetValue(finding.Location.FilePath, out var stack) ? new[] { stack } : Array.Empty<Stack>();

    // ---- code actions ----

    private JsonArray CodeActions(JsonElement parameters)
    {
        var uri = parameters.GetProperty("textDocument").GetProperty("uri").GetString()!;
        if (DocumentUri.ToPath(uri) is not { } path) return new JsonArray();
        // Answer from a check of the text the client has now.
        lock (gate)
        {
            if (dirty) due = DateTime.UtcNow;
        }
        AnalyseAndPublish();

        var range = parameters.GetProperty("range");
        var (startLine, startColumn) = (range.GetProperty("start").GetProperty("line").GetInt32() + 1, range.GetProperty("start").GetProperty("character").GetInt32() + 1);
        var (endLine, endColumn) = (range.GetProperty("end").GetProperty("line").GetInt32() + 1, range.GetProperty("end").GetProperty("character").GetInt32() + 1);
        var wanted = parameters.TryGetProperty("context", out var context) && context.TryGetProperty("only", out var only) && only.ValueKind == JsonValueKind.Array
            ? only.EnumerateArray().Select(k => k.GetString() ?? "").ToList() : null;
        if (wanted != null && !wanted.Any(k => k == "quickfix" || "quickfix".StartsWith(k + ".", StringComparison.Ordinal) || k.Length == 0)) return new JsonArray();

        Folder? folder;
        IFileSystem fileSystem;
        Dictionary<string, (string Uri, int Version)> versions;
        lock (gate)
        {
            folder = folders.FirstOrDefault(f => f.Contains(path));
            fileSystem = lastFileSystem;
            versions = documents.Values.ToDictionary(d => d.Path, d => (d.Uri, d.Version), PathText.Comparer);
        }
        if (folder == null) return new JsonArray();
        var findings = folder.Findings.Where(f => PathText.Comparer.Equals(f.Location.FilePath, path) && DiagnosticWriter.Severity(f.Severity) != null
            && Intersects(f.Location.Span, startLine, startColumn, endLine, endColumn)).ToList();
        var fixContext = new FixContext(fileSystem, folder.Root, folder.Findings, folder.StackByFile.Values.Distinct().ToList());
        var actions = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var finding in findings)
            foreach (var fix in CodeFixes.For(finding, fixContext))
            {
                var edit = WorkspaceEdit(fix, versions);
                if (edit == null || !seen.Add(fix.Title + edit.ToJsonString())) continue;
                var resolved = new JsonArray();
                foreach (var f in fix.Resolves.Where(r => PathText.Comparer.Equals(r.Location.FilePath, path)))
                    if (DiagnosticWriter.Diagnostic(f, fixContext.Document(path), Array.Empty<Stack>(), fileSystem) is { } d) resolved.Add((JsonNode)d);
                actions.Add((JsonNode)new JsonObject
                {
                    ["title"] = fix.Title,
                    ["kind"] = "quickfix",
                    ["diagnostics"] = resolved,
                    ["isPreferred"] = fix.Kind == FixKind.Mechanical,
                    ["edit"] = edit,
                });
            }
        return actions;
    }

    private static bool Intersects(SourceSpan span, int startLine, int startColumn, int endLine, int endColumn)
    {
        var (spanEndLine, spanEndColumn) = span.EndLine < span.Line || (span.EndLine == span.Line && span.EndColumn <= span.Column)
            ? (span.Line, int.MaxValue) : (span.EndLine, span.EndColumn);
        var startsBeforeEnd = span.Line < endLine || (span.Line == endLine && span.Column <= endColumn);
        var endsAfterStart = spanEndLine > startLine || (spanEndLine == startLine && spanEndColumn >= startColumn);
        return startsBeforeEnd && endsAfterStart;
    }

    private JsonObject? WorkspaceEdit(CodeFix fix, Dictionary<string, (string Uri, int Version)> versions)
    {
        if (!documentChanges)
        {
            if (fix.Changes.Any(c => c.Creates)) return null;
            var changes = new JsonObject();
            foreach (var change in fix.Changes)
                changes[DocumentUri.FromPath(change.Path)] = Edits(change);
            return new JsonObject { ["changes"] = changes };
        }
        var list = new JsonArray();
        foreach (var change in fix.Changes)
        {
            var uri = DocumentUri.FromPath(change.Path);
            if (change.Creates) list.Add((JsonNode)new JsonObject { ["kind"] = "create", ["uri"] = uri, ["options"] = new JsonObject { ["ignoreIfExists"] = true } });
            list.Add((JsonNode)new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = versions.TryGetValue(change.Path, out var open) ? open.Version : null },
                ["edits"] = Edits(change),
            });
        }
        return new JsonObject { ["documentChanges"] = list };
    }

    private static JsonArray Edits(FileChange change)
    {
        var edits = new JsonArray();
        foreach (var edit in change.Edits)
            edits.Add((JsonNode)new JsonObject
            {
                ["range"] = new JsonObject
                {
                    ["start"] = DiagnosticWriter.Position(edit.Range.Line, edit.Range.Column),
                    ["end"] = DiagnosticWriter.Position(edit.Range.EndLine, edit.Range.EndColumn),
                },
                ["newText"] = edit.NewText,
            });
        return edits;
    }

    /// <summary><c>hardening/status</c>: how many checks ran, how long the last took and what it analysed, and the memory
    /// the process holds (after a full collection) — for the latency and memory benchmark.</summary>
    private JsonObject Status()
    {
        lock (analysisGate)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            lock (gate)
            {
                return new JsonObject
                {
                    ["analyses"] = analyses,
                    ["lastAnalysisMs"] = Math.Round(lastAnalysisMs, 2),
                    // the CPU the process spent meanwhile (every thread): what the check costs, whatever else the machine runs
                    ["lastAnalysisCpuMs"] = Math.Round(lastAnalysisCpuMs, 2),
                    ["unitsAnalysed"] = lastUnitsAnalysed,
                    ["unitsReused"] = lastUnitsReused,
                    ["managedBytes"] = GC.GetTotalMemory(forceFullCollection: true),
                    ["workingSetBytes"] = Process.GetCurrentProcess().WorkingSet64,
                    ["openDocuments"] = documents.Count,
                    ["diskAnswersCached"] = disk.Count,
                };
            }
        }
    }
}
