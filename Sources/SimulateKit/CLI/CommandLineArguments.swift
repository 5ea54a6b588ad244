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
struct UsageError: Error {
    var message: String
    var suggestion: String?

    init(_ message: String, suggestion: String? = nil) {
        self.message = message
        self.suggestion = suggestion
    }
}
