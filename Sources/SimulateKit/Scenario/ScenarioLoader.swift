import Foundation

/// Reads a scenario file and the files it extends, merges them and checks the result.
public enum ScenarioLoader {
    /// What loading produced: the scenario when there were no errors, and every problem found.
    public struct Result: Sendable {
        /// The scenario, or nil when any error was found.
        public var scenario: Scenario?
        /// What could be read of the scenario despite its errors (for checking its quotes too).
        public var partial: Scenario?
        /// Every error and warning, sorted for reporting.
        public var diagnostics: [ScenarioDiagnostic]
        /// True when a file could not be read at all (missing, a folder, unreadable).
        public var unreadableFile: Bool
    }

    /// Loads the scenario at `path` (shown to the user as given). `-` or `/dev/stdin` reads
    /// standard input, shown as `<stdin>`, whose relative paths (`extends`, `sources`) are taken
    /// from the current folder, as are those of a descriptor path such as `<(…)` gives.
    public static func load(path: String) -> Result {
        var chain = Chain()
        let url = isStandardInput(path) ? nil : URL(fileURLWithPath: path)
        let layers = chain.layers(display: displayName(path), url: url, referencedFrom: nil)
        var diagnostics = chain.diagnostics
        // Repeated keys or ids, and a format written as the string "1", leave every file
        // readable: the merge and the checks go on, so that one run reports every problem.
        guard let layers, !diagnostics.contains(where: { $0.severity == .error && !Self.decodesDespite($0) }) else {
            return Result(scenario: nil, partial: nil, diagnostics: diagnostics.sortedForReport(), unreadableFile: chain.unreadable)
        }
        var merge = ScenarioMerge()
        var merged: JSONValue?
        for layer in layers {
            merge.isBaseFile = merged == nil
            merged = merge.merge(merged, layer.json)
        }
        diagnostics += merge.diagnostics
        var decoder = ScenarioDecoder()
        var scenario = decoder.decodeScenario(merged!, lint: !diagnostics.hasErrors)
        diagnostics += decoder.diagnostics
        scenario?.files = layers.reversed().map(\.display)
        for layer in layers {
            scenario?.sourcesFolders[layer.display] = layer.sourcesFolder
            scenario?.sourcesDeclarations[layer.display] = layer.sourcesDeclaration
        }
        if diagnostics.hasErrors {
            return Result(scenario: nil, partial: scenario, diagnostics: diagnostics.sortedForReport(), unreadableFile: false)
        }
        return Result(scenario: scenario, partial: scenario, diagnostics: diagnostics.sortedForReport(), unreadableFile: false)
    }

    /// The message for a `format` written as a string.
    static func formatAsString(_ text: String) -> String {
        "'format' must be the number 1, not the string \"\(text)\"; write \"format\": 1 without quotes."
    }

    /// Whether the merge and the checks can go on despite this problem of one file.
    static func decodesDespite(_ d: ScenarioDiagnostic) -> Bool {
        d.code == "duplicate-key" || d.code == "duplicate-id"
            || (d.code == "unsupported-format" && d.message == formatAsString("1"))
    }

    /// Whether a scenario path names standard input: `-`, `/dev/stdin`, or descriptor 0 by its
    /// path.
    public static func isStandardInput(_ path: String) -> Bool {
        ["-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"].contains(path)
    }

    /// The name messages give the file at `path`; standard input is `<stdin>`, which tells it
    /// apart from a file named `stdin`.
    public static func displayName(_ path: String) -> String { isStandardInput(path) ? standardInputName : path }

    /// The name messages give standard input.
    static let standardInputName = "<stdin>"

    /// The folder the relative paths (`extends`, `sources`) of the file at `path` are taken
    /// from: the file's own folder, or the current folder for standard input (`path` nil) and
    /// for a descriptor path (`/dev/fd/N`, `/proc/self/fd/N`, as `<(…)` gives), whose folder
    /// holds no scenarios.
    static func folderForRelativePaths(of path: String?) -> URL {
        guard let path, !isDescriptorPath(path) else {
            return URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        }
        return URL(fileURLWithPath: path).deletingLastPathComponent()
    }

