import CHDF5

/// The element types RecHDF5 stores in numeric datasets, and how HDF5 names them.
///
/// Files always hold little-endian standard types (`H5T_STD_I32LE`, `H5T_IEEE_F32LE`, ...), so a
/// file written here reads the same on any machine and in h5py (`int32`, `float32`, ...).
public enum HDF5ScalarKind: String, Sendable, CaseIterable {
    /// 32-bit signed integer (`int32`, `H5T_STD_I32LE`).
    case int32
    /// 64-bit signed integer (`int64`, `H5T_STD_I64LE`).
    case int64
    /// IEEE single precision (`float32`, `H5T_IEEE_F32LE`).
    case float32
    /// IEEE double precision (`float64`, `H5T_IEEE_F64LE`).
    case float64
    /// 8-bit unsigned integer (`uint8`, `H5T_STD_U8LE`).
    case uint8

    /// The in-memory type handed to `H5Dwrite`/`H5Dread`.
    var memoryType: hid_t {
        switch self {
        case .int32: reclab_h5t_native_int32()
        case .int64: reclab_h5t_native_int64()
        case .float32: reclab_h5t_native_float()
        case .float64: reclab_h5t_native_double()
        case .uint8: reclab_h5t_native_uint8()
        }
    }

    /// The on-disk type datasets are created with.
    var fileType: hid_t {
        switch self {
        case .int32: reclab_h5t_std_i32le()
        case .int64: reclab_h5t_std_i64le()
        case .float32: reclab_h5t_ieee_f32le()
        case .float64: reclab_h5t_ieee_f64le()
        case .uint8: reclab_h5t_std_u8le()
        }
    }

    /// Size of one element in bytes.
    var byteSize: Int {
        switch self {
        case .uint8: 1
        case .int32, .float32: 4
        case .int64, .float64: 8
        }
    }

    /// Whether a dataset stored as `stored` can be read as this kind without loss, letting HDF5 convert.
    ///
    /// Allowed: the same type in any byte order; integer widening (`int32` to `int64`, `uint8` to
    /// `int32`); integers of at most 16 bits to `float32` and at most 32 bits to `float64`; `float32`
    /// to `float64`. Everything else (narrowing, float to integer, strings) is a type mismatch.
    /// Call under the lock.
    func canRead(stored: hid_t) -> Bool {
        let size = H5Tget_size(stored)
        switch H5Tget_class(stored) {
        case H5T_INTEGER:
            let signed = H5Tget_sign(stored) != H5T_SGN_NONE
            switch self {
            case .uint8: return !signed && size == 1
            case .int32: return size < 4 || (size == 4 && signed)
            case .int64: return size < 8 || (size == 8 && signed)
            case .float32: return size <= 2
            case .float64: return size <= 4
            }
        case H5T_FLOAT:
            switch self {
            case .float32: return size == 4
            case .float64: return size == 4 || size == 8
            default: return false
            }
        default:
            return false
        }
    }
}

/// A Swift number type that RecHDF5 reads and writes as dataset elements: `Int32`, `Int64`, `Float`,
/// `Double` and `UInt8`.
///
/// ```swift
/// try group.write("item", [Int32](0..<10))
/// let items: [Int32] = try group.read("item")
/// ```
public protocol HDF5Scalar: BitwiseCopyable, Sendable {
    /// The HDF5 element type this Swift type maps to.
    static var hdf5Kind: HDF5ScalarKind { get }
}

extension Int32: HDF5Scalar {
    /// `int32`.
    public static var hdf5Kind: HDF5ScalarKind { .int32 }
}

extension Int64: HDF5Scalar {
    /// `int64`.
    public static var hdf5Kind: HDF5ScalarKind { .int64 }
}

extension Float: HDF5Scalar {
    /// `float32`.
    public static var hdf5Kind: HDF5ScalarKind { .float32 }
}

extension Double: HDF5Scalar {
    /// `float64`.
    public static var hdf5Kind: HDF5ScalarKind { .float64 }
}

extension UInt8: HDF5Scalar {
    /// `uint8`.
    public static var hdf5Kind: HDF5ScalarKind { .uint8 }
}
