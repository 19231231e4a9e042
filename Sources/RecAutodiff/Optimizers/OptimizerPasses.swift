/// First pass of an optimiser step: sums repeated embedding rows into each slot's scratch and
/// accumulates the squared global gradient norm (in `Double`).
struct GradientGatherer: ParameterVisitor {
    let core: OptimizerCore
    let stateCount: Int
    var index = 0
    var squaredNorm: Double = 0

    mutating func nextSlot(for parameter: Tensor) -> ParameterSlot {
        defer { index += 1 }
        if index == core.slots.count {
            core.slots.append(ParameterSlot(parameterCount: parameter.count, stateCount: stateCount))
        }
        let slot = core.slots[index]
        precondition(slot.parameterCount == parameter.count,
                     "optimiser: parameter \(index) has \(parameter.count) values, its state \(slot.parameterCount); one optimiser per model")
        return slot
    }

    mutating func visit(_ parameter: inout Tensor, gradient: Tensor) {
        let slot = nextSlot(for: parameter)
        slot.skip = gradient.isEmpty
        if slot.skip { return }
        precondition(gradient.hasShape(of: parameter), "optimiser: gradient \(gradient) for parameter \(parameter)")
        squaredNorm += sumOfSquares(gradient.scalars)
    }

    mutating func visit(_ table: inout Tensor, rowGradient: EmbeddingGradient) {
        let slot = nextSlot(for: table)
        slot.skip = rowGradient.isEmpty
        if slot.skip { return }
        let d = table.cols, n = table.rows
        precondition(rowGradient.dimension == d, "optimiser: row gradient width \(rowGradient.dimension) for table \(table)")
        // Work on local arrays (moved out of the slot, so no copies and no exclusivity checks per id).
        var position = slot.position, rows = slot.rows, sums = slot.rowGradients
        slot.position = []; slot.rows = []; slot.rowGradients = []
        if position.count != n { position = [Int32](repeating: -1, count: n) }
        let ids = rowGradient.indices
        rows.removeAll(keepingCapacity: true)
        sums.removeAll(keepingCapacity: true)
        sums.reserveCapacity(ids.count * d)
        rowGradient.values.withUnsafeBufferPointer { v in
            position.withUnsafeMutableBufferPointer { pos in
                for (k, id) in ids.enumerated() {
                    let r = Int(id)
                    precondition(r >= 0 && r < n, "embedding id \(r) outside 0..<\(n)")
                    let src = v.baseAddress! + k * d
                    let p = Int(pos[r])
                    if p >= 0 {
                        sums.withUnsafeMutableBufferPointer { acc in
                            let dst = acc.baseAddress! + p * d
                            for c in 0..<d { dst[c] += src[c] }
                        }
                    } else {
                        pos[r] = Int32(rows.count)
                        rows.append(id)
                        sums.append(contentsOf: UnsafeBufferPointer(start: src, count: d))
                    }
                }
                for id in rows { pos[Int(id)] = -1 }
            }
        }
        squaredNorm += sumOfSquares(sums)
        slot.position = position; slot.rows = rows; slot.rowGradients = sums
    }
}

/// Second pass: applies the rule (with clipping scale and weight decay) densely, or to the
/// touched rows of an embedding table.
struct RuleApplier<Rule: UpdateRule>: ParameterVisitor {
    let core: OptimizerCore
    let rule: Rule
    let scale: Float
    let weightDecay: Float
    var index = 0

    mutating func visit(_ parameter: inout Tensor, gradient: Tensor) {
        let slot = core.slots[index]; index += 1
        if slot.skip { return }
        let (rule, scale, decay) = (self.rule, self.scale, weightDecay)
        withState(slot) { state, scratch in
            gradient.scalars.withUnsafeBufferPointer { g in
                parameter.scalars.withUnsafeMutableBufferPointer { w in
                    let n = w.count
                    rule.apply(weights: w.baseAddress!, gradients: g.baseAddress!, scale: scale, decay: decay,
                               state0: slot.stateCount > 0 ? state : scratch,
                               state1: slot.stateCount > 1 ? state + n : scratch, count: n)
                }
            }
        }
    }

    mutating func visit(_ table: inout Tensor, rowGradient: EmbeddingGradient) {
        let slot = core.slots[index]; index += 1
        if slot.skip { return }
        let d = table.cols, k = slot.stateCount
        let rows = slot.rows, grads = slot.rowGradients
        let (rule, scale, decay) = (self.rule, self.scale, weightDecay)
        withState(slot) { state, scratch in
            grads.withUnsafeBufferPointer { g in
                table.scalars.withUnsafeMutableBufferPointer { w in
                    for (j, id) in rows.enumerated() {
                        let r = Int(id)
                        let s = state + r * d * k
                        rule.apply(weights: w.baseAddress! + r * d, gradients: g.baseAddress! + j * d, scale: scale, decay: decay,
                                   state0: k > 0 ? s : scratch, state1: k > 1 ? s + d : scratch, count: d)
                    }
                }
            }
        }
    }

    /// A pointer to the slot's state (moved out of the slot meanwhile, so no copy and no
    /// exclusivity check per row) and one to a scratch float for unused state.
    private func withState(_ slot: ParameterSlot, _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) {
        var state = slot.state
        slot.state = []
        var scratch: Float = 0
        state.withUnsafeMutableBufferPointer { p in
            withUnsafeMutablePointer(to: &scratch) { sp in body(p.baseAddress ?? sp, sp) }
        }
        slot.state = state
    }
}

/// Σ x² accumulated in `Double`.
func sumOfSquares(_ x: [Float]) -> Double {
    x.withUnsafeBufferPointer { p in
        var lanes = SIMD4<Double>()
        let n4 = p.count / 4 * 4
        var i = 0
        while i < n4 {
            let v = SIMD4<Double>(Double(p[i]), Double(p[i + 1]), Double(p[i + 2]), Double(p[i + 3]))
            lanes += v * v
            i += 4
        }
        var s = lanes.sum()
        while i < p.count { s += Double(p[i]) * Double(p[i]); i += 1 }
        return s
    }
}
