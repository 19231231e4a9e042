// RecAutodiff: reverse-mode automatic differentiation for RecLab's neural models, built on Swift's
// own differentiable programming. This is the one module that imports `_Differentiation`; it
// re-exports it, so `import RecAutodiff` is all a model file needs for `@differentiable`,
// `valueWithGradient(at:of:)` and `TangentVector`.
@_exported import _Differentiation
