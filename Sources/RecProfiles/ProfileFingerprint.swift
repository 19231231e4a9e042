import Crypto
import Foundation
import RecData

/// Fingerprints that key stored profiles: what configuration built them, from which training data.
///
/// ```swift
/// ProfileFingerprint.config(.defaults(for: .users))   // 16 hex digits
/// ProfileFingerprint.training(split.train)            // 16 hex digits
/// ```
public enum ProfileFingerprint {
    /// Format version folded into every fingerprint; bump when feature definitions change.
    public static let version = 1

    /// SHA-256 (first 16 hex digits) of the configuration's JSON with sorted keys.
    public static func config(_ config: ProfileConfig) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("reclab-profile-config-v\(version)\n".utf8))
        hasher.update(data: canonicalJSON(config))
        return hex(hasher.finalize())
    }

    /// SHA-256 (first 16 hex digits) of the training interactions' columns, byte for byte: a split
    /// fingerprint restricted to what profiles may depend on.
    public static func training(_ table: InteractionTable) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("reclab-profile-training-v\(version):\(table.count):\(table.ratings != nil):\(table.timestamps != nil)\n".utf8))
        table.users.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        table.items.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        table.ratings?.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        table.timestamps?.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hex(hasher.finalize())
    }

    /// The configuration as JSON with sorted keys (stored with profiles and hashed by `config`).
    static func canonicalJSON<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain Codable value types cannot fail.
        return (try? encoder.encode(value)) ?? Data()
    }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