    /// Whether the file at `path` is the one standard input reads (a symbolic link to
    /// `/dev/stdin`, `../../dev/stdin`, the file redirected with `<`): same device and inode.
    static func isStandardInputFile(_ path: String) -> Bool {
        var file = stat(), input = stat()
        guard stat(path, &file) == 0, fstat(0, &input) == 0 else { return false }
        return file.st_dev == input.st_dev && file.st_ino == input.st_ino
    }

    /// Whether `path` leads to the pipe or socket on standard input (a symbolic link to
    /// `/dev/stdin`), whose content the command line's scenario may already have consumed. A
    /// device on standard input (`< /dev/null`, a terminal) does not count: its path names the
    /// device, which is refused as one, and a regular file can be read again by its path.
    static func leadsToStandardInputStream(_ path: String) -> Bool {
        var input = stat()
        guard fstat(0, &input) == 0 else { return false }
        let type = input.st_mode & S_IFMT
        return (type == S_IFIFO || type == S_IFSOCK) && isStandardInputFile(path)
    }

    /// Whether reading `path` reads the standard input a command consumes: `-` and its
    /// spellings, or a link to it when it is a pipe or a terminal (a regular file redirected with
    /// `<` can be read again by its path).
    public static func readsStandardInput(_ path: String) -> Bool {
        if isStandardInput(path) { return true }
        var input = stat()
        guard fstat(0, &input) == 0, input.st_mode & S_IFMT != S_IFREG else { return false }
        return isStandardInputFile(path)
    }

    /// Whether `path` names an open file descriptor rather than a file in a folder.
    static func isDescriptorPath(_ path: String) -> Bool {
        path.hasPrefix("/dev/fd/") || path.hasPrefix("/proc/self/fd/")
    }

    /// One file of an `extends` chain.
    struct Layer {
        var display: String
        var json: JSONValue
        var sourcesFolder: URL?
        /// Where the file's `sources` key stands, when it has one.
        var sourcesDeclaration: SourceLocation?
    }

    /// How many files an `extends` chain may hold: far more than any real stack of what-ifs,
    /// and far fewer than would exhaust the stack.
    static let maxExtendsDepth = 64

    /// Follows `extends` from the named file to the base, reporting cycles with their chain.
    private struct Chain {
        var diagnostics: [ScenarioDiagnostic] = []
        var unreadable = false
        var visiting: [(display: String, key: String, extends: JSONValue?)] = []

        /// The key of standard input in `visiting`: not a path (those all start with `/`), so no
        /// file, not even one named `stdin`, can be taken for it.
        static let standardInputKey = "<standard input>"

        /// The layers, base first, or nil when a file could not be read or parsed. `url` is nil
        /// for standard input.
        mutating func layers(display: String, url: URL?, referencedFrom: JSONValue?) -> [Layer]? {
            let key = url.map { $0.standardizedFileURL.resolvingSymlinksInPath().path } ?? Self.standardInputKey
            if let start = visiting.firstIndex(where: { $0.key == key }) {
                let names = (visiting[start...].map(\.display) + [display]).map { URL(fileURLWithPath: $0).lastPathComponent }
                diagnostics.append(
                    ScenarioDiagnostic(
                        code: "extends-cycle", at: (visiting[start].extends ?? referencedFrom!).location, path: "extends",
                        message: "The 'extends' chain forms a cycle: \(names.joined(separator: " -> ")); a scenario cannot build on itself."))
                return nil
            }
            guard visiting.count < ScenarioLoader.maxExtendsDepth else {
                diagnostics.append(
                    ScenarioDiagnostic(
                        code: "extends-too-deep", at: referencedFrom!.location, path: "extends",
                        message:
                            "The 'extends' chain is more than \(ScenarioLoader.maxExtendsDepth) files deep; merge some of the what-ifs into one file."
                    ))
                return nil
            }
            guard let json = read(display: display, url: url, referencedFrom: referencedFrom) else { return nil }
            let checked = checkFile(json, display: display)
            visiting.append((display, key, json["extends"]))
            defer { visiting.removeLast() }
            var layers: [Layer] = []
            let folder = ScenarioLoader.folderForRelativePaths(of: url?.path)
            if let extends = json["extends"] {
                if let target = extends.stringValue, !target.isEmpty {
                    let baseURL = target.hasPrefix("/") ? URL(fileURLWithPath: target) : folder.appendingPathComponent(target)
                    if ScenarioLoader.isStandardInput(target) || ScenarioLoader.isStandardInput(baseURL.standardizedFileURL.path)
                        || ScenarioLoader.leadsToStandardInputStream(baseURL.path)
                    {
                        // Standard input is read once, for the scenario named on the command line.
                        diagnostics.append(
                            ScenarioDiagnostic(
                                code: "invalid-extends", at: extends.location, path: "extends",
                                message:
                                    "'extends' must name a file, not standard input ('\(target)'); standard input can only be the scenario named on the command line."
                            ))
                        return nil
                    }
                    // Relative to the file's folder, or to the current folder when that is where
                    // the file's relative paths are taken from.
                    let inCurrentFolder = url == nil || ScenarioLoader.isDescriptorPath(url!.path)
                    let baseDisplay = Self.join(inCurrentFolder ? "" : display, target)
                    guard let base = self.layers(display: baseDisplay, url: baseURL, referencedFrom: extends) else { return nil }
                    layers = base
                } else {
                    diagnostics.append(
                        ScenarioDiagnostic(
                            code: "invalid-extends", at: extends.location, path: "extends",
                            message: "'extends' must be the path of a scenario file, relative to this file."))
                }
            }
            guard checked else { return nil }
            layers.append(
                Layer(
                    display: display, json: json, sourcesFolder: sourcesFolder(json, folder: folder),
                    sourcesDeclaration: json["sources"]?.location))
            return layers
        }

