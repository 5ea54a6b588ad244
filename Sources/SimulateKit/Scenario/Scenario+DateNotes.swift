/// Notes on an evaluation date that every command gives, on standard error and in its JSON: a
/// date before every dated quote, and each party that may have to agree but holds no position on
/// that date only because its positions begin later (it then accepts everything by default,
/// which is rarely what a date before the sources means).
extension Scenario {
    func dateNotes(on day: Day) -> [String] {
        var notes: [String] = []
        let dates = parties.flatMap { $0.positions.flatMap { $0.evidence.compactMap(\.date) } } + packages.flatMap { $0.evidence.compactMap(\.date) }
        if let earliest = dates.min(), day < earliest {
            notes.append(
                "\(day) is before every dated quote in the model (the earliest is \(earliest)); positions count from their 'since' dates, not from their quotes', so the reasons may cite words not yet said."
            )
        }
        return notes
            + parties.compactMap { party in
                guard party.required != .never, let first = Self.positionsBegin(of: party, after: day) else { return nil }
                return "\(party.id) holds no position on \(day): its positions begin \(first), so it accepts by default."
            }
    }

    /// When a party with positions holds none on `day` only because they begin later: the first
    /// day one begins. Nil when it holds one, has none, or its positions have all ended.
    static func positionsBegin(of party: Party, after day: Day) -> Day? {
        guard !party.positions.isEmpty, !party.positions.contains(where: { $0.isActive(on: day) }) else { return nil }
        return party.positions.compactMap(\.since).filter { day < $0 }.min()
    }
}
