/// `simulate check FILE...`: everything the loader checks, every evidence quote verified in
/// its source, and warnings for loose ends.
enum CheckCommand {
    static let specs: [CommandLineArguments.Spec] = [
        .init(name: "help", takesValue: false),
        .init(name: "quiet", takesValue: false),
    ]

    static func run(_ arguments: [String], _ console: inout Console) throws(UsageError) -> Int32 {
        guard let args = try SimulateCLI.parse(arguments, specs: specs, help: "check", &console) else {
            return SimulateCLI.ExitCode.success
        }
        guard !args.positionals.isEmpty else { throw UsageError("Missing the scenario files to check.") }
        guard args.positionals.filter(ScenarioLoader.readsStandardInput).count <= 1 else {
            throw UsageError("Only one of the scenarios can come from standard input ('-', or a link to it).")
        }
        var errors = 0
        var unreadable = false
        for path in args.positionals {
            let result = ScenarioLoader.load(path: path)
            var diagnostics = result.diagnostics
            var quotes = 0
            if let scenario = result.partial {
                let evidence = EvidenceCheck.check(scenario)
                diagnostics = (diagnostics + evidence.diagnostics).sortedForReport()
                quotes = evidence.quotesChecked
            }
            unreadable = unreadable || result.unreadableFile
            let fileErrors = diagnostics.filter { $0.severity == .error }.count
            let warnings = args.flags.contains("quiet") ? 0 : diagnostics.count - fileErrors
            errors += fileErrors
            for d in diagnostics where !(args.flags.contains("quiet") && d.severity == .warning) {
                console.out += d.description + "\n"
            }
            var summary = "\(ScenarioLoader.displayName(path)): "
            if let s = result.scenario, fileErrors == 0 {
                let positions = s.parties.reduce(0) { $0 + $1.positions.count }
                summary +=
                    "ok: "
                    + [
                        NumberFormat.count(s.issues.count, "issue"), NumberFormat.count(s.parties.count, "party", "parties"),
                        NumberFormat.count(positions, "position"), NumberFormat.count(s.packages.count, "package"),
                    ].joined(separator: ", ") + "; " + NumberFormat.count(quotes, "quote") + " verified"
            } else {
                summary += NumberFormat.count(fileErrors, "error")
            }
            summary += warnings > 0 ? ", " + NumberFormat.count(warnings, "warning") + "." : "."
            // The summary wraps at 100 columns; each problem stays on its FILE:LINE:COLUMN line,
            // as editors and CI logs read them.
            console.out += TextLayout().wrap(summary, indent: "  ", firstIndent: "").joined(separator: "\n") + "\n"
        }
        if unreadable { return SimulateCLI.ExitCode.unreadableFile }
        return errors == 0 ? SimulateCLI.ExitCode.success : SimulateCLI.ExitCode.invalidScenario
    }
}
