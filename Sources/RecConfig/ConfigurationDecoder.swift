/// The `Decoder` behind `Configuration.decode(_:)`. A configuration's synthesised `init(from:)` asks
/// it for each stored property by coding key; it answers with the matching part of the default
/// instance (`template`), so a `Param` learns its declaration from there and its value from the
/// flat resolved `values` (keyed by spec name), and a nested group is decoded over the same values.
final class ConfigurationDecoder: Decoder {
    let template: Any
    /// The spec key when `template` is one `Param`.
    let name: String?
    let values: [String: ParamValue]
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(template: Any, name: String?, values: [String: ParamValue]) {
        self.template = template; self.name = name; self.values = values
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Container<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw ConfigurationError.unsupportedDecoder("list")
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw ConfigurationError.unsupportedDecoder("value")
    }

    /// The decoder for the property with coding key `key`.
    func child(_ key: String) throws -> ConfigurationDecoder {
        guard let part = Reflection.child(of: template, key: key) else {
            throw ConfigurationError.unsupportedDecoder("property '\(key)'")
        }
        let name = (part as? any AnyParam).map { $0.explicitName ?? SpecName.snakeCase(key) }
        return ConfigurationDecoder(template: part, name: name, values: values)
    }

    struct Container<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: ConfigurationDecoder
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }
        func contains(_ key: Key) -> Bool { Reflection.child(of: decoder.template, key: key.stringValue) != nil }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try T(from: decoder.child(key.stringValue))
        }

        private func plain(_ key: Key) -> any Error {
            ConfigurationError.unsupportedDecoder("plain property '\(key.stringValue)' (declare it with @Param)")
        }
        func decodeNil(forKey key: Key) throws -> Bool { false }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { throw plain(key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { throw plain(key) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { throw plain(key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw plain(key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { throw plain(key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { throw plain(key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { throw plain(key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { throw plain(key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { throw plain(key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { throw plain(key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { throw plain(key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { throw plain(key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { throw plain(key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { throw plain(key) }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw plain(key)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw plain(key) }
        func superDecoder() throws -> any Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> any Decoder { try decoder.child(key.stringValue) }
    }
}
