/// A deal on the table: one term for every issue.
public struct DealPackage: Sendable {
    public var id: String
    public var label: String?
    /// One term per issue, in issue order, defaults filled in.
    public var terms: [Term]
    public var evidence: [Evidence]
    public var location: SourceLocation

    /// The label, or the id when there is none.
    public var displayName: String { label ?? id }
}
