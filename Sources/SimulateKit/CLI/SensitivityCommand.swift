/// `simulate sensitivity SCENARIO.json`: the ranges and likelihoods sampled with a seed.
enum SensitivityCommand {
    static let specs: [CommandLineArguments.Spec] = [
        .init(name: "samples", takesValue: true),
        .init(name: "seed", takesValue: true),
        .init(name: "package", takesValue: true, repeatable: true),
        .init(name: "as-of", takesValue: true),
        .init(name: "format", takesValue: true),
        .init(name: "help", takesValue: false),
    ]

    static func run(_ arguments: [String], _ console: inout Console) throws(UsageError) -> Int32 {
        let args = try CommandLineArguments(arguments, specs: specs)
        if args.flags.contains("help") {
            console.out += Usage.text(for: "sensitivity")
            return SimulateCLI.ExitCode.success
        }
        guard let path = args.positionals.first else { throw UsageError("Missing the scenario file.") }
        guard args.positionals.count == 1 else { throw UsageError("Unexpected argument '\(args.positionals[1])'.") }
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
            guard let s = UInt64(text) else { throw UsageError("'--seed' takes a whole number, not '\(text)'.") }
            seed = s
        }
        let scenario: Scenario
        switch SimulateCLI.load(path, &console) {
        case .success(let s): scenario = s
        case .failure(let f): return f.code
        }
        let asOf = try SimulateCLI.asOf(args, scenario)
        let packages = try EvaluateCommand.select(args.all("package"), what: "package", ids: scenario.packages.map(\.id), path: path)
        let sensitivity = Sensitivity(CompiledScenario(scenario, asOf: asOf), packages: packages, samples: samples, seed: seed)
        let report = SensitivityReport(sensitivity: sensitivity, layout: TextLayout(color: console.color))
        switch format {
        case .text: console.out += report.text()
        case .json: console.out += report.json()
        case .markdown: console.out += report.markdown()
        }
        return SimulateCLI.ExitCode.success
    }
}
