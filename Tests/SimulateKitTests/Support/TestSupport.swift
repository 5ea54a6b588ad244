import Foundation

@testable import SimulateKit

/// Helpers shared by the tests: temporary scenario files, in-process runs, the built binary.
enum TestSupport {
    /// The package's root folder.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folder of fixtures beside the tests.
    static let fixtures = packageRoot.appendingPathComponent("Tests/SimulateKitTests/Fixtures")

    /// The folder that holds every temporary folder of this test process, removed when the
    /// process exits: the tests leave nothing behind in the system's temporary folder.
    static let temporaryRoot: URL = {
        // Short names: some tests read paths in reports wrapped at 100 columns.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("simulate-tests-\(getpid())")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestSupport.temporaryRoot) }
        return url
    }()

    /// A fresh temporary folder.
    static func temporaryFolder() -> URL {
        let url = temporaryRoot.appendingPathComponent(String(UUID().uuidString.prefix(8)))
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `files` (name → text) into a fresh folder; returns the folder.
    static func write(_ files: [String: String]) -> URL {
        let folder = temporaryFolder()
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try! FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Not atomically: Foundation would leave a folder of its own in /tmp for each file.
            try! text.write(to: url, atomically: false, encoding: .utf8)
        }
        return folder
    }

    /// Loads scenario text written to a temporary file.
    static func load(_ text: String, name: String = "scenario.json") -> ScenarioLoader.Result {
        let folder = write([name: text])
        return ScenarioLoader.load(path: folder.appendingPathComponent(name).path)
    }

    /// Loads scenario text that must be valid.
    static func scenario(_ text: String) -> Scenario {
        let result = load(text)
        guard let s = result.scenario else {
            fatalError("scenario did not load:\n" + result.diagnostics.map(\.description).joined(separator: "\n"))
        }
        return s
    }

    /// Runs the CLI in-process.
    static func run(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        var console = Console()
        let code = SimulateCLI.run(arguments: arguments, console: &console)
        return (code, console.out, console.err)
    }

    /// The built `simulate` executable.
    static var binary: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("simulate"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("simulate"),
            packageRoot.appendingPathComponent(".build/debug/simulate"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    /// Runs the built executable with `arguments` in `directory`, `input` on its standard input
    /// (or the file `inputFile`, opened for reading); returns its exit code and output.
    static func runBinary(
        _ arguments: [String], in directory: URL = packageRoot, environment: [String: String] = [:], input: Data? = nil, inputFile: String? = nil
    ) throws -> (code: Int32, out: String, err: String) {
        try run(binary, arguments, in: directory, environment: environment, input: input, inputFile: inputFile)
    }

    /// The built executable run through bash as `bash -c SCRIPT BINARY ARGUMENTS...`: the script
    /// names the executable `$0` and its arguments `$1`… (for process substitution, `<(…)`).
    static func runThroughBash(_ script: String, _ arguments: [String], in directory: URL = packageRoot) throws -> (
        code: Int32, out: String, err: String
    ) {
        try run(URL(fileURLWithPath: "/bin/bash"), ["-c", script, binary.path] + arguments, in: directory)
    }

    private static func run(
        _ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String] = [:], input: Data? = nil,
        inputFile: String? = nil
    ) throws -> (code: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        if let inputFile { process.standardInput = FileHandle(forReadingAtPath: inputFile) }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(input)
            try stdin.fileHandleForWriting.close()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// A minimal valid scenario with three issues of each kind, for predicate and scoring tests.
    static func miniScenario(parties: String, packages: String = "[]", extra: String = "") -> String {
        """
        {"format": 1, "title": "mini", "asOf": "2022-03-29", \(extra)
         "issues": [
           {"id": "a", "kind": "choice", "options": ["x", "y", "z"]},
           {"id": "n", "kind": "number", "min": 0, "max": 30, "step": 5},
           {"id": "s", "kind": "set", "options": ["p", "q", "r"]}
         ],
         "parties": \(parties),
         "packages": \(packages)}
        """
    }
}
