import Foundation
import Testing

@testable import SimulateKit

/// The built `simulate` executable, run as a user would: stdout, stderr and exit code.
@Suite(.serialized)
struct EndToEndTests {
    @Test func evaluatesTheTutorialScenario() throws {
        let r = try TestSupport.runBinary(["Scenarios/tutorial.json"])
        #expect(r.code == 0)
        #expect(r.err.isEmpty)
        #expect(r.out.hasPrefix("Tutorial: the Harbour talks (invented)\n"))
        #expect(r.out.contains("package          viable  northland   southland   borea       league"))
        #expect(r.out.contains("✗ red line old-line-out: forbids border is old-line"))
        #expect(!r.out.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test(arguments: ["Scenarios/tutorial.json", "Scenarios/russia-ukraine-2022.json"])
    func linesFitInOneHundredColumns(file: String) throws {
        let r = try TestSupport.runBinary([file])
        let longest = r.out.split(separator: "\n").max { $0.count < $1.count } ?? ""
        #expect(longest.count <= 100, "\(longest)")
    }

    @Test func outputIsByteIdenticalAcrossRuns() throws {
        for format in ["text", "json", "markdown"] {
            let a = try TestSupport.runBinary(["Scenarios/tutorial.json", "--format", format])
            let b = try TestSupport.runBinary(["Scenarios/tutorial.json", "--format", format])
            #expect(a.out == b.out)
            #expect(a.code == 0)
        }
    }

    @Test func helpAndVersionGoToStdoutWithExitZero() throws {
        let help = try TestSupport.runBinary(["--help"])
        #expect(help.code == 0)
        #expect(help.out.contains("USAGE: simulate <scenario.json> [options]"))
        #expect(help.err.isEmpty)
        let version = try TestSupport.runBinary(["--version"])
        #expect(version.code == 0)
        #expect(version.out == SimulateCLI.version + "\n")
    }

    /// Every help lists the exit statuses the command can give, 74 (a report not written) too.
    @Test func everyHelpListsEveryExitStatus() {
        for topic in ["", "check", "search", "explain", "diff", "sensitivity"] {
            let help = TestSupport.run(topic.isEmpty ? ["--help"] : ["help", topic]).out
            let status = String(help[help.range(of: "EXIT STATUS:")!.lowerBound...]).replacingOccurrences(of: "\n", with: " ")
            for code in ["0 ", "64 ", "65 ", "66 ", "74 "] { #expect(status.contains(code), "help \(topic) lacks \(code)") }
            if ["", "search", "explain"].contains(topic) { #expect(status.contains(" 1 "), "help \(topic) lacks 1") }
        }
    }

    @Test func helpForAnUnknownCommandIsAUsageError() throws {
        let r = try TestSupport.runBinary(["help", "serach"])
        #expect(r.code == 64)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("Error: There is no command 'serach'"))
        #expect(r.err.contains("Did you mean 'search'?"))
        #expect(try TestSupport.runBinary(["help", "search"]).code == 0)
    }

    /// `help help` is the general help, which says how `help` is used.
    @Test func helpHelpPrintsTheGeneralHelp() throws {
        let r = try TestSupport.runBinary(["help", "help"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.isEmpty)
        #expect(r.out == TestSupport.run(["--help"]).out)
        #expect(r.out.contains("simulate help <command>"))
        #expect(TestSupport.run(["help", "--help"]).out == r.out, "help --help asks for the help on help")
    }

    @Test(arguments: [[String](), ["search"], ["explain"], ["diff"], ["check"], ["sensitivity"]])
    func dashHIsHelp(command: [String]) {
        let long = TestSupport.run(command + ["--help"]), short = TestSupport.run(command + ["-h"])
        #expect(short.code == 0 && short.err.isEmpty, "\(short.err)")
        #expect(short.out == long.out)
        #expect(short.out.contains("-h, --help              Show this help."))
    }

    @Test func aDateThatDoesNotExistIsCalledThat() throws {
        let r = try TestSupport.runBinary(["Scenarios/tutorial.json", "--as-of", "2022-02-30"])
        #expect(r.code == 64)
        #expect(r.err.hasPrefix("Error: '--as-of' takes a date that exists; '2022-02-30' has no such day."))
        #expect(try TestSupport.runBinary(["Scenarios/tutorial.json", "--as-of", "2022-2-3"]).err.contains("in the form YYYY-MM-DD"))
    }

    /// Before the first source every position is still to come, so every party "accepts": the
    /// verdicts stand, but the tool says why.
    @Test func aDateBeforeTheSourcesIsNoted() throws {
        let early = try TestSupport.runBinary(["Scenarios/russia-ukraine-2022.json", "--as-of", "2021-01-01", "--format", "json"])
        #expect(early.code == 0)
        #expect(early.err.contains("Note: 2021-01-01 is before every dated quote in the model (the earliest is 2021-12-17)"))
        #expect(try JSONSerialization.jsonObject(with: Data(early.out.utf8)) is [String: Any], "notes go to standard error only")
        #expect(try TestSupport.runBinary(["Scenarios/russia-ukraine-2022.json"]).err.isEmpty)
    }

    /// A report that cannot be written (a full disk) is an error with its own exit status, not a
    /// crash.
    @Test func anOutputThatCannotBeWrittenExitsWith74() throws {
        let process = Process()
        process.executableURL = TestSupport.binary
        process.arguments = ["Scenarios/tutorial.json"]
        process.currentDirectoryURL = TestSupport.packageRoot
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        process.standardError = err
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 74)
        #expect(String(decoding: errData, as: UTF8.self).hasPrefix("Error: could not write the report to standard output"))
    }

    /// Exit statuses when two things are wrong: a mistyped date is a usage error even in a broken
    /// file, and an unreadable file outranks an invalid one in `diff` as in `check`.
    @Test func theMoreBasicMistakeDecidesTheExitStatus() throws {
        let broken = TestSupport.fixtures.appendingPathComponent("broken/issue-step-zero.json").path
        #expect(try TestSupport.runBinary([broken, "--as-of", "bogus"]).code == 64)
        #expect(try TestSupport.runBinary(["diff", broken, "/no/such/file.json"]).code == 66)
        #expect(try TestSupport.runBinary(["diff", broken, broken]).code == 65)
    }

    /// The Markdown matrix has one cell per column even with no parties, and its header says
    /// how much a filter leaves out.
    @Test func markdownTablesStayWellFormed() throws {
        let scenario =
            #"{"format": 1, "issues": [{"id": "x", "kind": "choice", "options": ["a"]}], "parties": [], "packages": [{"id": "k", "terms": {"x": "a"}}]}"#
        let path = TestSupport.write(["none.json": scenario]).appendingPathComponent("none.json").path
        let r = try TestSupport.runBinary([path, "--format", "markdown"])
        #expect(r.code == 0)
        #expect(r.out.contains("| package | viable |\n|---|---|\n| k | yes |\n"))
        let filtered = try TestSupport.runBinary(["Scenarios/tutorial.json", "--format", "markdown", "--party", "southland"])
        #expect(filtered.out.contains("4 parties (1 shown), 4 packages."))
    }

    @Test func anUnknownOptionIsAUsageError() throws {
        let r = try TestSupport.runBinary(["Scenarios/tutorial.json", "--packge", "x"])
        #expect(r.code == 64)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("Error: Unknown option '--packge'. Did you mean '--package'?\nUsage: simulate"))
        #expect(r.err.contains("See 'simulate --help'"))
    }

    @Test func noArgumentsIsAUsageError() throws {
        let r = try TestSupport.runBinary([])
        #expect(r.code == 64)
        #expect(r.err.contains("Missing the scenario file"))
    }

    @Test func anUnknownPackageIsAUsageErrorWithASuggestion() throws {
        let r = try TestSupport.runBinary(["Scenarios/tutorial.json", "--package", "river-dael"])
        #expect(r.code == 64)
        #expect(r.err.contains("There is no package 'river-dael' in 'Scenarios/tutorial.json'. Did you mean 'river-deal'?"))
    }

    /// With no near name, the error lists the ids there are, so the user sees what to type.
    @Test func anUnknownIdWithNoNearNameListsTheIds() throws {
        let party = try TestSupport.runBinary(["Scenarios/tutorial.json", "--party", "usa"])
        #expect(party.code == 64)
        #expect(party.err.hasPrefix("Error: There is no party 'usa' in 'Scenarios/tutorial.json'. The parties: northland, southland,"))
        let package = try TestSupport.runBinary(["explain", "Scenarios/tutorial.json", "--package", "nope"])
        #expect(package.code == 64)
        #expect(package.err.contains("The packages: status-quo,"))
        #expect(!package.err.contains("Did you mean"))
        let many = UsageError.unknown("issue", "zz", among: (1...25).map { "issue-\($0)" }, "to vary")
        #expect(many.message.hasSuffix("issue-19, issue-20 and 5 more."))
    }

    /// A usage line wraps between its options, never inside one.
    @Test func usageLinesWrapBetweenOptions() throws {
        for command in ["", "search", "explain", "diff", "sensitivity", "check"] {
            let r = try TestSupport.runBinary((command.isEmpty ? [] : [command]) + ["--bogus"])
            #expect(r.code == 64)
            let usage = r.err.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("  See") }
            for line in usage {
                #expect(line.count <= 100, "\(line)")
                let opens = line.filter { $0 == "[" }.count, closes = line.filter { $0 == "]" }.count
                #expect(opens == closes, "\(command): \(line)")
            }
        }
    }

    @Test func aBadDateIsAUsageError() throws {
        let r = try TestSupport.runBinary(["Scenarios/tutorial.json", "--as-of", "29/03/2022"])
        #expect(r.code == 64)
        #expect(r.err.contains("'--as-of' takes a date in the form YYYY-MM-DD"))
    }

    /// `-` and `/dev/stdin` read the scenario from standard input, with relative paths taken from
    /// the current folder; a pipe (`<(…)`) is read like a file.
    @Test func aScenarioCanComeFromStandardInputOrAPipe() throws {
        let text = try Data(contentsOf: TestSupport.packageRoot.appendingPathComponent("Scenarios/tutorial.json"))
        let scenarios = TestSupport.packageRoot.appendingPathComponent("Scenarios")
        for name in ["-", "/dev/stdin"] {
            let ok = try TestSupport.runBinary(["check", name], in: scenarios, input: text)
            #expect(ok.code == 0, "\(ok.err)")
            #expect(ok.out.hasPrefix("<stdin>: ok: 4 issues"))
            // From another folder, the tutorial's sources folder is not beside it.
            let elsewhere = try TestSupport.runBinary(["check", name], in: TestSupport.packageRoot, input: text)
            #expect(elsewhere.code == 65)
            // `check` reports on standard output.
            #expect(elsewhere.out.contains("relative to the current folder for standard input"))
            #expect(elsewhere.out.hasPrefix("<stdin>:6:14: error:"))
        }
        // Standard input can be read once.
        for twice in [["check", "-", "/dev/stdin"], ["diff", "-", "-"]] {
            let r = try TestSupport.runBinary(twice, in: scenarios, input: text)
            #expect(r.code == 64)
            #expect(r.err.contains("can come from standard input ('-'"))
        }
        let unknown = try TestSupport.runBinary(["-", "--package", "nope"], in: scenarios, input: text)
        #expect(unknown.code == 64)
        #expect(unknown.err.contains("There is no package 'nope' in '<stdin>'."))
        let fifo = TestSupport.temporaryFolder().appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo.path) {
                handle.write(text)
                try? handle.close()
            }
        }
        writer.start()
        let piped = try TestSupport.runBinary(["check", fifo.path], in: scenarios)
        #expect(piped.code == 65)  // The sources folder is relative to the pipe's folder.
        #expect(piped.out.contains("tutorial-sources' does not exist"))
    }

