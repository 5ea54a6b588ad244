/// Lays a scenario file over the scenario it `extends`, as the format's merge rules say.
///
/// Scalars replace; objects merge key by key; the lists `issues`, `options`, `parties`,
/// `positions` and `packages` merge by `id` (a new id is appended, a known id merged into its
/// entry, `{"id": X, "remove": true}` deletes X); every other list replaces.
struct ScenarioMerge {
    static let idListKeys: Set<String> = ["issues", "options", "parties", "positions", "packages"]

    var diagnostics: [ScenarioDiagnostic] = []
    /// True while laying the first file of a chain, which extends nothing.
    var isBaseFile = false

    /// `overlay` laid over `base` (nil for the first file of a chain).
    mutating func merge(_ base: JSONValue?, _ overlay: JSONValue, path: String = "") -> JSONValue {
        switch overlay.kind {
        case .object(let overlayMembers):
            var result = base?.members ?? []
            // A key this object repeats (an error of its own) takes its last value, laid over the
            // base's, as JSON readers keep the last: the two values are not merged together.
            var givenHere = Set<String>()
            for member in overlayMembers {
                let childPath = path.isEmpty ? member.key : path + "." + member.key
                let repeated = !givenHere.insert(member.key).inserted
                if let i = result.firstIndex(where: { $0.key == member.key }) {
                    let under = repeated ? base?[member.key] : result[i].value
                    result[i].value = mergeMember(member.key, under, member.value, path: childPath)
                } else {
                    var m = member
                    m.value = mergeMember(member.key, nil, member.value, path: childPath)
                    result.append(m)
                }
            }
            return JSONValue(.object(result), at: base?.members != nil ? base!.location : overlay.location)
        default:
            return overlay
        }
    }

    private mutating func mergeMember(_ key: String, _ base: JSONValue?, _ overlay: JSONValue, path: String) -> JSONValue {
        if Self.idListKeys.contains(key), let overlayElements = overlay.elements {
            let baseElements = base?.elements ?? []
            return JSONValue(.array(mergeList(key, baseElements, overlayElements, path: path)), at: overlay.location)
        }
        if overlay.members != nil {
            return merge(base?.members != nil ? base : nil, overlay, path: path)
        }
        return overlay
    }

    private static func id(of value: JSONValue, inList key: String) -> String? {
        if key == "options", let s = value.stringValue { return s }
        return value["id"]?.stringValue
    }

    private mutating func mergeList(_ key: String, _ base: [JSONValue], _ overlay: [JSONValue], path: String) -> [JSONValue] {
        // Entries stay in their slots; a removed one leaves an empty slot, and the list is
        // compacted once at the end, so each removal costs a lookup, not a rebuild.
        var slots: [JSONValue?] = base
        // The slots of each id, first first: a lookup per element, not a scan. (Only a broken
        // base repeats an id; removing then finds the next entry, as a scan would.)
        var slotsOf: [String: [Int]] = [:]
        for (i, entry) in base.enumerated() {
            if let id = Self.id(of: entry, inList: key) { slotsOf[id, default: []].append(i) }
        }
        var removedHere = Set<String>()
        // An id this file gives twice is an error of its own (DuplicateCheck). The checks go on
        // with both entries apart, so that each one's own mistakes and quotes are reported,
        // except for issues and options, where a second entry under the same id would make
        // every term that names it look wrong: the first one stands.
        var givenHere = Set<String>()
        let keepsFirstOnly = key == "issues" || key == "options"
        for (n, element) in overlay.enumerated() {
            let id = Self.id(of: element, inList: key)
            let elementPath = "\(path)[\(id ?? String(n))]"
            var element = element
            if let members = element.members, let removeIndex = members.firstIndex(where: { $0.key == "remove" }) {
                let flag = members[removeIndex].value
                guard let remove = flag.boolValue else {
                    diagnostics.append(
                        ScenarioDiagnostic(
                            code: "invalid-remove", at: flag.location, path: elementPath + ".remove",
                            message: "'remove' must be true (delete the inherited entry) or false, not \(flag.typeName)."))
                    continue
                }
                if remove {
                    if let id, let i = slotsOf[id]?.first {
                        removedHere.insert(id)
                        slots[i] = nil
                        slotsOf[id]!.removeFirst()
                        if slotsOf[id]!.isEmpty { slotsOf[id] = nil }
                    } else {
                        let known = slots.compactMap { $0.flatMap { Self.id(of: $0, inList: key) } }
                        diagnostics.append(
                            ScenarioDiagnostic(
                                code: "remove-unknown-id", at: element.location, path: elementPath,
                                message: id == nil
                                    ? "An entry with 'remove' needs the 'id' of the entry to delete."
                                    : removedHere.contains(id!)
                                        ? "'\(id!)' is removed twice in '\(key)' of this file; the first 'remove' already deleted it."
                                        : isBaseFile
                                            ? "'remove' deletes an entry inherited through 'extends', but this file extends no other scenario."
                                            : "There is no '\(id!)' in '\(key)' of the scenario this file extends, so nothing to remove.",
                                suggestion: id.flatMap { NameSuggestion.nearest(to: $0, in: known) }))
                    }
                    continue
                }
                var stripped = members
                stripped.remove(at: removeIndex)
                element = JSONValue(.object(stripped), at: element.location)
            }
            let repeated = id.map { !givenHere.insert($0).inserted } ?? false
            if repeated && keepsFirstOnly { continue }
            if let id, !repeated, let i = slotsOf[id]?.first, var existing = slots[i] {
                if existing.stringValue != nil, element.members != nil {
                    // A plain option id is merged as {"id": id}.
                    existing = JSONValue(
                        .object([JSONValue.Member(key: "id", keyLocation: existing.location, value: existing)]),
                        at: existing.location)
                }
                if element.members != nil {
                    slots[i] = merge(existing, element, path: elementPath)
                }
            } else {
                if let id { slotsOf[id, default: []].append(slots.count) }
                slots.append(element.members != nil ? merge(nil, element, path: elementPath) : element)
            }
        }
        return slots.compactMap { $0 }
    }
}
