import RecAutodiff
import RecHDF5

/// Writes and reads a network's parameter tensors in an HDF5 group: `parameters/p0 … p(n−1)` (each
/// `rows × cols`, uncompressed) and the count in the attribute `parameter_count`, in the network's
/// visiting order, so every neural model saves its weights the same way.
///
/// ```swift
/// try NetworkParameterStorage.write(net, to: group)
/// try NetworkParameterStorage.read(into: &fresh, from: group, model: "mlp")
/// ```
enum NetworkParameterStorage {
    /// Stores every parameter tensor of `network` under `group/parameters`.
    static func write<Net: Parameterized>(_ network: Net, to group: HDF5Group) throws {
        let parameters = try group.createGroup("parameters")
        let tensors = network.parameterTensors
        for (k, t) in tensors.enumerated() {
            try parameters.write("p\(k)", values: t.scalars, rows: t.rows, cols: t.cols, compression: 0)
        }
        try group.setAttribute("parameter_count", Int64(tensors.count))
    }

    /// Loads the tensors written by `write` into `network` (same architecture); a count or shape
    /// mismatch throws `ModelError.incompatibleSave` and leaves `network` unchanged.
    static func read<Net: Parameterized>(into network: inout Net, from group: HDF5Group, model: String) throws {
        let parameters = try group.openGroup("parameters")
        let count = Int(try group.attribute("parameter_count", as: Int64.self) ?? 0)
        var tensors: [Tensor] = []
        for k in 0..<count {
            let (values, rows, cols) = try parameters.read2D("p\(k)", as: Float.self)
            tensors.append(Tensor(rows: rows, cols: cols, scalars: values))
        }
        do { try network.loadParameterTensors(tensors) } catch {
            throw ModelError.incompatibleSave(model: model, detail: "\(error)")
        }
    }
}
