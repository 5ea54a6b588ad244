/// `simulate diff A.json B.json`: the same packages evaluated under two scenarios (typically a
/// base and a what-if) — which verdicts and viabilities flip, and the positions responsible.
enum DiffCommand {
    static let specs: [CommandLineArguments.Spec] = [
        .init(name: "package", takesValue: true, repeatable: true),
        .init(name: "party", takesValue: true, repeatable: true),
        .init(name: "as-of", takesValue: true),
        .init(name: "format", takesValue: true),
        .init(name: "help", takesValue: false),
    ]

    static func run(_ arguments: [String], _ console: inout Console) throws(UsageError) -> Int32 {
        guard let args = try SimulateCLI.parse(arguments, specs: specs, help: "diff", &console) else {
            return SimulateCLI.ExitCode.success
        }
        guard let pathA = args.positionals.first else { throw UsageError("Missing the two scenario files to compare.") }
        guard args.positionals.count >= 2 else {
            throw UsageError("Missing the second scenario file: 'simulate diff A.json B.json' compares B (a what-if) with A (its base).")
        }
        guard args.positionals.count == 2 else {
            throw UsageError("Unexpected argument '\(args.positionals[2])'; diff compares two scenarios.")
        }
        let pathB = args.positionals[1]
        if ScenarioLoader.readsStandardInput(pathA) && ScenarioLoader.readsStandardInput(pathB) {
            throw UsageError("Only one of the two scenarios can come from standard input ('-').")
        }
        let format = try SimulateCLI.format(args)
        // Load both before stopping, so that the problems of both files are reported.
        let loadedA = SimulateCLI.load(pathA, &console)
        let loadedB = SimulateCLI.load(pathB, &console)
        let a: Scenario, b: Scenario
        switch (loadedA, loadedB) {
        case (.success(let sa), .success(let sb)):
            a = sa
            b = sb
        case (.failure(let fa), .failure(let fb)):
            // As `check` does: a file that cannot be read outranks one with errors.
            return max(fa.code, fb.code)
        case (.failure(let f), _), (_, .failure(let f)):
            return f.code
        }
        let place = "in '\(ScenarioLoader.displayName(pathA))' or '\(ScenarioLoader.displayName(pathB))'"
        let packages = try wanted(args.all("package"), what: "package", a.packages.map(\.id), b.packages.map(\.id), place)
        let parties = try wanted(args.all("party"), what: "party", a.parties.map(\.id), b.parties.map(\.id), place)
        let asOf = (
            a: try SimulateCLI.asOf(args, a, format: format, scenarioName: ScenarioLoader.displayName(pathA), &console),
            b: try SimulateCLI.asOf(args, b, format: format, scenarioName: ScenarioLoader.displayName(pathB), &console)
        )
        let diff = ScenarioDiff(CompiledScenario(a, asOf: asOf.a), CompiledScenario(b, asOf: asOf.b), packages: packages, parties: parties)
        let report = DiffReport(diff: diff, layout: TextLayout(color: console.color))
        console.out += format.render(report)
        return SimulateCLI.ExitCode.success
    }

    /// The ids named by `--package` or `--party` (nil when none is: every one), each of which
    /// either file must have.
    private static func wanted(_ named: [String], what: String, _ inA: [String], _ inB: [String], _ place: String) throws(UsageError) -> Set<String>?
    {
        guard !named.isEmpty else { return nil }
        let known = inA + inB.filter { !inA.contains($0) }
        for id in named where !known.contains(id) {
            throw UsageError.unknown(what, id, among: known, place)
        }
        return Set(named)
    }
}
