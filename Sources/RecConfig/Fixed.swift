/// A stored property of a configuration that is not a parameter: specs cannot set it, it is not
/// listed in `parameters` or `values`, and decoding keeps the default instance's value. For settings
/// fixed by code, such as the comment prefix a test fixture's delimited file uses.
///
/// ```swift
/// struct LayoutConfig: Configuration {
///     @Param(doc: "field separator") var delimiter = ","
///     @Fixed var commentPrefix: String? = nil
///     init() {}
/// }
/// ```
@propertyWrapper
public struct Fixed<Value: Sendable & Equatable>: Sendable, Equatable {
    /// The value.
    public var wrappedValue: Value

    /// A setting with its value.
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
}

extension Fixed: Decodable {
    /// Decodes through `ConfigurationDecoder` only, as the default instance's value.
    public init(from decoder: any Decoder) throws {
        guard let slot = decoder as? ConfigurationDecoder, let template = slot.template as? Fixed<Value> else {
            throw ConfigurationError.unsupportedDecoder(String(describing: Value.self))
        }
        self = template
    }
}
