/// 64-bit FNV-1a hash (Fowler, Noll & Vo): tiny, stable across platforms and releases (unlike
/// `Hasher`, which is seeded per process), good enough for resume keys and fingerprints.
enum FNV1a {
    static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return h
    }

    /// The hash as 16 lower-case hex digits.
    static func hex(_ text: String) -> String {
        let s = String(hash(text), radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
