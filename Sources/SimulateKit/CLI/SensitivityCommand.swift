/// `simulate sensitivity SCENARIO.json`: the ranges and likelihoods sampled with a seed.
enum SensitivityCommand {
    static let specs: [CommandLineArguments.Spec] = [
        .init(name: "samples", takesValue: true),
        .init(name: "seed", takesValue: true),
        .init(name: "package", takesValue: true, repeatable: true),
        .init(name: "party", takesValue: true, repeatable: true),
        .init(name: "as-of", takesValue: true),
        .init(name: "format", takesValue: true),
        .init(name: "help", takesValue: false),
    ]

    static func run(_ arguments: [String], _ console: inout Console) throws(UsageError) -> Int32 {
        guard let args = try SimulateCLI.parse(arguments, specs: specs, help: "sensitivity", &console) else {
            return SimulateCLI.ExitCode.success
        }
        let path = try SimulateCLI.scenarioPath(args, to: "sample")
        let format = try SimulateCLI.format(args)
        var samples = 1000
        if let text = args.value("samples") {
            guard let n = Int(text), n >= 1, n <= 10_000_000 else {
                throw UsageError("'--samples' takes a whole number from 1 to 10000000, not '\(text)'.")
            }
            samples = n
        }
        var seed: UInt64 = 1
        if let text = args.value("seed") {
            guard let s = UInt64(text) else { throw UsageError("'--seed' takes a whole number of at least 0, not '\(text)'.") }
            seed = s
        }
        let scenario: Scenario
        switch SimulateCLI.load(path, &console) {
        case .success(let s): scenario = s
        case .failure(let f): return f.code
        }
        let asOf = try SimulateCLI.asOf(args, scenario, format: format, &console)
        let packages = try EvaluateCommand.select(args.all("package"), what: "package", ids: scenario.packages.map(\.id), path: path)
        let sensitivity = Sensitivity(CompiledScenario(scenario, asOf: asOf), packages: packages, samples: samples, seed: seed)
        let parties =
            try args.all("party").isEmpty
            ? nil : EvaluateCommand.select(args.all("party"), what: "party", ids: scenario.parties.map(\.id), path: path)
        let report = SensitivityReport(sensitivity: sensitivity, layout: TextLayout(color: console.color), parties: parties)
        console.out += format.render(report)
        return SimulateCLI.ExitCode.success
    }
}
