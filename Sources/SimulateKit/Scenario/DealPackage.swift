/// A deal on the table: one term for every issue.
public struct DealPackage: Sendable {
    public var id: String
    public var label: String?
    /// One term per issue, in issue order, defaults filled in.
    public var terms: [Term]
    public var evidence: [Evidence]
    public var location: SourceLocation
    /// Free text from the file, shown beside the package's verdicts: what it is, and the
    /// modeller's caveats (which terms are defaults rather than reported).
    public var description: String?
    public var note: String?

    /// The label, or the id when there is none.
    public var displayName: String { label ?? id }
}
