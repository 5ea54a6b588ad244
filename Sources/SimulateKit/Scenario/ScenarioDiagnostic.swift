/// One problem found in a scenario file, located and explained so a person can fix it.
///
/// Loading collects every problem it can find before reporting, so an analyst fixes a file in
/// one pass rather than one error at a time.
public struct ScenarioDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    /// How serious the problem is.
    public enum Severity: String, Sendable, Comparable {
        case error, warning
        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    /// Error or warning.
    public var severity: Severity
    /// A stable, kebab-case code, e.g. `unknown-option`.
    public var code: String
    /// Where the problem is.
    public var location: SourceLocation
    /// The JSON path of the offending value, e.g. `parties[0].positions[2].forbids.is`.
    public var path: String
    /// One sentence; values in single quotes.
    public var message: String
    /// A near name, offered as "did you mean 'x'?".
    public var suggestion: String?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity = .error, code: String, at location: SourceLocation, path: String,
        message: String, suggestion: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.location = location
        self.path = path
        self.message = message
        self.suggestion = suggestion
    }

    /// The message with its suggestion, as one sentence or two.
    public var fullMessage: String {
        if let suggestion { return "\(message) Did you mean '\(suggestion)'?" }
        return message
    }

    /// `FILE:LINE:COLUMN: error: message` and, indented below, the JSON path and code.
    public var description: String {
        let place = location.line > 0 ? location.description : location.file
        var text = "\(place): \(severity.rawValue): \(fullMessage)"
        if !path.isEmpty || !code.isEmpty {
            text += "\n    at \(path.isEmpty ? "(top level)" : path) [\(code)]"
        }
        return text
    }
}

/// The problems that stopped a scenario from loading, all of them.
public struct ScenarioLoadError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, errors first in file order, then warnings.
    public var diagnostics: [ScenarioDiagnostic]
    /// True when the cause is a file that could not be read (exit code 66) rather than an
    /// invalid scenario (65).
    public var isUnreadableFile: Bool

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension Array where Element == ScenarioDiagnostic {
    /// True when any element is an error.
    var hasErrors: Bool { contains { $0.severity == .error } }

    /// Errors before warnings, each group by file, line and column.
    func sortedForReport() -> [ScenarioDiagnostic] {
        enumerated().sorted { a, b in
            let x = a.element, y = b.element
            if x.severity != y.severity { return x.severity < y.severity }
            if x.location.file != y.location.file { return a.offset < b.offset }
            if x.location.line != y.location.line { return x.location.line < y.location.line }
            if x.location.column != y.location.column { return x.location.column < y.location.column }
            return a.offset < b.offset
        }.map(\.element)
    }
}
