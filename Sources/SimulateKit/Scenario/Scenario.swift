public import Foundation

/// A loaded, checked scenario: the issues, the parties with their positions, and the packages.
///
/// Everything in it refers to issues and options by index; ``CompiledScenario`` then fixes a
/// date and flattens it for evaluation.
public struct Scenario: Sendable {
    public var title: String?
    public var description: String?
    /// The date the file names in `asOf`, if any.
    public var asOf: Day?
    public var issues: [Issue]
    public var parties: [Party]
    public var packages: [DealPackage]
    /// The file the user named, then the files it extends, nearest first.
    public var files: [String]
    /// The sources folder each file's evidence refers to, by the file as shown to the user.
    public var sourcesFolders: [String: URL] = [:]
    /// Where each file's `sources` key stands, for files that have one.
    public var sourcesDeclarations: [String: SourceLocation] = [:]
    /// Evidence of positions the loader could not read in full (a scenario with errors only),
    /// with its JSON path: `check` verifies these quotes too, so that one run reports them.
    var unplacedEvidence: [(evidence: Evidence, path: String)] = []

    /// The index of the issue with this id.
    public func issueIndex(_ id: String) -> Int? { issues.firstIndex { $0.id == id } }
    /// The index of the party with this id.
    public func partyIndex(_ id: String) -> Int? { parties.firstIndex { $0.id == id } }
    /// The index of the package with this id.
    public func packageIndex(_ id: String) -> Int? { packages.firstIndex { $0.id == id } }

    /// The title, or the file name when there is none.
    public var displayTitle: String {
        title ?? URL(fileURLWithPath: files.first ?? "scenario").lastPathComponent
    }

    /// A term written as the scenario file would write it: an option id, a number, or a list.
    public func describe(_ term: Term, of issue: Int) -> String {
        let options = issues[issue].options
        switch term {
        case .option(let k): return options[k].id
        case .number(let x): return NumberFormat.plain(x)
        case .members(let m):
            let ids = options.indices.filter { m & (1 << UInt64($0)) != 0 }.map { options[$0].id }
            return ids.isEmpty ? "none" : ids.joined(separator: ", ")
        }
    }
}