    /// A file or a symbolic link named `stdin` in the current folder is a file like any other:
    /// standard input can extend it without a false cycle, and messages tell the two apart.
    @Test(arguments: [false, true])
    func aFileNamedStdinIsNotStandardInput(symbolicLink: Bool) throws {
        let folder = TestSupport.temporaryFolder()
        let scenarios = TestSupport.packageRoot.appendingPathComponent("Scenarios")
        let tutorial = scenarios.appendingPathComponent("tutorial.json")
        let stdinFile = folder.appendingPathComponent("stdin")
        if symbolicLink {
            try FileManager.default.createSymbolicLink(at: stdinFile, withDestinationURL: tutorial)
        } else {
            try FileManager.default.copyItem(at: tutorial, to: stdinFile)
        }
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("tutorial-sources"), withDestinationURL: scenarios.appendingPathComponent("tutorial-sources"))
        let whatIf = Data(#"{"format": 1, "extends": "stdin", "title": "What if, from standard input"}"#.utf8)
        let r = try TestSupport.runBinary(["check", "-"], in: folder, input: whatIf)
        #expect(r.code == 0, "\(r.out)\(r.err)")
        #expect(!r.out.contains("extends-cycle"))
        #expect(r.out.hasPrefix("<stdin>: ok: 4 issues"))
        // The file itself keeps its name.
        let direct = try TestSupport.runBinary(["check", "stdin"], in: folder)
        #expect(direct.code == 0, "\(direct.out)\(direct.err)")
        #expect(direct.out.hasPrefix("stdin: ok: 4 issues"))
    }

