using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Text;
using System.Threading;

/// <summary>
/// Loaded by the runtime before <c>Main</c> when named in <c>DOTNET_STARTUP_HOOKS</c> (the class must be called
/// StartupHook, outside any namespace). Writes one report to <c>HARDENING_PROBE_OUT</c> when the process exits.
/// <c>HARDENING_PROBE=counters</c> (the default) reads the runtime's counters only, which costs nothing measurable;
/// <c>HARDENING_PROBE=events</c> also listens to the runtime's events, which slows the process down (its own
/// dispatch thread) but names every method jitted and every type loaded.
/// </summary>
internal static class StartupHook
{
    private static Stopwatch sinceHook = new();
    private static RuntimeEvents? events;

    public static void Initialize()
    {
        var output = Environment.GetEnvironmentVariable("HARDENING_PROBE_OUT");
        if (string.IsNullOrEmpty(output)) return;
        sinceHook = Stopwatch.StartNew();
        var startToHook = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var jitBeforeMain = (Count: System.Runtime.JitInfo.GetCompiledMethodCount(), Time: System.Runtime.JitInfo.GetCompilationTime());
        if (Environment.GetEnvironmentVariable("HARDENING_PROBE") == "events") events = new RuntimeEvents();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Report(output!, startToHook, jitBeforeMain);
    }

