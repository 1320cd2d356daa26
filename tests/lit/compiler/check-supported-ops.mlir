// RUN: not kiln-opt --split-input-file --kiln-check-supported-ops %s 2>&1 | FileCheck %s

// Tests that ops Kiln does not know are rejected by the compiler, with the
// name of the node that holds them.
// CHECK: error: loc("model/erf"): TensorFlow op 'Erf' is not supported by Kiln's compiler
func.func @main(%x: tensor<4xf32>) -> tensor<*xf32> {
  %0:2 = "kiln.opaque"(%x) {op_type = "Erf", attrs = {T = f32}, operandSegmentSizes = array<i32: 1, 0>} : (tensor<4xf32>) -> (tensor<*xf32>, !kiln.control) loc("model/erf")
  return %0#0 : tensor<*xf32>
}

// -----

// Tests that graphs of known ops pass unchanged.
// CHECK-LABEL: func.func @known
// CHECK: "kiln.Relu"
func.func @known(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0:2 = "kiln.Relu"(%x) : (tensor<4xf32>) -> (tensor<4xf32>, !kiln.control)
  return %0#0 : tensor<4xf32>
}
