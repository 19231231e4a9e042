import _Differentiation

/// Concatenates tensors with the same number of rows along the features (columns):
/// the input of a recommender MLP, `concatFeatures([userVector, itemVector, profile])`.
@differentiable(reverse)
public func concatFeatures(_ parts: [Tensor]) -> Tensor {
    precondition(!parts.isEmpty, "concatFeatures: no tensors")
    let rows = parts[0].rows
    precondition(parts.allSatisfy { $0.rows == rows }, "concatFeatures: row counts differ \(parts)")
    let width = parts.reduce(0) { $0 + $1.cols }
    return Tensor(rows: rows, cols: width) { out in
        var offset = 0
        for p in parts {
            p.scalars.withUnsafeBufferPointer { src in
                for r in 0..<rows {
                    (out.baseAddress! + r * width + offset).initialize(from: src.baseAddress! + r * p.cols, count: p.cols)
                }
            }
            offset += p.cols
        }
    }
}

/// The adjoint of a concatenation slices the upstream gradient back into the parts' column blocks.
@usableFromInline @derivative(of: concatFeatures)
func _vjpConcatFeatures(_ parts: [Tensor]) -> (value: Tensor, pullback: (Tensor) -> [Tensor].TangentVector) {
    let widths = parts.map(\.cols)
    return (concatFeatures(parts), { g in
        if g.isEmpty { return .init(widths.map { _ in .zero }) }
        var offset = 0
        var grads: [Tensor] = []
        grads.reserveCapacity(widths.count)
        for w in widths {
            grads.append(Tensor(rows: g.rows, cols: w) { out in
                g.scalars.withUnsafeBufferPointer { src in
                    for r in 0..<g.rows {
                        (out.baseAddress! + r * w).initialize(from: src.baseAddress! + r * g.cols + offset, count: w)
                    }
                }
            })
            offset += w
        }
        return .init(grads)
    })
}

/// Two-part concatenation along the features, `[a | b]`.
@differentiable(reverse)
public func concatFeatures(_ a: Tensor, _ b: Tensor) -> Tensor { concatFeatures([a, b]) }

/// Three-part concatenation along the features, `[a | b | c]`.
@differentiable(reverse)
public func concatFeatures(_ a: Tensor, _ b: Tensor, _ c: Tensor) -> Tensor { concatFeatures([a, b, c]) }