    /// A scenario from process substitution (`<(…)`, a `/dev/fd/N` path) takes its relative
    /// `extends` from the current folder, not from `/dev/fd`.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/bash")))
    func processSubstitutionResolvesAgainstTheCurrentFolder() throws {
        let scenarios = TestSupport.packageRoot.appendingPathComponent("Scenarios")
        let folder = TestSupport.write(["what-if.json": #"{"format": 1, "extends": "tutorial.json", "title": "What if"}"#])
        let r = try TestSupport.runThroughBash(#"exec "$0" check <(cat "$1")"#, [folder.appendingPathComponent("what-if.json").path], in: scenarios)
        #expect(r.code == 0, "\(r.out)\(r.err)")
        #expect(r.out.hasPrefix("/dev/fd/"))
        #expect(r.out.contains(": ok: 4 issues"))
    }

    /// A scenario from `<(…)` whose sources folder is missing is told that the folder was looked
    /// for in the current folder, where it was.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/bash")))
    func aDescriptorPathsMissingSourcesFolderIsLookedForInTheCurrentFolder() throws {
        let folder = TestSupport.write([
            "s.json": TestSupport.miniScenario(
                parties:
                    #"[{"id": "north", "positions": [{"id": "r", "type": "redLine", "forbids": {"issue": "a", "is": "x"}, "evidence": [{"source": "a.txt", "quote": "q"}]}]}]"#,
                extra: #""sources": "no-such-folder","#)
        ])
        let r = try TestSupport.runThroughBash(#"exec "$0" check <(cat "$1")"#, [folder.appendingPathComponent("s.json").path], in: folder)
        #expect(r.code == 65, "\(r.out)\(r.err)")
        let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("relative to the current folder for standard input or a descriptor path."), "\(r.out)")
    }

    /// `extends` naming a link to standard input is refused like `-`: reading it would read
    /// the input already consumed.
    @Test func extendsThroughALinkToStandardInputIsRefused() throws {
        let folder = TestSupport.temporaryFolder()
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("lnk"), withDestinationURL: URL(fileURLWithPath: "/dev/stdin"))
        let r = try TestSupport.runBinary(["check", "-"], in: folder, input: Data(#"{"format": 1, "extends": "lnk"}"#.utf8))
        #expect(r.code == 65, "\(r.out)\(r.err)")
        #expect(r.out.contains("'extends' must name a file, not standard input ('lnk')"))
        // Naming it twice on the command line, once through the link, is a usage error.
        let twice = try TestSupport.runBinary(["check", "-", "lnk"], in: folder, input: Data(#"{"format": 1}"#.utf8))
        #expect(twice.code == 64, "\(twice.out)\(twice.err)")
        #expect(twice.err.hasPrefix("Error: Only one of the scenarios can come from standard input ('-', or a link to it)."))
    }

    /// Only a pipe on standard input makes a link to it standard input: with `< /dev/null`,
    /// `"extends": "/dev/null"` names the device, and with `< base.json` the file is read again.
    @Test func extendsNamingTheFileOnStandardInputNamesThatFile() throws {
        let folder = TestSupport.write([
            "null.json": #"{"format": 1, "extends": "/dev/null"}"#,
            "base.json": TestSupport.miniScenario(parties: "[]"),
            "what-if.json": #"{"format": 1, "extends": "base.json"}"#,
        ])
        let null = try TestSupport.runBinary(["check", "null.json"], in: folder, inputFile: "/dev/null")
        #expect(null.code == 66, "\(null.out)\(null.err)")
        #expect(null.out.hasPrefix("null.json:1:26: error: Cannot read '/dev/null': It is a device, not a scenario file."), "\(null.out)")
        #expect(!null.out.contains("standard input"))
        let file = try TestSupport.runBinary(
            ["check", "--quiet", "what-if.json"], in: folder, inputFile: folder.appendingPathComponent("base.json").path)
        #expect(file.code == 0, "\(file.out)\(file.err)")
        #expect(file.out.hasPrefix("what-if.json: ok: 3 issues"), "\(file.out)")
    }

    /// Endless standard input (`< /dev/zero`) is refused at the read limit with 66, promptly.
    @Test func endlessStandardInputIsRefusedAtTheLimit() throws {
        let r = try TestSupport.runBinary(["check", "-"], inputFile: "/dev/zero")
        #expect(r.code == 66)
        #expect(r.out.contains("Cannot read '<stdin>': It is larger than 64 MiB"))
    }

    /// A scenario or `extends` file over the limit is refused without being read (66).
    @Test func aFileLargerThanTheLimitExits66() throws {
        let folder = TestSupport.write(["what-if.json": #"{"format": 1, "extends": "huge.json", "title": "t"}"#])
        let huge = folder.appendingPathComponent("huge.json")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: UInt64(FileBytes.limit + 1))  // Sparse: no disk is used.
        try handle.close()
        let direct = try TestSupport.runBinary(["check", "huge.json"], in: folder)
        #expect(direct.code == 66)
        #expect(direct.out.contains("huge.json: error: Cannot read 'huge.json': It is larger than 64 MiB"))
        let extended = try TestSupport.runBinary(["check", "what-if.json"], in: folder)
        #expect(extended.code == 66)
        #expect(extended.out.contains("what-if.json:1:26: error: Cannot read 'huge.json': It is larger than 64 MiB"))
    }

    /// A folder on standard input is an unreadable file (66), not a trap.
    @Test func aFolderOnStandardInputExits66() throws {
        let r = try TestSupport.runBinary(["check", "-"], inputFile: TestSupport.packageRoot.path)
        #expect(r.code == 66)
        #expect(r.out.contains("Standard input cannot be read"))
    }

    @Test func aMissingFileExits66() throws {
        let r = try TestSupport.runBinary(["Scenarios/no-such-file.json"])
        #expect(r.code == 66)
        #expect(r.err.contains("Cannot read 'Scenarios/no-such-file.json': No such file."))
    }

    @Test func anInvalidScenarioExits65WithLocatedErrorsAndWritesNothingToStdout() throws {
        let folder = TestSupport.write([
            "bad.json": """
            {"format": 1,
             "issues": [{"id": "a", "kind": "choice", "options": ["x"]}],
             "parties": [{"id": "p", "threshold": 2, "positions": [
               {"id": "r", "type": "redLine", "forbids": {"issue": "b", "is": "x"}}]}]}
            """
        ])
        let r = try TestSupport.runBinary(["bad.json"], in: folder)
        #expect(r.code == 65)
        #expect(r.out.isEmpty)
        #expect(r.err.contains("bad.json:3:39: error: The threshold must lie in [0, 1], not 2."))
        #expect(r.err.contains("bad.json:4:56: error: Unknown issue 'b'."))
        #expect(r.err.contains("bad.json: 2 errors; nothing was evaluated."))
    }

    @Test func checkVerifiesTheTutorialQuotes() throws {
        let r = try TestSupport.runBinary(["check", "Scenarios/tutorial.json"])
        #expect(r.code == 0)
        #expect(r.out.contains("Scenarios/tutorial.json: ok: 4 issues, 4 parties, 18 positions, 4 packages; 21 quotes verified."))
    }

    @Test func checkFailsWithExit65OnAMisquote() throws {
        let folder = TestSupport.write([
            "seeds/doc.txt": "The parties agreed to meet again.",
            "s.json": """
            {"format": 1, "issues": [{"id": "a", "kind": "choice", "options": ["x"]}],
             "parties": [{"id": "p", "positions": [{"id": "r", "type": "demand", "weight": 1,
               "wants": {"issue": "a", "is": "x"},
               "evidence": [{"source": "doc.txt", "quote": "The parties agreed to meet soon."}]}]}]}
            """,
        ])
        let r = try TestSupport.runBinary(["check", "s.json"], in: folder)
        #expect(r.code == 65)
        #expect(r.out.contains("s.json:4:48: error: The quote is not in 'doc.txt'"))
        #expect(r.out.contains("s.json: 1 error."))
    }

    @Test func warningsDoNotFailCheck() throws {
        let folder = TestSupport.write([
            "s.json": """
            {"format": 1, "issues": [{"id": "a", "kind": "choice", "options": ["x", "y"]}],
             "parties": [{"id": "p", "positions": []}]}
            """
        ])
        let r = try TestSupport.runBinary(["check", "s.json"], in: folder)
        #expect(r.code == 0)
        #expect(r.out.contains("warning: No position reads the issue 'a'"))
        #expect(r.out.contains("warning: The party 'p' has no positions"))
    }

    @Test func noUserFileIsWritten() throws {
        let folder = TestSupport.write(["s.json": TestSupport.miniScenario(parties: "[]")])
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let data = try Data(contentsOf: folder.appendingPathComponent("s.json"))
        _ = try TestSupport.runBinary(["s.json", "--format", "json"], in: folder)
        _ = try TestSupport.runBinary(["check", "s.json"], in: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == before)
        #expect(try Data(contentsOf: folder.appendingPathComponent("s.json")) == data)
    }
}
