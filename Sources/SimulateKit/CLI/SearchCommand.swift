/// `simulate search SCENARIO.json`: every package of the space, the viable ones ranked.
enum SearchCommand {
    static let specs: [CommandLineArguments.Spec] = [
        .init(name: "fix", takesValue: true, repeatable: true),
        .init(name: "around", takesValue: true),
        .init(name: "vary", takesValue: true, repeatable: true),
        .init(name: "as-of", takesValue: true),
        .init(name: "objective", takesValue: true),
        .init(name: "top", takesValue: true),
        .init(name: "improve", takesValue: true),
        .init(name: "limit", takesValue: true),
        .init(name: "threads", takesValue: true),
        .init(name: "tolerance", takesValue: true),
        .init(name: "format", takesValue: true),
        .init(name: "help", takesValue: false),
    ]

    static func run(_ arguments: [String], _ console: inout Console) throws(UsageError) -> Int32 {
        guard let args = try SimulateCLI.parse(arguments, specs: specs, help: "search", &console) else {
            return SimulateCLI.ExitCode.success
        }
        let path = try SimulateCLI.scenarioPath(args, to: "search")
        let format = try SimulateCLI.format(args)
        var options = SearchOptions()
        if let text = args.value("objective") {
            guard let o = Objective(rawValue: text) else {
                throw UsageError(
                    "Unknown objective '\(text)'; use nash, maxmin or welfare.",
                    suggestion: NameSuggestion.nearest(to: text, in: Objective.allCases.map(\.rawValue)))
            }
            options.objective = o
        }
        if let text = args.value("top") {
            guard let n = Int(text), n >= 0 else { throw UsageError("'--top' takes a whole number of at least 0, not '\(text)'.") }
            options.top = n
        }
        if let text = args.value("limit") {
            guard let x = decimalNumber(text), x >= 1, x <= 1e18 else {
                throw UsageError("'--limit' takes a number of packages from 1 to 1e18, such as 1e12, not '\(text)'.")
            }
            options.limit = x
        }
        if let text = args.value("threads") {
            guard let n = Int(text), (1...256).contains(n) else { throw UsageError("'--threads' takes a whole number from 1 to 256, not '\(text)'.") }
            options.threads = n
        }
        let scenario: Scenario
        switch SimulateCLI.load(path, &console) {
        case .success(let s): scenario = s
        case .failure(let f): return f.code
        }
        let asOf = try SimulateCLI.asOf(args, scenario, format: format, &console)
        if let id = args.value("around") {
            guard let k = scenario.packageIndex(id) else {
                throw UsageError.unknown(
                    "package", id, among: scenario.packages.map(\.id), "in '\(ScenarioLoader.displayName(path))'")
            }
            var varied = Set<Int>()
            for issue in args.all("vary") {
                guard let i = scenario.issueIndex(issue) else {
                    throw UsageError.unknown("issue", issue, among: scenario.issues.map(\.id), "to vary")
                }
                varied.insert(i)
            }
            guard !varied.isEmpty else { throw UsageError("'--around' needs at least one '--vary ISSUE': the issues to search over.") }
            for i in scenario.issues.indices where !varied.contains(i) { options.fixed[i] = scenario.packages[k].terms[i] }
        } else if !args.all("vary").isEmpty {
            throw UsageError("'--vary' goes with '--around PACKAGE': every other issue keeps that package's term.")
        }
        var pinned = Set<Int>()
        for fix in args.all("fix") {
            switch SearchSpace.parseFix(fix, in: scenario) {
            case .success(let (i, term)):
                let id = scenario.issues[i].id
                guard pinned.insert(i).inserted else { throw UsageError("'--fix' pins '\(id)' twice; give it one value.") }
                if args.all("vary").contains(id) {
                    throw UsageError("'\(id)' is both varied (--vary) and fixed (--fix); drop one of them.")
                }
                options.fixed[i] = term
            case .failure(let problem): throw UsageError(problem.message)
            }
        }
        if let id = args.value("improve") {
            guard let k = scenario.packageIndex(id) else {
                throw UsageError.unknown(
                    "package", id, among: scenario.packages.map(\.id), "in '\(ScenarioLoader.displayName(path))'")
            }
            options.improve = k
        }
        if console.errIsTerminal, let report = console.progress {
            options.progress = { fraction in report("searching… \(Int(fraction * 100))%") }
        }
        var tolerance = Evaluation.tolerance
        if let text = args.value("tolerance") {
            guard let x = decimalNumber(text), x >= 0, x < 0.01 else {
                throw UsageError("'--tolerance' takes a small number such as 1e-9 or 0, not '\(text)'.")
            }
            tolerance = x
        }
        let compiled = CompiledScenario(scenario, asOf: asOf, tolerance: tolerance)
        // Packages counted one by one: one copy of each deal when some issues are inert.
        if let size = try? SearchSpace.size(scenario, fixed: Search.walked(compiled, fixed: options.fixed).fixed), size > options.limit {
            options.bounded = true
        }
        let result: SearchResult
        do {
            result = try Search.run(compiled, options: options)
        } catch {
            console.err += TextLayout().wrap("Error: \(error.message)", indent: "  ", firstIndent: "").joined(separator: "\n") + "\n"
            return SimulateCLI.ExitCode.failure
        }
        if options.progress != nil { console.progress?("") }
        let around = args.value("around").flatMap { scenario.packageIndex($0) }
        var report = SearchReport(
            compiled: compiled, result: result, fixed: options.fixed, improve: options.improve, around: around,
            layout: TextLayout(color: console.color))
        // Nothing viable for certain: explain's proof that nothing can be, where it finds one.
        if result.noneViable, let space = result.space {
            report.noViableProof = Explanation.viabilityBlocked(compiled, terms: space.terms(at: 0), domains: space.domains)
        }
        // How often each best uncertain package is viable when the ranges and likelihoods are
        // sampled: the objective ranks by midpoints, which hide how much each one rests on doubt.
        // The first few only: each costs a thousand evaluations of every party.
        if let uncertainListed = report.uncertainListed {
            let sampled = Sensitivity(
                compiled, terms: uncertainListed.packages.prefix(SearchReport.sharesShown).map(\.terms), samples: SearchReport.shareSamples,
                seed: SearchReport.shareSeed)
            report.viableShares = sampled.viable.map { Double($0) / Double(SearchReport.shareSamples) }
        }
        console.out += format.render(report)
        return SimulateCLI.ExitCode.success
    }
}
