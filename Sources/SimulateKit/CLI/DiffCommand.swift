/// `simulate diff A.json B.json`: the same packages evaluated under two scenarios (typically a
/// base and a what-if) — which verdicts and viabilities flip, and the positions responsible.
enum DiffCommand {
    static let specs: [CommandLineArguments.Spec] = [
        .init(name: "package", takesValue: true, repeatable: true),
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
        let asOf = (
            a: try SimulateCLI.asOf(args, a, format: format, scenarioName: ScenarioLoader.displayName(pathA), &console),
            b: try SimulateCLI.asOf(args, b, format: format, scenarioName: ScenarioLoader.displayName(pathB), &console)
        )
        var wanted: Set<String>?
        let packages = args.all("package")
        if !packages.isEmpty {
            var known = a.packages.map(\.id)
            known += b.packages.map(\.id).filter { !known.contains($0) }
            for id in packages where !known.contains(id) {
                throw UsageError.unknown(
                    "package", id, among: known,
                    "in '\(ScenarioLoader.displayName(pathA))' or '\(ScenarioLoader.displayName(pathB))'")
            }
            wanted = Set(packages)
        }
        let diff = ScenarioDiff(CompiledScenario(a, asOf: asOf.a), CompiledScenario(b, asOf: asOf.b), packages: wanted)
        let report = DiffReport(diff: diff, layout: TextLayout(color: console.color))
        console.out += format.render(report)
        return SimulateCLI.ExitCode.success
    }
}
