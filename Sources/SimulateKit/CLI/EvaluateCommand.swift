/// `simulate SCENARIO.json`: every package evaluated for every party, with reasons.
enum EvaluateCommand {
    static let specs: [CommandLineArguments.Spec] = [
        .init(name: "package", takesValue: true, repeatable: true),
        .init(name: "party", takesValue: true, repeatable: true),
        .init(name: "as-of", takesValue: true),
        .init(name: "format", takesValue: true),
        .init(name: "help", takesValue: false),
        .init(name: "version", takesValue: false),
    ]

    static func run(_ arguments: [String], _ console: inout Console) throws(UsageError) -> Int32 {
        guard let args = try SimulateCLI.parse(arguments, specs: specs, help: "", &console) else {
            return SimulateCLI.ExitCode.success
        }
        if args.flags.contains("version") {
            console.out += SimulateCLI.version + "\n"
            return SimulateCLI.ExitCode.success
        }
        let path = try SimulateCLI.scenarioPath(
            args, to: "evaluate", hint: "; evaluate one scenario at a time (or use 'simulate check FILE...')")
        let format = try SimulateCLI.format(args)
        let scenario: Scenario
        switch SimulateCLI.load(path, &console) {
        case .success(let s): scenario = s
        case .failure(let f): return f.code
        }
        let asOf = try SimulateCLI.asOf(args, scenario, format: format, &console)
        let packages = try select(args.all("package"), what: "package", ids: scenario.packages.map(\.id), path: path)
        let parties = try select(args.all("party"), what: "party", ids: scenario.parties.map(\.id), path: path)
        let report = EvaluationReport(compiled: CompiledScenario(scenario, asOf: asOf), packages: packages, parties: parties)
        switch format {
        case .text:
            console.out += TextReport(report: report, layout: TextLayout(color: console.color)).render()
        case .json:
            console.out += JSONReport(report: report).render()
        case .markdown:
            console.out += MarkdownReport(report: report).render()
        }
        return SimulateCLI.ExitCode.success
    }

    /// The indices named by `--package`/`--party` (all when none is named), in file order.
    static func select(_ wanted: [String], what: String, ids: [String], path: String) throws(UsageError) -> [Int] {
        if wanted.isEmpty { return Array(ids.indices) }
        var chosen = Set<Int>()
        for id in wanted {
            guard let k = ids.firstIndex(of: id) else {
                throw UsageError.unknown(
                    what, id, among: ids, "in '\(ScenarioLoader.displayName(path))'")
            }
            chosen.insert(k)
        }
        return chosen.sorted()
    }
}
