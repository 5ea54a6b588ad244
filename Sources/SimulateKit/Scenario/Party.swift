/// A party to the negotiation: who must agree, and what it holds.
public struct Party: Sendable {
    /// When the party's agreement is needed for a package to be viable.
    public enum Requirement: Hashable, Sendable {
        case always
        /// An observer: reported, never blocks.
        case never
        /// Required only for packages where the predicate holds (a guarantor the package names).
        case when(Predicate)

        /// Whether the party is required for a package with these terms.
        public func isRequired(for terms: [Term]) -> Bool {
            switch self {
            case .always: return true
            case .never: return false
            case .when(let p): return p.holds(terms)
            }
        }
    }

    public var id: String
    public var name: String?
    public var required: Requirement
    /// The least score the party accepts (its reservation value).
    public var threshold: Bounds
    public var positions: [Position]
    public var location: SourceLocation

    /// The name, or the id when there is none.
    public var displayName: String { name ?? id }
}
