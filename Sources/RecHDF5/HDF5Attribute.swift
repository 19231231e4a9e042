/// The value of an HDF5 attribute as RecHDF5 stores it: 64-bit integers, doubles or UTF-8 strings,
/// either scalar (`H5S_SCALAR`, what h5py writes for `attrs["rows"] = 943`) or a 1-D array.
///
/// Reading maps any stored integer type to `integer(s)`, any float type to `real(s)`, and any string
/// type to `string(s)`; a stored array of rank above 1 is flattened.
public enum HDF5AttributePayload: Equatable, Sendable {
    /// A scalar `int64`.
    case integer(Int64)
    /// A scalar `float64`.
    case real(Double)
    /// A scalar variable-length UTF-8 string.
    case string(String)
    /// A 1-D `int64` array (for example a matrix shape).
    case integers([Int64])
    /// A 1-D `float64` array.
    case reals([Double])
    /// A 1-D string array.
    case strings([String])

    /// A short name for error messages (`int64`, `float64[3]`).
    var typeDescription: String {
        switch self {
        case .integer: "int64"
        case .real: "float64"
        case .string: "string"
        case .integers(let v): "int64[\(v.count)]"
        case .reals(let v): "float64[\(v.count)]"
        case .strings(let v): "string[\(v.count)]"
        }
    }
}

/// A Swift value that can be stored as an HDF5 attribute: `Int64`, `Int`, `Double`, `String` and
/// arrays `[Int64]`, `[Int]`, `[Double]`, `[String]`.
///
/// ```swift
/// try group.setAttribute("rows", Int64(943))
/// try group.setAttribute("shape", [Int64(943), 1682], onDataset: "scores")
/// let rows: Int64? = try group.attribute("rows")
/// ```
///
/// Reading is forgiving where no information is lost: a scalar attribute reads as a one-element
/// array and a one-element array as a scalar; an integer attribute reads as `Double`.
public protocol HDF5AttributeValue: Sendable {
    /// This value as stored; public only so that the generic `setAttribute` can reach it.
    var _hdf5AttributePayload: HDF5AttributePayload { get }
    /// Rebuilds a value from what was stored, or nil when the stored kind does not fit this type.
    init?(_hdf5AttributePayload payload: HDF5AttributePayload)
}

extension Int64: HDF5AttributeValue {
    /// A scalar `int64`.
    public var _hdf5AttributePayload: HDF5AttributePayload { .integer(self) }
    /// From a scalar or one-element integer attribute.
    public init?(_hdf5AttributePayload payload: HDF5AttributePayload) {
        switch payload {
        case .integer(let v): self = v
        case .integers(let v) where v.count == 1: self = v[0]
        default: return nil
        }
    }
}

extension Int: HDF5AttributeValue {
    /// A scalar `int64`.
    public var _hdf5AttributePayload: HDF5AttributePayload { .integer(Int64(self)) }
    /// From a scalar or one-element integer attribute.
    public init?(_hdf5AttributePayload payload: HDF5AttributePayload) {
        guard let v = Int64(_hdf5AttributePayload: payload), let i = Int(exactly: v) else { return nil }
        self = i
    }
}

extension Double: HDF5AttributeValue {
    /// A scalar `float64`.
    public var _hdf5AttributePayload: HDF5AttributePayload { .real(self) }
    /// From a scalar or one-element float or integer attribute.
    public init?(_hdf5AttributePayload payload: HDF5AttributePayload) {
        switch payload {
        case .real(let v): self = v
        case .reals(let v) where v.count == 1: self = v[0]
        case .integer(let v): self = Double(v)
        case .integers(let v) where v.count == 1: self = Double(v[0])
        default: return nil
        }
    }
}

extension String: HDF5AttributeValue {
    /// A scalar variable-length UTF-8 string.
    public var _hdf5AttributePayload: HDF5AttributePayload { .string(self) }
    /// From a scalar or one-element string attribute.
    public init?(_hdf5AttributePayload payload: HDF5AttributePayload) {
        switch payload {
        case .string(let v): self = v
        case .strings(let v) where v.count == 1: self = v[0]
        default: return nil
        }
    }
}

extension Array: HDF5AttributeValue where Element: HDF5AttributeArrayElement {
    /// A 1-D array attribute.
    public var _hdf5AttributePayload: HDF5AttributePayload { Element._hdf5ArrayPayload(self) }
    /// From an array attribute, or a scalar one as a one-element array.
    public init?(_hdf5AttributePayload payload: HDF5AttributePayload) {
        guard let values = Element._hdf5ArrayElements(payload) else { return nil }
        self = values
    }
}

/// Element types of array attributes: `Int64`, `Int`, `Double`, `String`.
public protocol HDF5AttributeArrayElement: HDF5AttributeValue {
    /// Wraps an array of this element type; public only for the `Array` conformance.
    static func _hdf5ArrayPayload(_ values: [Self]) -> HDF5AttributePayload
    /// Unwraps an array (or scalar) payload of this element type; public only for the `Array` conformance.
    static func _hdf5ArrayElements(_ payload: HDF5AttributePayload) -> [Self]?
}

extension Int64: HDF5AttributeArrayElement {
    /// `int64[n]`.
    public static func _hdf5ArrayPayload(_ values: [Int64]) -> HDF5AttributePayload { .integers(values) }
    /// From `int64[n]` or a scalar integer.
    public static func _hdf5ArrayElements(_ payload: HDF5AttributePayload) -> [Int64]? {
        switch payload {
        case .integers(let v): v
        case .integer(let v): [v]
        default: nil
        }
    }
}

extension Int: HDF5AttributeArrayElement {
    /// `int64[n]`.
    public static func _hdf5ArrayPayload(_ values: [Int]) -> HDF5AttributePayload { .integers(values.map { Int64($0) }) }
    /// From `int64[n]` or a scalar integer.
    public static func _hdf5ArrayElements(_ payload: HDF5AttributePayload) -> [Int]? {
        Int64._hdf5ArrayElements(payload).map { $0.map { Int($0) } }
    }
}

extension Double: HDF5AttributeArrayElement {
    /// `float64[n]`.
    public static func _hdf5ArrayPayload(_ values: [Double]) -> HDF5AttributePayload { .reals(values) }
    /// From `float64[n]`, `int64[n]` or a scalar number.
    public static func _hdf5ArrayElements(_ payload: HDF5AttributePayload) -> [Double]? {
        switch payload {
        case .reals(let v): v
        case .real(let v): [v]
        case .integers(let v): v.map { Double($0) }
        case .integer(let v): [Double(v)]
        default: nil
        }
    }
}

extension String: HDF5AttributeArrayElement {
    /// `string[n]`.
    public static func _hdf5ArrayPayload(_ values: [String]) -> HDF5AttributePayload { .strings(values) }
    /// From `string[n]` or a scalar string.
    public static func _hdf5ArrayElements(_ payload: HDF5AttributePayload) -> [String]? {
        switch payload {
        case .strings(let v): v
        case .string(let v): [v]
        default: nil
        }
    }
}
