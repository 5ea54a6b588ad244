/// `simulate explain SCENARIO.json --package ID [--party ID]`: what it would take.
enum ExplainCommand {
    static let specs: [CommandLineArguments.Spec] = [
        .init(name: "package", takesValue: true),
        .init(name: "party", takesValue: true, repeatable: true),
        .init(name: "max-changes", takesValue: true),
        .init(name: "as-of", takesValue: true),
        .init(name: "format", takesValue: true),
        .init(name: "help", takesValue: false),
    ]

    static func run(_ arguments: [String], _ console: inout Console) throws(UsageError) -> Int32 {
        guard let args = try SimulateCLI.parse(arguments, specs: specs, help: "explain", &console) else {
            return SimulateCLI.ExitCode.success
        }
        let path = try SimulateCLI.scenarioPath(args, to: "explain")
        guard let packageID = args.value("package") else { throw UsageError("'explain' needs '--package ID': the package to explain.") }
        let format = try SimulateCLI.format(args)
        var maxChanges = 3
        if let text = args.value("max-changes") {
            guard let n = Int(text), n >= 1 else { throw UsageError("'--max-changes' takes a whole number of at least 1, not '\(text)'.") }
            maxChanges = n
        }
        let scenario: Scenario
        switch SimulateCLI.load(path, &console) {
        case .success(let s): scenario = s
        case .failure(let f): return f.code
        }
        let asOf = try SimulateCLI.asOf(args, scenario, format: format, &console)
        guard let package = scenario.packageIndex(packageID) else {
            throw UsageError.unknown(
                "package", packageID, among: scenario.packages.map(\.id), "in '\(ScenarioLoader.displayName(path))'")
        }
        let parties =
            try args.all("party").isEmpty
            ? nil : EvaluateCommand.select(args.all("party"), what: "party", ids: scenario.parties.map(\.id), path: path)
        // A long explain (large grids, many changes) says on a terminal what it is trying.
        var progress: ((Int?, Int, Double) -> Void)?
        if console.errIsTerminal, let report = console.progress {
            progress = { party, changes, fraction in
                let sought = party.map { "winning over \(scenario.parties[$0].id)" } ?? "the nearest viable package"
                report("explaining… \(sought), \(changes) change\(changes == 1 ? "" : "s"): \(Int(fraction * 100))%")
            }
        }
        let explanation: Explanation
        do {
            explanation = try Explanation(
                CompiledScenario(scenario, asOf: asOf), package: package, parties: parties, maxChanges: maxChanges, progress: progress)
            if progress != nil { console.progress?("") }
        } catch {
            console.err += TextLayout().wrap("Error: \(error.message)", indent: "  ", firstIndent: "").joined(separator: "\n") + "\n"
            return SimulateCLI.ExitCode.failure
        }
        let report = ExplainReport(explanation: explanation, layout: TextLayout(color: console.color))
        console.out += format.render(report)
        return SimulateCLI.ExitCode.success
    }
}
