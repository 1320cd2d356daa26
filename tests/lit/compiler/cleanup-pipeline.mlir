// RUN: kiln-opt --split-input-file --kiln-cleanup %s | FileCheck %s

// Tests that the cleanup pipeline prunes what no fetch needs, merges
// identical pure ops (CSE) and refines shapes in one go.
// CHECK-LABEL: func.func @main
// CHECK-SAME: -> tensor<2x3xf32>
// CHECK: "kiln.MatMul"{{.*}} -> (tensor<2x3xf32>, !kiln.control)
// CHECK-COUNT-1: "kiln.Relu"
// CHECK-NOT: "kiln.Relu"
// CHECK-NOT: "kiln.Exp"
// CHECK: "kiln.AddV2"
func.func @main(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>) -> tensor<*xf32> {
  %dead:2 = "kiln.Exp"(%x) : (tensor<2x4xf32>) -> (tensor<2x4xf32>, !kiln.control)
  %0:2 = "kiln.MatMul"(%x, %w) {transpose_a = false, transpose_b = false} : (tensor<2x4xf32>, tensor<4x3xf32>) -> (tensor<*xf32>, !kiln.control)
  %1:2 = "kiln.Relu"(%0#0) : (tensor<*xf32>) -> (tensor<*xf32>, !kiln.control)
  %2:2 = "kiln.Relu"(%0#0) : (tensor<*xf32>) -> (tensor<*xf32>, !kiln.control)
  %3:2 = "kiln.AddV2"(%1#0, %2#0) : (tensor<*xf32>, tensor<*xf32>) -> (tensor<*xf32>, !kiln.control)
  return %3#0 : tensor<*xf32>
}
