// simulate-bench: runs `simulate search` (release build) on the synthetic domains of
// ../shared/bench beside the brute-force C baseline, checks that both give the same answer,
// and prints time and peak memory side by side. Timings never live in tests; they live here.
//
// Up to 2 M packages it also searches each domain in this process, eleven times after one
// unmeasured search, and prints the median: the steady state, without the one-time work the
// Swift runtime does in a fresh process the first time it meets each type.
//
//   swift build -c release && .build/release/simulate-bench [--set brief|scaling|largest|limitonly|all]
//       [--bench DIR] [--work DIR] [--repeat N]
import Foundation
import SimulateKit

#if canImport(Glibc)
    import Glibc
#endif

struct Domain {
    var issues: Int, options: Int, parties: Int, redLines: Int
    var name: String { "\(issues)x\(options)x\(parties) r\(redLines)" }
    var file: String { "d\(issues)x\(options)x\(parties)_r\(redLines)_s1" }
}

let sets: [String: [Domain]] = [
    "brief": [
        Domain(issues: 6, options: 4, parties: 3, redLines: 1), Domain(issues: 8, options: 5, parties: 4, redLines: 1),
        Domain(issues: 10, options: 4, parties: 6, redLines: 2),
    ],
    "scaling": [6, 8, 9, 10, 11, 12].map { Domain(issues: $0, options: 4, parties: 4, redLines: 1) },
    "largest": [Domain(issues: 11, options: 5, parties: 3, redLines: 1)],
    "limitonly": [
        Domain(issues: 13, options: 4, parties: 3, redLines: 1), Domain(issues: 12, options: 5, parties: 4, redLines: 1),
        Domain(issues: 15, options: 4, parties: 6, redLines: 2),
    ],
]

/// NegMAS 0.16.0 in-process totals from ../shared/bench/RESULTS.md (seconds), by domain.
let negmasTotals: [String: Double] = [
    "6x4x3 r1": 0.022, "8x5x4 r1": 3.12, "10x4x6 r2": 13.65,
    "6x4x4 r1": 0.033, "8x4x4 r1": 0.58, "9x4x4 r1": 2.46, "10x4x4 r1": 9.31, "11x4x4 r1": 35.6, "12x4x4 r1": 163.4,
    "11x5x3 r1": 330.2,
]

struct Run {
    var status: Int32
    var stdout: Data
    var wall: Double
    var peakMiB: Double
}

/// Runs a program, capturing stdout, and measures wall time and peak resident memory (through
/// GNU time when present: a process spawned from this one would otherwise count this one's
/// memory as its own until it execs).
func run(_ program: String, _ arguments: [String], stdoutTo path: String? = nil) -> Run {
    let memory = NSTemporaryDirectory() + "simulate-bench-\(getpid()).rss"
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/time") && program != "/usr/bin/time" {
        var r = run("/usr/bin/time", ["-f", "%M", "-o", memory, program] + arguments, stdoutTo: path)
        if let text = try? String(contentsOfFile: memory, encoding: .utf8), let kib = Double(text.split(separator: "\n").last ?? "") {
            r.peakMiB = kib / 1024
        }
        unlink(memory)
        return r
    }
    let out = path ?? NSTemporaryDirectory() + "simulate-bench-\(getpid()).out"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    var pid: pid_t = 0
    let start = Date()
    let spawned = posix_spawnp(&pid, program, &actions, nil, argv, environ)
    argv.forEach { free($0) }
    posix_spawn_file_actions_destroy(&actions)
    guard spawned == 0 else { fatalError("cannot run \(program)") }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let wall = Date().timeIntervalSince(start)
    let data = FileManager.default.contents(atPath: out) ?? Data()
    if path == nil { unlink(out) }
    return Run(status: (status >> 8) & 0xFF, stdout: data, wall: wall, peakMiB: Double(usage.ru_maxrss) / 1024)
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

/// Seconds as milliseconds with three significant digits or more: `0.0913`, `2.41`, `7521`.
func milliseconds(_ seconds: Double) -> String {
    let ms = seconds * 1000
    return ms >= 100 ? String(format: "%.0f", ms) : ms >= 1 ? String(format: "%.2f", ms) : String(format: "%.4f", ms)
}

/// The median in-process search time of a scenario, over eleven searches after an unmeasured
/// one, with the options `simulate search --top 1 --tolerance 0` sets.
func steadyState(_ path: String) -> Double? {
    guard let scenario = ScenarioLoader.load(path: path).scenario else { return nil }
    let compiled = CompiledScenario(scenario, asOf: scenario.asOf ?? Day.today(), tolerance: 0)
    var options = SearchOptions()
    options.top = 1
    var times: [Double] = []
    for run in 0..<12 {
        guard let result = try? Search.run(compiled, options: options) else { return nil }
        if run > 0 { times.append(result.seconds) }
    }
    return median(times)
}

func json(_ data: Data) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
}

// MARK: Arguments

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let k = arguments.firstIndex(of: name), k + 1 < arguments.count else { return nil }
    return arguments[k + 1]
}
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let benchDir = option("--bench") ?? root.appendingPathComponent("../shared/bench").standardized.path
let work = option("--work") ?? root.appendingPathComponent(".build/bench-work").path
let repeats = Int(option("--repeat") ?? "3") ?? 3
let setName = option("--set") ?? "brief,scaling"
let chosen = setName == "all" ? ["brief", "scaling", "largest", "limitonly"] : setName.split(separator: ",").map(String.init)
let simulate = root.appendingPathComponent(".build/release/simulate").path
guard FileManager.default.isExecutableFile(atPath: simulate) else {
    print("simulate-bench: build the release binary first: swift build -c release")
    exit(1)
}
guard FileManager.default.fileExists(atPath: benchDir + "/gen_domain.py") else {
    print("simulate-bench: no bench folder at \(benchDir) (give --bench DIR)")
    exit(1)
}
try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
let limit = work + "/limit"
if run("cc", ["-O3", "-march=native", "-o", limit, benchDir + "/limit.c", "-lm"]).status != 0 {
    print("simulate-bench: cannot compile limit.c with cc")
    exit(1)
}

