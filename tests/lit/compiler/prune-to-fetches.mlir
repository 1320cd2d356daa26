// RUN: kiln-opt --split-input-file --kiln-prune-to-fetches %s | FileCheck %s

// Tests that ops no fetch needs go, stateful ones included, while what the
// fetch reaches through data and control edges stays.
// CHECK-LABEL: func.func @mlp
// CHECK-NOT: "kiln.Tanh"
// CHECK-NOT: "kiln.AssignVariableOp"
// CHECK: "kiln.NoOp"
// CHECK: "kiln.MatMul"
// CHECK: "kiln.Relu"
// CHECK-NOT: "kiln.Tanh"
// CHECK: return
func.func @mlp(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>, %v: tensor<!kiln.resource>) -> tensor<2x3xf32> {
  %unused:2 = "kiln.Tanh"(%x) : (tensor<2x4xf32>) -> (tensor<2x4xf32>, !kiln.control)
  %assign = "kiln.AssignVariableOp"(%v, %unused#0) {validate_shape = false} : (tensor<!kiln.resource>, tensor<2x4xf32>) -> !kiln.control
  %init = "kiln.NoOp"() : () -> !kiln.control
  %0:2 = "kiln.MatMul"(%x, %w, %init) {transpose_a = false, transpose_b = false} : (tensor<2x4xf32>, tensor<4x3xf32>, !kiln.control) -> (tensor<2x3xf32>, !kiln.control)
  %1:2 = "kiln.Relu"(%0#0) : (tensor<2x3xf32>) -> (tensor<2x3xf32>, !kiln.control)
  return %1#0 : tensor<2x3xf32>
}

// -----

// Tests that a target (a returned control token) keeps its op and inputs.
// CHECK-LABEL: func.func @train_step
// CHECK: "kiln.Mul"
// CHECK: "kiln.AssignVariableOp"
// CHECK-NOT: "kiln.Exp"
func.func @train_step(%x: tensor<4xf32>, %v: tensor<!kiln.resource>) -> !kiln.control {
  %e:2 = "kiln.Exp"(%x) : (tensor<4xf32>) -> (tensor<4xf32>, !kiln.control)
  %m:2 = "kiln.Mul"(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, !kiln.control)
  %a = "kiln.AssignVariableOp"(%v, %m#0) {validate_shape = false} : (tensor<!kiln.resource>, tensor<4xf32>) -> !kiln.control
  return %a : !kiln.control
}
