/// Splits a line into fields on a one- or multi-byte delimiter (`\t`, `,`, `|`, `::`).
///
/// ```swift
/// let splitter = FieldSplitter("::")
/// splitter.split(line, into: &fields)   // "1::1193::5" → ["1", "1193", "5"]
/// ```
struct FieldSplitter: Sendable {
    /// The delimiter as UTF-8 bytes (never empty).
    let delimiter: [UInt8]

    /// A splitter on `delimiter`; an empty delimiter is an `invalidOption`.
    init(_ delimiter: String) throws {
        guard !delimiter.isEmpty else {
            throw DataError.invalidOption(name: "delimiter", detail: "must not be empty (use \"\\t\" for tabs)")
        }
        self.delimiter = Array(delimiter.utf8)
    }

    /// Replaces `fields` with the fields of `line`; a line without delimiter is one field.
    func split(_ line: ArraySlice<UInt8>, into fields: inout [ArraySlice<UInt8>]) {
        fields.removeAll(keepingCapacity: true)
        var start = line.startIndex
        let end = line.endIndex
        if delimiter.count == 1 {
            let d = delimiter[0]
            var k = start
            while k < end {
                if line[k] == d { fields.append(line[start..<k]); start = k + 1 }
                k += 1
            }
        } else {
            let m = delimiter.count
            let d0 = delimiter[0]
            var k = start
            while k + m <= end {
                if line[k] == d0 && line[k..<(k + m)].elementsEqual(delimiter) {
                    fields.append(line[start..<k]); start = k + m; k = start
                } else {
                    k += 1
                }
            }
        }
        fields.append(line[start..<end])
    }
}

/// Byte-level helpers for fields: trimming and number parsing without building a `String` first.
enum FieldParsing {
    /// The field without leading and trailing ASCII spaces and tabs.
    @inline(__always)
    static func trimmed(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lo = field.startIndex, hi = field.endIndex
        while lo < hi && (field[lo] == 0x20 || field[lo] == 0x09) { lo += 1 }
        while hi > lo && (field[hi - 1] == 0x20 || field[hi - 1] == 0x09) { hi -= 1 }
        return field[lo..<hi]
    }

    /// A decimal integer (`-12`, `881250949`), or nil if the field is anything else.
    static func int64(_ field: ArraySlice<UInt8>) -> Int64? {
        let s = trimmed(field)
        var k = s.startIndex
        guard k < s.endIndex else { return nil }
        var negative = false
        if s[k] == 0x2D || s[k] == 0x2B { negative = s[k] == 0x2D; k += 1 }
        guard k < s.endIndex, s.endIndex - k <= 18 else { return nil }
        var value: Int64 = 0
        while k < s.endIndex {
            let digit = s[k] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
            k += 1
        }
        return negative ? -value : value
    }

    /// Powers of ten that a `Double` holds exactly, so one division rounds correctly.
    private static let exactPowersOfTen: [Double] = (0...22).map { p in
        var x = 1.0
        for _ in 0..<p { x *= 10 }
        return x
    }

    /// A floating-point number. Plain decimals (`3`, `-0.25`, `881250949.0`) are parsed from the
    /// bytes directly; exponents, `nan` and `inf` fall back to the standard library parser.
    static func double(_ field: ArraySlice<UInt8>) -> Double? {
        let s = trimmed(field)
        var k = s.startIndex
        guard k < s.endIndex else { return nil }
        var negative = false
        if s[k] == 0x2D || s[k] == 0x2B { negative = s[k] == 0x2D; k += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, fractionDigits = 0
        var seenPoint = false
        var simple = k < s.endIndex
        while k < s.endIndex {
            let byte = s[k]
            if byte == 0x2E && !seenPoint {
                seenPoint = true
            } else if byte &- 0x30 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(byte &- 0x30)
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else {
                simple = false
                break
            }
            k += 1
        }
        if simple && digits > 0 && digits <= 15 && fractionDigits <= 22 {
            let value = Double(mantissa) / exactPowersOfTen[fractionDigits]
            return negative ? -value : value
        }
        return Double(String(decoding: s, as: UTF8.self))
    }
}
