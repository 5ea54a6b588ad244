/// `simulate check FILE...`: everything the loader checks, every evidence quote verified in
/// its source, and warnings for loose ends.
enum CheckCommand {
    static let specs: [CommandLineArguments.Spec] = [
        .init(name: "help", takesValue: false),
        .init(name: "quiet", takesValue: false),
        .init(name: "format", takesValue: true),
    ]

    static func run(_ arguments: [String], _ console: inout Console) throws(UsageError) -> Int32 {
        guard let args = try SimulateCLI.parse(arguments, specs: specs, help: "check", &console) else {
            return SimulateCLI.ExitCode.success
        }
        guard !args.positionals.isEmpty else { throw UsageError("Missing the scenario files to check.") }
        guard args.positionals.filter(ScenarioLoader.readsStandardInput).count <= 1 else {
            throw UsageError("Only one of the scenarios can come from standard input ('-', or a link to it).")
        }
        let format = try SimulateCLI.format(args)
        guard format != .markdown else { throw UsageError("'check' writes text or json, not markdown.") }
        let quiet = args.flags.contains("quiet")
        var errors = 0, warningCount = 0
        var unreadable = false
        var files: [JSONOutput] = []
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
            let warnings = quiet ? 0 : diagnostics.count - fileErrors
            errors += fileErrors
            warningCount += warnings
            let shown = diagnostics.filter { !(quiet && $0.severity == .warning) }
            if format == .json {
                let ok = result.scenario != nil && fileErrors == 0
                files.append(fileJSON(path, ok ? result.scenario : nil, quotes: quotes, shown, unreadable: result.unreadableFile))
                continue
            }
            for d in shown { console.out += d.description + "\n" }
            var summary = "\(ScenarioLoader.displayName(path)): "
            if let s = result.scenario, fileErrors == 0 {
                let positions = s.parties.reduce(0) { $0 + $1.positions.count }
                summary +=
                    "ok: "
                    + [
                        NumberFormat.count(s.issues.count, "issue"), NumberFormat.count(s.parties.count, "party", "parties"),
                        NumberFormat.count(positions, "position"), NumberFormat.count(s.packages.count, "package"),
                    ].map(TextLayout.unbroken).joined(separator: ", ") + "; " + TextLayout.unbroken(NumberFormat.count(quotes, "quote") + " verified")
            } else {
                summary += NumberFormat.count(fileErrors, "error")
            }
            summary += warnings > 0 ? ", " + NumberFormat.count(warnings, "warning") + "." : "."
            // The summary wraps at 100 columns; each problem stays on its FILE:LINE:COLUMN line,
            // as editors and CI logs read them.
            console.out += TextLayout().wrap(summary, indent: "  ", firstIndent: "").joined(separator: "\n") + "\n"
        }
        if format == .json {
            console.out +=
                JSONOutput.object([("files", .array(files)), ("errors", .int(errors)), ("warnings", .int(warningCount))]).rendered()
        }
        if unreadable { return SimulateCLI.ExitCode.unreadableFile }
        return errors == 0 ? SimulateCLI.ExitCode.success : SimulateCLI.ExitCode.invalidScenario
    }

    /// One file's result: whether it is usable, what it holds when it is, and every problem with
    /// its place, as an editor or a CI job reads them.
    private static func fileJSON(
        _ path: String, _ scenario: Scenario?, quotes: Int, _ diagnostics: [ScenarioDiagnostic], unreadable: Bool
    ) -> JSONOutput {
        let counts: JSONOutput =
            scenario.map { s in
                .object([
                    ("issues", .int(s.issues.count)), ("parties", .int(s.parties.count)),
                    ("positions", .int(s.parties.reduce(0) { $0 + $1.positions.count })), ("packages", .int(s.packages.count)),
                    ("quotesVerified", .int(quotes)),
                ])
            } ?? .null
        return .object([
            ("file", .string(ScenarioLoader.displayName(path))),
            ("ok", .bool(scenario != nil)),
            ("readable", .bool(!unreadable)),
            ("contents", counts),
            (
                "diagnostics",
                .array(
                    diagnostics.map { d in
                        .object([
                            ("severity", .string(d.severity.rawValue)), ("code", .string(d.code)),
                            ("file", .string(d.location.file)),
                            ("line", d.location.line > 0 ? .int(d.location.line) : .null),
                            ("column", d.location.line > 0 ? .int(d.location.column) : .null),
                            ("path", .string(d.path)), ("message", .string(d.message)),
                            ("suggestion", d.suggestion.map(JSONOutput.string) ?? .null),
                        ])
                    })
            ),
        ])
    }
}
