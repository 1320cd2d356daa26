// Not valid MLIR: kiln-dump reports the parser's first error in one line.
module {
  func.func @main() {
    "kiln.NoOp"() : () -> !kiln.control
    return
  }
  this is not mlir
}