        /// Reads and parses one file; `url` is nil for standard input.
        private mutating func read(display: String, url: URL?, referencedFrom: JSONValue?) -> JSONValue? {
            var isDirectory: ObjCBool = false
            var reason: String?
            var bytes: [UInt8] = []
            let outcome: FileBytes.Outcome?
            if let url {
                if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
                    reason = "No such file."
                } else if isDirectory.boolValue {
                    reason = "It is a folder, not a scenario file."
                } else if !FileManager.default.isReadableFile(atPath: url.path) {
                    reason = "The file cannot be read (check its permissions)."
                }
                // A file handle, not `contents(atPath:)`, so that a pipe (`<(…)`) can be read.
                outcome = reason == nil ? FileBytes.read(atPath: url.path) : nil
            } else {
                // Reading throws, where `readDataToEndOfFile` traps, on a folder or a closed
                // descriptor on standard input.
                outcome = FileBytes.read(.standardInput, allowDevices: true)
            }
            switch outcome {
            case .bytes(let read)?: bytes = read
            case .tooLarge?: reason = "It is larger than \(FileBytes.limitText), far too large for a scenario file."
            case .device?, .pipe?: reason = "It is a device, not a scenario file."
            case .folder?: reason = "It is a folder, not a scenario file."
            case .unreadable?:
                reason = url == nil ? "Standard input cannot be read (is it a folder, or closed?)." : "The file cannot be read."
            case nil: break
            }
            if let reason {
                // Line 0: the file as a whole (shown as `FILE: error: …`).
                let location = referencedFrom?.location ?? SourceLocation(file: display, line: 0, column: 0)
                diagnostics.append(
                    ScenarioDiagnostic(
                        code: "unreadable-file", at: location, path: referencedFrom == nil ? "" : "extends",
                        message: "Cannot read '\(display)': \(reason)"))
                unreadable = true
                return nil
            }
            do {
                return try JSONParser.parse(bytes, file: display)
            } catch {
                diagnostics.append(
                    ScenarioDiagnostic(
                        code: "json-syntax", at: error.location, path: "", message: error.message))
                return nil
            }
        }

