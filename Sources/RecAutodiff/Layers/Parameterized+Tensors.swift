/// Reads every parameter tensor, in visiting order.
struct ParameterReader: ParameterVisitor {
    var tensors: [Tensor] = []
    mutating func visit(_ parameter: inout Tensor, gradient: Tensor) { tensors.append(parameter) }
    mutating func visit(_ table: inout Tensor, rowGradient: EmbeddingGradient) { tensors.append(table) }
}

/// Replaces every parameter tensor, in visiting order, by one of the same shape.
struct ParameterWriter: ParameterVisitor {
    let tensors: [Tensor]
    var index = 0
    var mismatch: String?

    mutating func visit(_ parameter: inout Tensor, gradient: Tensor) { assign(&parameter) }
    mutating func visit(_ table: inout Tensor, rowGradient: EmbeddingGradient) { assign(&table) }

    private mutating func assign(_ parameter: inout Tensor) {
        defer { index += 1 }
        guard mismatch == nil else { return }
        guard index < tensors.count else { mismatch = "only \(tensors.count) tensors given"; return }
        guard tensors[index].hasShape(of: parameter) else {
            mismatch = "parameter \(index) is \(parameter.rows) × \(parameter.cols), given \(tensors[index].rows) × \(tensors[index].cols)"
            return
        }
        parameter = tensors[index]
    }
}

/// A parameter list that does not fit a model (wrong count or shape).
public struct ParameterShapeError: Error, CustomStringConvertible {
    public let description: String
}

extension Parameterized {
    /// Every parameter tensor in visiting order (embedding tables included): what a model saves.
    ///
    /// ```swift
    /// for (k, t) in net.parameterTensors.enumerated() { try group.write("p\(k)", matrix: DenseMatrix(t)) }
    /// ```
    public var parameterTensors: [Tensor] {
        var copy = self
        var reader = ParameterReader()
        copy.visitParameters(&reader, along: .zero)
        return reader.tensors
    }

    /// Number of trainable scalars (embedding tables counted in full).
    public var parameterCount: Int { parameterTensors.reduce(0) { $0 + $1.count } }

    /// Replaces the parameters by `tensors` (in visiting order, as `parameterTensors` gives them);
    /// throws when their number or shapes do not match, leaving the model unchanged.
    public mutating func loadParameterTensors(_ tensors: [Tensor]) throws {
        var copy = self
        var writer = ParameterWriter(tensors: tensors)
        copy.visitParameters(&writer, along: .zero)
        if let mismatch = writer.mismatch { throw ParameterShapeError(description: mismatch) }
        if writer.index != tensors.count {
            throw ParameterShapeError(description: "model has \(writer.index) parameter tensors, given \(tensors.count)")
        }
        self = copy
    }
}
