/// A parsed JSON value that remembers where it stood in its file.
///
/// Foundation's decoders do not report locations, so scenario files are parsed by
/// ``JSONParser`` into this tree; every later check can then name a file, line and column.
public struct JSONValue: Sendable {
    /// The value's content.
    public enum Kind: Sendable {
        case null
        case bool(Bool)
        /// The number's value and its source text (kept to tell `1` from `1.0`).
        case number(Double, String)
        case string(String)
        case array([JSONValue])
        case object([Member])
    }

    /// One `"key": value` pair of an object, in file order.
    public struct Member: Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: JSONValue
    }

    public var kind: Kind
    /// Where the value starts.
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The members of an object, or nil.
    var members: [Member]? {
        if case .object(let m) = kind { return m }
        return nil
    }

    /// The elements of an array, or nil.
    var elements: [JSONValue]? {
        if case .array(let a) = kind { return a }
        return nil
    }

    var stringValue: String? {
        if case .string(let s) = kind { return s }
        return nil
    }

    var numberValue: Double? {
        if case .number(let d, _) = kind { return d }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let b) = kind { return b }
        return nil
    }

    /// The value of member `key` of an object.
    subscript(key: String) -> JSONValue? {
        // The last, as JSON readers keep it and as the merge keeps a repeated key (an error of
        // its own): every reader of a file then sees the same value.
        members?.last { $0.key == key }?.value
    }

    /// A short name of the value's JSON type, for messages.
    var typeName: String {
        switch kind {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}