        /// Checks that hold for each file on its own: an object, `format: 1`, no repeated keys
        /// or ids. Returns false when the file cannot be merged.
        private mutating func checkFile(_ json: JSONValue, display: String) -> Bool {
            guard json.members != nil else {
                diagnostics.append(
                    ScenarioDiagnostic(
                        code: "not-an-object", at: json.location, path: "",
                        message: "A scenario file must be a JSON object, not \(json.typeName)."))
                return false
            }
            if let format = json["format"] {
                if case .number(_, let text) = format.kind, text == "1" {
                } else if let text = format.stringValue {
                    diagnostics.append(
                        ScenarioDiagnostic(
                            code: "unsupported-format", at: format.location, path: "format",
                            message: ScenarioLoader.formatAsString(text)))
                } else if case .number(_, let text) = format.kind {
                    diagnostics.append(
                        ScenarioDiagnostic(
                            code: "unsupported-format", at: format.location, path: "format",
                            message: "Unsupported 'format' '\(text)'; this version of simulate reads format 1."))
                } else {
                    diagnostics.append(
                        ScenarioDiagnostic(
                            code: "unsupported-format", at: format.location, path: "format",
                            message: "'format' must be the number 1, not \(format.typeName); this version of simulate reads format 1."))
                }
            } else {
                diagnostics.append(
                    ScenarioDiagnostic(
                        code: "missing-format", at: json.location, path: "",
                        message: "The file has no 'format'; add \"format\": 1 (the version this simulate reads)."))
            }
            var duplicates = DuplicateCheck()
            duplicates.check(json, path: "")
            diagnostics += duplicates.diagnostics
            return true
        }

        /// The sources folder this file's evidence refers to: its `sources` key, or the nearest
        /// folder named `seeds` in its folder or a parent.
        private func sourcesFolder(_ json: JSONValue, folder: URL) -> URL? {
            if let sources = json["sources"]?.stringValue {
                // An absolute path is taken as given, as `extends` takes one.
                return (sources.hasPrefix("/") ? URL(fileURLWithPath: sources) : folder.appendingPathComponent(sources)).standardizedFileURL
            }
            var dir = folder.standardizedFileURL
            while true {
                let candidate = dir.appendingPathComponent("seeds")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                    return candidate
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { return nil }
                dir = parent
            }
        }

        /// `target` relative to the folder of `display`, tidied for showing.
        static func join(_ display: String, _ target: String) -> String {
            if target.hasPrefix("/") { return target }
            var parts = display.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            parts.removeLast()
            for piece in target.split(separator: "/").map(String.init) {
                if piece == "." { continue }
                if piece == "..", let last = parts.last, last != "..", last != "", last != "." {
                    parts.removeLast()
                } else {
                    parts.append(piece)
                }
            }
            return parts.joined(separator: "/")
        }
    }
}

/// Finds repeated object keys, and repeated ids in the lists that merge by id, in one file.
struct DuplicateCheck {
    var diagnostics: [ScenarioDiagnostic] = []

    mutating func check(_ value: JSONValue, path: String) {
        switch value.kind {
        case .object(let members):
            var seen: Set<String> = []
            for m in members {
                let childPath = path.isEmpty ? m.key : path + "." + m.key
                if !seen.insert(m.key).inserted {
                    diagnostics.append(
                        ScenarioDiagnostic(
                            code: "duplicate-key", at: m.keyLocation, path: childPath,
                            message: "The key '\(m.key)' appears twice in this object; JSON readers would silently keep only one."))
                }
                if ScenarioMerge.idListKeys.contains(m.key), let elements = m.value.elements {
                    var ids: Set<String> = []
                    for (n, e) in elements.enumerated() {
                        let id = m.key == "options" ? (e.stringValue ?? e["id"]?.stringValue) : e["id"]?.stringValue
                        // A removal does not count ("remove, then re-add"); `"remove": false` is an entry.
                        if let id, e["remove"]?.boolValue != true, !ids.insert(id).inserted {
                            diagnostics.append(
                                ScenarioDiagnostic(
                                    code: "duplicate-id",
                                    at: m.key == "options" && e.stringValue != nil ? e.location : (e["id"]?.location ?? e.location),
                                    path: "\(childPath)[\(id)]",
                                    message: "The id '\(id)' is used twice in '\(m.key)'; ids must be unique within their list."))
                        }
                        check(e, path: "\(childPath)[\(id ?? String(n))]")
                    }
                } else {
                    check(m.value, path: childPath)
                }
            }
        case .array(let elements):
            for (n, e) in elements.enumerated() { check(e, path: "\(path)[\(n)]") }
        default:
            break
        }
    }
}
