import Foundation

/// The `simulate` command line. The executable is a thin `main` that calls ``run(arguments:)``.
public enum SimulateCLI {
    /// The tool's version.
    public static let version = "0.1.0"

    /// Exit codes, as argument-parser and sysexits use them.
    public enum ExitCode {
        public static let success: Int32 = 0
        public static let failure: Int32 = 1
        public static let usage: Int32 = 64
        public static let invalidScenario: Int32 = 65
        public static let unreadableFile: Int32 = 66
        /// Standard output could not be written (a full disk, a closed output; a pipe whose
        /// reader stopped, silently).
        public static let outputError: Int32 = 74
    }

    /// Runs the command with the process's real standard output and error; returns the exit code.
    public static func run(arguments: [String]) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        var console = Console(color: isatty(1) == 1 && !noColor)
        console.errIsTerminal = isatty(2) == 1
        if console.errIsTerminal {
            console.progress = { line in try? FileHandle.standardError.write(contentsOf: Data(("\r\u{1B}[K" + line).utf8)) }
        }
        // A closed pipe (`simulate … | head`) is a write error to report, not a signal that kills.
        signal(SIGPIPE, SIG_IGN)
        var code = run(arguments: arguments, console: &console)
        if let failure = write(Array(console.out.utf8), to: 1) {
            // A reader that stopped reading (`| head`) chose to: no message for that.
            if failure != EPIPE {
                console.err += "Error: could not write the report to standard output: \(String(cString: strerror(failure))).\n"
            }
            code = ExitCode.outputError
        }
        _ = write(Array(console.err.utf8), to: 2)
        return code
    }

    /// Writes all of `bytes` to `fd`; returns the error number if a write fails.
    private static func write(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return nil
    }

    /// Runs the command, writing to `console`; returns the exit code.
    public static func run(arguments: [String], console: inout Console) -> Int32 {
        let command = arguments.first ?? ""
        do throws(UsageError) {
            switch command {
            case "check": return try CheckCommand.run(Array(arguments.dropFirst()), &console)
            case "help":
                var topic = arguments.dropFirst().first ?? ""
                // `help --help` asks for the help on `help`, as `help help` does.
                if topic == "--help" { topic = "help" }
                // `help help` is the general help, which says how to use `help`.
                let topics = ["check", "search", "explain", "diff", "sensitivity", "help"]
                guard topic.isEmpty || topics.contains(topic) else {
                    throw UsageError(
                        "There is no command '\(topic)'; 'simulate help' takes one of \(topics.joined(separator: ", ")).",
                        suggestion: NameSuggestion.nearest(to: topic, in: topics))
                }
                console.out += Usage.text(for: topic)
                return ExitCode.success
            case "--version":
                console.out += version + "\n"
                return ExitCode.success
            default:
                if let extra = ExtraCommands.find(command) {
                    return try extra(Array(arguments.dropFirst()), &console)
                }
                // `simulate serach FILE`: a misspelt command, not a scenario named `serach`.
                let commands = ["check"] + ExtraCommands.names + ["help"]
                if !command.hasPrefix("-"), !command.contains("/"), !command.contains("."), !FileManager.default.fileExists(atPath: command) {
                    if let near = NameSuggestion.nearest(to: command, in: commands) {
                        throw UsageError("There is no command '\(command)', and no file of that name.", suggestion: near)
                    }
                    // `simulate evaluate FILE`: a word, then more arguments, reads as a command; so
                    // does `evaluate` alone, the help's word for what no command does.
                    if arguments.count > 1 || command == "evaluate" {
                        throw UsageError(
                            "There is no command '\(command)', and no file of that name. The commands: \(commands.joined(separator: ", ")); "
                                + "a scenario with no command is evaluated: simulate SCENARIO.json.")
                    }
                }
                return try EvaluateCommand.run(arguments, &console)
            }
        } catch {
            // A usage error makes no report: drop what was gathered for one (a date note).
            console.out = ""
            let message = "Error: \(error.message)" + (error.suggestion.map { " Did you mean '\($0)'?" } ?? "")
            console.err += TextLayout().wrap(message, indent: "  ", firstIndent: "").joined(separator: "\n")
            let usage = Usage.wrappedLine(for: command)
            let more = ExtraCommands.find(command) != nil || command == "check" ? "simulate help \(command)" : "simulate --help"
            console.err += "\n" + usage + "\n  See '\(more)' for more information.\n"
            return ExitCode.usage
        }
    }

    /// Loads a scenario for a command, reporting its problems to standard error.
    /// Returns the scenario, or the exit code to stop with. Every quote is verified as `check`
    /// verifies it: a verdict is never shown with a quote its source does not hold.
    static func load(_ path: String, _ console: inout Console) -> Result<Scenario, LoadFailure> {
        let result = ScenarioLoader.load(path: path)
        var errors = result.diagnostics.filter { $0.severity == .error }
        if let scenario = result.scenario, errors.isEmpty {
            errors = EvidenceCheck.check(scenario).diagnostics.filter { $0.severity == .error }.sortedForReport()
        }
        guard let scenario = result.scenario, errors.isEmpty else {
            for d in errors { console.err += d.description + "\n" }
            let n = errors.count
            console.err += "\(ScenarioLoader.displayName(path)): \(n) error\(n == 1 ? "" : "s"); nothing was evaluated.\n"
            return .failure(LoadFailure(code: result.unreadableFile ? ExitCode.unreadableFile : ExitCode.invalidScenario))
        }
        return .success(scenario)
    }

    /// The exit code a failed load ends with.
    struct LoadFailure: Error {
        var code: Int32
    }

    /// The command's arguments, or nil when `--help` was asked for and the help was printed.
    static func parse(
        _ arguments: [String], specs: [CommandLineArguments.Spec], help command: String, _ console: inout Console
    ) throws(UsageError) -> CommandLineArguments? {
        let args = try CommandLineArguments(arguments, specs: specs)
        if args.flags.contains("help") {
            console.out += Usage.text(for: command)
            return nil
        }
        // A mistyped date is a usage error even when the file has errors too.
        if let text = args.value("as-of") { _ = try date(text) }
        return args
    }

    /// The one scenario file a command takes.
    static func scenarioPath(_ args: CommandLineArguments, to verb: String, hint: String = "") throws(UsageError) -> String {
        guard let path = args.positionals.first else { throw UsageError("Missing the scenario file to \(verb).") }
        guard args.positionals.count == 1 else { throw UsageError("Unexpected argument '\(args.positionals[1])'\(hint).") }
        return path
    }

    /// The date to evaluate at: `--as-of`, else the file's `asOf`, else today. Notes a date
    /// before every dated quote, and each party that may have to agree but holds no position on
    /// that date only because its positions begin later: such a party accepts everything by
    /// default, which is rarely what a date before the sources means. A text report carries the
    /// notes at its top, so that a saved report keeps them; JSON and Markdown carry them in their
    /// own form, and the notes then also go to standard error for whoever is watching.
    /// `scenarioName`, when two scenarios are read, says which one a note is about.
    static func asOf(
        _ arguments: CommandLineArguments, _ scenario: Scenario, format: Format, scenarioName: String? = nil, _ console: inout Console
    ) throws(UsageError) -> Day {
        let day = try asOf(arguments, scenario)
        let notes = scenario.dateNotes(on: day)
        guard !notes.isEmpty else { return day }
        let label = scenarioName.map { "Note (\($0)): " } ?? "Note: "
        let lines = notes.map { TextLayout().wrap(label + $0, indent: "  ", firstIndent: "").joined(separator: "\n") + "\n" }.joined()
        if format == .text { console.out += lines + "\n" } else { console.err += lines }
        return day
    }

    private static func asOf(_ arguments: CommandLineArguments, _ scenario: Scenario) throws(UsageError) -> Day {
        if let text = arguments.value("as-of") { return try date(text) }
        return scenario.asOf ?? Day.today()
    }

    /// The day `--as-of` names.
    private static func date(_ text: String) throws(UsageError) -> Day {
        guard let day = Day(iso: text) else {
            let shaped = text.count == 10 && text.enumerated().allSatisfy { k, c in k == 4 || k == 7 ? c == "-" : c.isASCII && c.isNumber }
            throw UsageError(
                shaped
                    ? "'--as-of' takes a date that exists; '\(text)' has no such day."
                    : "'--as-of' takes a date in the form YYYY-MM-DD, not '\(text)'.")
        }
        return day
    }

    /// The report format named by `--format`.
    enum Format: String {
        case text, json, markdown
    }

    static func format(_ arguments: CommandLineArguments) throws(UsageError) -> Format {
        guard let text = arguments.value("format") else { return .text }
        guard let f = Format(rawValue: text) else {
            throw UsageError(
                "Unknown format '\(text)'; use text, json or markdown.",
                suggestion: NameSuggestion.nearest(to: text, in: ["text", "json", "markdown"]))
        }
        return f
    }
}

/// Commands registered by other parts of the library (search, explain, diff), so this file
/// does not need to know them.
enum ExtraCommands {
    typealias Runner = ([String], inout Console) throws(UsageError) -> Int32

    /// The commands `find` knows.
    static let names = ["search", "diff", "explain", "sensitivity"]

    static func find(_ name: String) -> Runner? {
        switch name {
        case "search": return SearchCommand.run
        case "diff": return DiffCommand.run
        case "explain": return ExplainCommand.run
        case "sensitivity": return SensitivityCommand.run
        default: return nil
        }
    }
}