print(
    "simulate-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores; median of \(repeats) runs each (at least 11 up to 2 M packages); times in milliseconds"
)
print("")
print(
    "| domain | packages | viable | frontier | C limit total ms | C ns/pkg | C peak MiB | simulate search ms | simulate ns/pkg | simulate wall ms | simulate peak MiB | C / simulate | NegMAS / simulate | steady ms | NegMAS / steady | same answer |"
)
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
var allSame = true
for set in chosen {
    for domain in sets[set] ?? [] {
        let domainPath = "\(work)/\(domain.file).json", scenarioPath = "\(work)/\(domain.file).scenario.json"
        if !FileManager.default.fileExists(atPath: scenarioPath) {
            _ = run(
                "python3",
                [
                    benchDir + "/gen_domain.py", "--issues", "\(domain.issues)", "--options", "\(domain.options)",
                    "--parties", "\(domain.parties)", "--redlines", "\(domain.redLines)", "--seed", "1", "--out", domainPath,
                ])
            _ = run("python3", [benchDir + "/to_scenario.py", domainPath, "-o", scenarioPath])
        }
        // Below a few milliseconds a run moves by ±50 % on a shared VM: small domains get at
        // least 11 runs of each tool (both the same number), so the medians mean something.
        let runs = pow(Double(domain.options), Double(domain.issues)) <= 2_000_000 ? max(repeats, 11) : repeats
        var cTotals: [Double] = [], cNs: [Double] = [], cPeak = 0.0
        var c: [String: Any] = [:]
        for r in 0..<runs {
            let out = run(limit, [domainPath] + (r == 0 ? ["--frontier", work + "/limit.front"] : []))
            c = json(out.stdout)
            cTotals.append((c["seconds"] as? [String: Any])?["total"] as? Double ?? .nan)
            cNs.append(c["ns_per_package"] as? Double ?? .nan)
            cPeak = max(cPeak, out.peakMiB)
        }
        var sTimes: [Double] = [], sWalls: [Double] = [], sPeak = 0.0
        var s: [String: Any] = [:]
        for _ in 0..<runs {
            // --tolerance 0: the peers compare u >= reservation exactly.
            let out = run(simulate, ["search", scenarioPath, "--format", "json", "--top", "1", "--tolerance", "0"])
            s = json(out.stdout)
            sTimes.append(s["seconds"] as? Double ?? .nan)
            sWalls.append(out.wall)
            sPeak = max(sPeak, out.peakMiB)
        }
        // Same answer: viable count, frontier (as the set of package indices), Nash package.
        let limitFront = Set(
            (String(data: FileManager.default.contents(atPath: work + "/limit.front") ?? Data(), encoding: .utf8) ?? "")
                .split(whereSeparator: \.isWhitespace).compactMap { UInt64($0) })
        let ourFront = Set(((s["paretoFrontier"] as? [[String: Any]]) ?? []).compactMap { ($0["index"] as? NSNumber)?.uint64Value })
        let cNash = ((c["nash"] as? [String: Any])?["index"] as? NSNumber)?.uint64Value
        let ourNash = ((s["best"] as? [[String: Any]])?.first?["index"] as? NSNumber)?.uint64Value
        let viable = (s["viable"] as? NSNumber)?.uint64Value ?? 0
        let same = viable == (c["acceptable_count"] as? NSNumber)?.uint64Value && ourFront == limitFront && ourNash == cNash
        allSame = allSame && same
        let packages = (c["outcomes"] as? NSNumber)?.doubleValue ?? 0
        let ours = median(sTimes)
        let negmas = negmasTotals[domain.name].map { String(format: "%.0fx", $0 / ours) } ?? "—"
        let steady = packages <= 2_000_000 ? steadyState(scenarioPath) : nil
        let steadyText = steady.map { milliseconds($0) } ?? "—"
        let negmasSteady = steady.flatMap { s in negmasTotals[domain.name].map { String(format: "%.0fx", $0 / s) } } ?? "—"
        print(
            "| \(domain.name) | \(Int(packages)) | \(viable) | \(ourFront.count) | \(milliseconds(median(cTotals))) | \(String(format: "%.1f", median(cNs))) | \(String(format: "%.1f", cPeak)) | \(milliseconds(ours)) | \(String(format: "%.2f", ours / packages * 1e9)) | \(milliseconds(median(sWalls))) | \(String(format: "%.1f", sPeak)) | \(String(format: "%.2fx", median(cTotals) / ours)) | \(negmas) | \(steadyText) | \(negmasSteady) | \(same ? "yes" : "NO") |"
        )
    }
}
print("")
print("C limit total: its in-process parse + enumerate + Pareto + Nash. simulate search: the in-process")
print("search (space, enumeration, Pareto, objective, Kalai-Smorodinsky) of one `simulate search` run in a")
print("fresh process, without reading the file; simulate wall: that whole process. steady: the same search")
print("repeated in one process (median of 11 after one unmeasured), up to 2 M packages. NegMAS totals are")
print("the measured ones in RESULTS.md.")
exit(allSame ? 0 : 1)
