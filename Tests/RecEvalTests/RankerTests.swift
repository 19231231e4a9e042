import Testing
@testable import RecEval
