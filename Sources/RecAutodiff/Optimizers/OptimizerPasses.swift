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
        if slot.position.count != n { slot.position = [Int32](repeating: -1, count: n) }
        slot.rows.removeAll(keepingCapacity: true)
        slot.rowGradients.removeAll(keepingCapacity: true)
        rowGradient.values.withUnsafeBufferPointer { v in
            for (k, id) in rowGradient.indices.enumerated() {
                let r = Int(id)
                precondition(r >= 0 && r < n, "embedding id \(r) outside 0..<\(n)")
                let p = Int(slot.position[r])
                if p >= 0 {
                    slot.rowGradients.withUnsafeMutableBufferPointer { acc in
                        for c in 0..<d { acc[p * d + c] += v[k * d + c] }
                    }
                } else {
                    slot.position[r] = Int32(slot.rows.count)
                    slot.rows.append(id)
                    slot.rowGradients.append(contentsOf: v[(k * d)..<((k + 1) * d)])
                }
            }
        }
        for id in slot.rows { slot.position[Int(id)] = -1 }
        squaredNorm += sumOfSquares(slot.rowGradients)
    }
}

/// Second pass: clips, adds weight decay and applies the rule, densely or to the touched rows.
struct RuleApplier<Rule: UpdateRule>: ParameterVisitor {
    let core: OptimizerCore
    let rule: Rule
    let scale: Float
    let weightDecay: Float
    var index = 0
    /// Scratch for the effective gradient of one run (reused, grows to the largest parameter).
    var effective: [Float] = []

    mutating func visit(_ parameter: inout Tensor, gradient: Tensor) {
        let slot = core.slots[index]; index += 1
        if slot.skip { return }
        gradient.scalars.withUnsafeBufferPointer { g in
            parameter.scalars.withUnsafeMutableBufferPointer { w in
                apply(w.baseAddress!, g.baseAddress!, slot, offset: 0, count: w.count)
            }
        }
    }

    mutating func visit(_ table: inout Tensor, rowGradient: EmbeddingGradient) {
        let slot = core.slots[index]; index += 1
        if slot.skip { return }
        let d = table.cols
        let rows = slot.rows, grads = slot.rowGradients
        grads.withUnsafeBufferPointer { g in
            table.scalars.withUnsafeMutableBufferPointer { w in
                for (k, id) in rows.enumerated() {
                    let off = Int(id) * d
                    apply(w.baseAddress! + off, g.baseAddress! + k * d, slot, offset: off, count: d)
                }
            }
        }
    }

    /// g_eff = scale · g + λ · w, then the rule on `count` values at `offset` of the state.
    mutating func apply(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ slot: ParameterSlot,
                        offset: Int, count: Int) {
        if effective.count < count { effective = [Float](repeating: 0, count: count) }
        let (scale, decay, rule) = (self.scale, weightDecay, self.rule)
        effective.withUnsafeMutableBufferPointer { e in
            for i in 0..<count { e[i] = scale * g[i] + decay * w[i] }
            slot.state0.withUnsafeMutableBufferPointer { s0 in
                slot.state1.withUnsafeMutableBufferPointer { s1 in
                    // Unused state buffers are empty: point them at the gradient scratch, which the
                    // rules never read through an unused state pointer.
                    let p0 = s0.isEmpty ? e.baseAddress! : s0.baseAddress! + offset
                    let p1 = s1.isEmpty ? e.baseAddress! : s1.baseAddress! + offset
                    rule.apply(weights: w, gradients: UnsafePointer(e.baseAddress!), state0: p0, state1: p1, count: count)
                }
            }
        }
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
