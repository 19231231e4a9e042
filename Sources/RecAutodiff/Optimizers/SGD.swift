/// Stochastic gradient descent with optional (Nesterov) momentum, in PyTorch's form:
/// `v ← μ v + g`, `w ← w − η v` (Nesterov: `w ← w − η (g + μ v)`); plain `w ← w − η g` when μ = 0.
/// With weight decay and global-norm clipping as described on `Optimizer`.
///
/// ```swift
/// let sgd = SGD<Net>(learningRate: 0.1, momentum: 0.9)
/// sgd.update(&net, along: gradient)
/// ```
public final class SGD<Model: Parameterized>: Optimizer {
    public var learningRate: Float
    /// Momentum μ (0: none). Fixed at creation: it decides whether a velocity buffer exists.
    public let momentum: Float
    /// Nesterov's accelerated gradient (Sutskever et al., 2013).
    public let nesterov: Bool
    let core: OptimizerCore

    public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false,
                weightDecay: Float = 0, clipNorm: Float? = nil) {
        precondition(learningRate > 0 && momentum >= 0 && momentum < 1, "SGD: learning rate > 0, momentum in [0, 1)")
        self.learningRate = learningRate; self.momentum = momentum; self.nesterov = nesterov
        core = OptimizerCore(clipNorm: clipNorm, weightDecay: weightDecay)
    }

    /// L2 weight decay λ.
    public var weightDecay: Float { get { core.weightDecay } set { core.weightDecay = newValue } }
    /// Global-norm clipping threshold.
    public var clipNorm: Float? { get { core.clipNorm } set { core.clipNorm = newValue } }
    /// Updates done so far.
    public var step: Int { core.step }
    /// The global gradient norm seen by the last update (before clipping).
    public var lastGradientNorm: Float { core.lastGradientNorm }

    public func update(_ model: inout Model, along direction: Model.TangentVector) {
        core.update(&model, along: direction, rule: Rule(lr: learningRate, mu: momentum, nesterov: nesterov))
    }

    struct Rule: UpdateRule {
        let lr: Float, mu: Float, nesterov: Bool
        var stateCount: Int { mu == 0 ? 0 : 1 }

        func apply(weights w: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, scale: Float, decay: Float,
                   state0 v: UnsafeMutablePointer<Float>, state1: UnsafeMutablePointer<Float>, count: Int) {
            if mu == 0 {
                for i in 0..<count { w[i] -= lr * (scale * g[i] + decay * w[i]) }
            } else if nesterov {
                for i in 0..<count {
                    let gi = scale * g[i] + decay * w[i]
                    v[i] = mu * v[i] + gi; w[i] -= lr * (gi + mu * v[i])
                }
            } else {
                for i in 0..<count {
                    let gi = scale * g[i] + decay * w[i]
                    v[i] = mu * v[i] + gi; w[i] -= lr * v[i]
                }
            }
        }
    }
}
