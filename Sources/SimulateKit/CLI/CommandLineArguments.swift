/// A small, strict command-line parser: `--name value`, `--name=value`, flags, repeatable
/// options and positionals, with "did you mean" for a misspelt option.
struct CommandLineArguments {
    /// What an option takes.
    struct Spec {
        var name: String
        var takesValue: Bool
        var repeatable: Bool = false
    }

    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    init(_ arguments: [String], specs: [Spec]) throws(UsageError) {
        var k = 0
        var onlyPositionals = false
        while k < arguments.count {
            let argument = arguments[k]
            k += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            var name = argument
            var inline: String?
            if let eq = argument.firstIndex(of: "=") {
                name = String(argument[..<eq])
                inline = String(argument[argument.index(after: eq)...])
            }
            // `-h` is `--help`, as in most command-line tools.
            if name == "-h" && inline == nil && specs.contains(where: { $0.name == "help" }) { name = "--help" }
            guard let spec = specs.first(where: { "--" + $0.name == name }) else {
                throw UsageError("Unknown option '\(name)'.", suggestion: NameSuggestion.nearest(to: name, in: specs.map { "--" + $0.name }))
            }
            if spec.takesValue {
                let value: String
                if let inline {
                    value = inline
                } else if k < arguments.count {
                    value = arguments[k]
                    k += 1
                } else {
                    throw UsageError("Missing value for '\(name)'.")
                }
                if values[spec.name] != nil && !spec.repeatable {
                    throw UsageError("'\(name)' may be given only once.")
                }
                values[spec.name, default: []].append(value)
            } else {
                if inline != nil { throw UsageError("'\(name)' takes no value.") }
                flags.insert(spec.name)
            }
        }
    }

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
}

/// A mistake in how the command was called: exit code 64, with a usage line.
/// A number as the command line takes it: decimal notation only (`12`, `-0.5`, `1e12`), so
/// that `0x10`, `inf` or `nan` are not read as numbers.
func decimalNumber(_ text: String) -> Double? {
    let digits = text.unicodeScalars.drop { $0 == "-" || $0 == "+" }
    guard let first = digits.first, ("0"..."9").contains(first) || first == ".",
        digits.allSatisfy({ ("0"..."9").contains($0) || ".eE+-".unicodeScalars.contains($0) }),
        let x = Double(text), x.isFinite
    else { return nil }
    return x
}

struct UsageError: Error {
    var message: String
    var suggestion: String?

    init(_ message: String, suggestion: String? = nil) {
        self.message = message
        self.suggestion = suggestion
    }

    /// `There is no party 'usa' in 'x.json'.`, with the nearest id as a suggestion or, when no id
    /// is near, the ids there are (the first twenty): a user who guessed wrong sees what to type.
    static func unknown(_ what: String, _ id: String, among ids: [String], _ place: String) -> UsageError {
        let near = NameSuggestion.nearest(to: id, in: ids)
        var message = "There is no \(what) '\(id)' \(place)."
        if near == nil && !ids.isEmpty {
            let plural = what == "party" ? "parties" : what + "s"
            let shown = ids.prefix(20).joined(separator: ", ")
            message += " The \(plural): \(shown)" + (ids.count > 20 ? " and \(ids.count - 20) more." : ".")
        }
        return UsageError(message, suggestion: near)
    }
}
