/// A matter a deal settles: a choice, a number, or a set of options.
public struct Issue: Sendable {
    /// What kind of term the issue takes.
    public enum Kind: String, Sendable {
        case choice, number, set
    }

    public var id: String
    public var label: String?
    public var kind: Kind
    /// The options of a choice or set issue, in file order (empty for numbers).
    public var options: [Option]
    /// The range and grid of a number issue.
    public var minimum: Double = 0
    public var maximum: Double = 0
    public var step: Double?
    public var unit: String?
    /// The term a package gets when it leaves the issue out.
    public var defaultTerm: Term?
    public var location: SourceLocation

    /// The label, or the id when there is none.
    public var displayName: String { label ?? id }

    /// The index of the option with this id.
    public func optionIndex(_ id: String) -> Int? { options.firstIndex { $0.id == id } }
}

/// One option of a choice or set issue.
public struct Option: Sendable {
    public var id: String
    public var label: String?
}

/// The term a package sets for one issue, by index into the issue's options.
public enum Term: Hashable, Sendable {
    /// A choice issue's option (its index).
    case option(Int)
    /// A number issue's value.
    case number(Double)
    /// A set issue's members, as a bit mask over the option indices.
    case members(UInt64)
}