    private static void Report(string output, TimeSpan startToHook, (long Count, TimeSpan Time) jitBeforeMain)
    {
        var main = sinceHook.Elapsed;
        var report = new StringBuilder();
        void Line(string key, object value) => report.Append(key).Append('\t').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
        Line("process start to hook ms", Math.Round(startToHook.TotalMilliseconds));
        Line("hook to exit ms", Math.Round(main.TotalMilliseconds));
        Line("methods jitted", System.Runtime.JitInfo.GetCompiledMethodCount());
        Line("methods jitted before main", jitBeforeMain.Count);
        Line("IL bytes jitted", System.Runtime.JitInfo.GetCompiledILBytes());
        Line("jit time ms", Math.Round(System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds));
        Line("jit time before main ms", Math.Round(jitBeforeMain.Time.TotalMilliseconds));
        Line("gc gen0", GC.CollectionCount(0));
        Line("gc gen1", GC.CollectionCount(1));
        Line("gc gen2", GC.CollectionCount(2));
        Line("gc pause ms", Math.Round(GC.GetTotalPauseDuration().TotalMilliseconds));
        Line("allocated MB", Math.Round(GC.GetTotalAllocatedBytes(precise: true) / 1048576.0, 1));
        Line("peak working set MB", Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1));
        Line("threads", Process.GetCurrentProcess().Threads.Count);
        Line("gc mode", GCSettings.IsServerGC ? "server" : "workstation");
        events?.Report(Line);
        File.WriteAllText(output, report.ToString());
    }

    /// <summary>The runtime's JIT (MethodJittingStarted → MethodLoadVerbose), type-load and GC events, grouped.</summary>
    private sealed class RuntimeEvents : EventListener
    {
        private const EventKeywords Gc = (EventKeywords)0x1, Loader = (EventKeywords)0x8, Jit = (EventKeywords)0x10, TypeDiagnostic = (EventKeywords)0x8000000000;
        private readonly object gate = new();
        private readonly Dictionary<(long Thread, ulong Method), DateTime> jitting = new();
        private readonly Dictionary<string, (int Count, double Ms)> byGroup = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (int Count, double Ms)> byKind = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double> slowest = new(StringComparer.Ordinal);
        private readonly Dictionary<long, Stack<DateTime>> typeLoads = new();
        private int typesLoaded, gcs;
        private double typeLoadMs;
        private DateTime gcStart;
        private EventSource? runtime;
        private double gcMs;

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name != "Microsoft-Windows-DotNETRuntime") return;
            runtime = source;
            EnableEvents(source, EventLevel.Verbose, Gc | Loader | Jit | TypeDiagnostic);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            lock (gate)
            {
                switch (e.EventName)
                {
                    case "MethodJittingStarted_V1":
                        jitting[(e.OSThreadId, Convert.ToUInt64(e.Payload![0]))] = e.TimeStamp;
                        break;
                    case "MethodLoadVerbose_V1":
                    case "MethodLoadVerbose_V2":
                        MethodLoaded(e);
                        break;
                    case "TypeLoadStart":
                        if (!typeLoads.TryGetValue(e.OSThreadId, out var open)) typeLoads[e.OSThreadId] = open = new Stack<DateTime>();
                        open.Push(e.TimeStamp);
                        break;
                    case "TypeLoadStop":
                        if (typeLoads.TryGetValue(e.OSThreadId, out var started) && started.Count > 0)
                        {
                            var start = started.Pop();
                            typesLoaded++;
                            // only the outermost load counts towards the time: nested loads happen inside it
                            if (started.Count == 0) typeLoadMs += (e.TimeStamp - start).TotalMilliseconds;
                        }
                        break;
                    case "GCStart_V2":
                        gcStart = e.TimeStamp;
                        break;
                    case "GCEnd_V1":
                        gcs++;
                        gcMs += (e.TimeStamp - gcStart).TotalMilliseconds;
                        break;
                }
            }
        }

        private void MethodLoaded(EventWrittenEventArgs e)
        {
            var names = e.PayloadNames!;
            object Field(string name) => e.Payload![names.IndexOf(name)]!;
            var flags = Convert.ToInt64(Field("MethodFlags"));
            var typeName = (string)Field("MethodNamespace");
            var methodName = (string)Field("MethodName");
            if (typeName.StartsWith("StartupHook", StringComparison.Ordinal)) return; // the probe itself
            if ((flags & 0x8) == 0) return; // precompiled code being used, not jitted
            var key = (e.OSThreadId, Convert.ToUInt64(Field("MethodID")));
            var ms = jitting.TryGetValue(key, out var start) ? (e.TimeStamp - start).TotalMilliseconds : 0;
            jitting.Remove(key);
            Add(byGroup, Group(typeName), ms);
            Add(byKind, Kind(typeName, methodName, (flags >> 7) & 0x7), ms);
            var full = typeName + "::" + methodName;
            slowest[full] = (slowest.TryGetValue(full, out var before) ? before : 0) + ms;
        }

        private static void Add(Dictionary<string, (int Count, double Ms)> totals, string key, double ms)
        {
            var (count, sum) = totals.TryGetValue(key, out var t) ? t : (0, 0);
            totals[key] = (count + 1, sum + ms);
        }

        private static readonly string[] Groups =
        {
            "HardeningTasks.Core.Parsing", "HardeningTasks.Core.Model", "HardeningTasks.Core.Rules", "HardeningTasks.Core.Reporting",
            "HardeningTasks.Core.Configuration", "HardeningTasks.Core", "HardeningTasks.Cli", "YamlDotNet",
            "System.Text.RegularExpressions", "System.Linq", "System.Collections", "System.Text.Json", "System.Diagnostics.Tracing", "System",
        };

        private static string Group(string typeName)
        {
            // generic instantiations are named after their definition: System.Linq.Enumerable+WhereSelectListIterator`2[...]
            foreach (var group in Groups)
                if (typeName.StartsWith(group + ".", StringComparison.Ordinal) || typeName.StartsWith(group + "+", StringComparison.Ordinal) || typeName == group)
                    return group;
            return typeName.StartsWith("Microsoft.", StringComparison.Ordinal) ? "Microsoft" : "other";
        }

        private static string Kind(string typeName, string methodName, long tier)
        {
            var tierName = tier switch { 1 => "minopts", 2 => "optimized", 3 => "tier0", 4 => "tier1", 7 => "tier1-osr", _ => "tier" + tier };
            var shape = methodName == ".cctor" ? "static constructor"
                : typeName.Contains('[') ? "generic instantiation"
                : typeName.Contains("<>c", StringComparison.Ordinal) || methodName.StartsWith("<", StringComparison.Ordinal) ? "lambda or local function"
                : typeName.Contains(">d__", StringComparison.Ordinal) ? "iterator or async state machine"
                : "plain method";
            return tierName + ": " + shape;
        }

        public void Report(Action<string, object> line)
        {
            Thread.Sleep(500); // the listener's dispatch runs behind the process: let it drain
            if (runtime != null) DisableEvents(runtime);
            lock (gate)
            {
                line("events: types loaded", typesLoaded);
                line("events: type load ms (outermost)", Math.Round(typeLoadMs));
                line("events: gcs", gcs);
                line("events: gc ms", Math.Round(gcMs, 1));
                foreach (var (group, (count, ms)) in byGroup.OrderByDescending(g => g.Value.Ms))
                    line($"jit by namespace\t{group}\t{count}", Math.Round(ms, 1));
                foreach (var (kind, (count, ms)) in byKind.OrderByDescending(g => g.Value.Ms))
                    line($"jit by kind\t{kind}\t{count}", Math.Round(ms, 1));
                foreach (var (method, ms) in slowest.OrderByDescending(m => m.Value).Take(40))
                    line($"slowest jit\t{method}", Math.Round(ms, 2));
            }
        }
    }
}
