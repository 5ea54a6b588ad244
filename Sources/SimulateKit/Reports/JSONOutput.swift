/// A JSON document built in order and printed deterministically (keys in insertion order,
/// two-space indent), so the same input gives byte-identical output.
indirect enum JSONOutput {
    case null
    case bool(Bool)
    case number(Double)
    case int(Int)
    /// A whole number past what a double holds exactly, such as a seed.
    case unsigned(UInt64)
    case string(String)
    case array([JSONOutput])
    case object([(String, JSONOutput)])

    /// The document as pretty-printed text, with a final newline.
    func rendered() -> String {
        var out = ""
        write(to: &out, indent: "")
        return out + "\n"
    }

    private func write(to out: inout String, indent: String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .unsigned(let n): out += String(n)
        case .number(let x):
            if !x.isFinite { out += "null" } else if x == x.rounded() && abs(x) < 1e15 { out += String(Int64(x)) } else { out += "\(x)" }
        case .string(let s): Self.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            if items.allSatisfy(\.isScalar) && items.count <= 8 {
                out += "["
                for (k, item) in items.enumerated() {
                    if k > 0 { out += ", " }
                    item.write(to: &out, indent: indent)
                }
                out += "]"
                return
            }
            let inner = indent + "  "
            out += "[\n"
            for (k, item) in items.enumerated() {
                out += inner
                item.write(to: &out, indent: inner)
                out += k + 1 < items.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            let inner = indent + "  "
            out += "{\n"
            for (k, (key, value)) in members.enumerated() {
                out += inner
                Self.quote(key, into: &out)
                out += ": "
                value.write(to: &out, indent: inner)
                out += k + 1 < members.count ? ",\n" : "\n"
            }
            out += indent + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
