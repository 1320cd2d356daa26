// RUN: kiln-opt --split-input-file --kiln-outline-fusions %s | FileCheck %s

// Tests that a kiln.fusion becomes a kernel function in @kiln_kernels and a
// kiln.launch of it that keeps the fusion's kiln.* attrs.
// CHECK-LABEL: func.func @graph
// CHECK: %[[R:.*]] = kiln.launch @kiln_kernels::@fusion_0(%arg0, %arg1) {kiln.result_dims = [-1, 10], kiln.split = [0, -1, 0]} : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
// CHECK: return %[[R]]
// CHECK: module @kiln_kernels
// CHECK: func.func @fusion_0(%[[A:.*]]: tensor<?x10xf32>, %[[B:.*]]: tensor<10xf32>) -> tensor<?x10xf32>
// CHECK: %[[S:.*]], %{{.*}} = "kiln.AddV2"(%[[A]], %[[B]])
// CHECK: %[[T:.*]], %{{.*}} = "kiln.Tanh"(%[[S]])
// CHECK: return %[[T]] : tensor<?x10xf32>
// CHECK-NOT: kiln.fusion
func.func @graph(%x: tensor<?x10xf32>, %b: tensor<10xf32>) -> tensor<?x10xf32> {
  %r = kiln.fusion(%x, %b) {kiln.result_dims = [-1, 10], kiln.split = [0, -1, 0]} : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32> {
  ^bb0(%a: tensor<?x10xf32>, %c: tensor<10xf32>):
    %s:2 = "kiln.AddV2"(%a, %c) : (tensor<?x10xf32>, tensor<10xf32>) -> (tensor<?x10xf32>, !kiln.control)
    %t:2 = "kiln.Tanh"(%s#0) : (tensor<?x10xf32>) -> (tensor<?x10xf32>, !kiln.control)
    kiln.yield %t#0 : tensor<?x10xf32>
  }
  return %r : tensor<?x10xf32>
}

// -----

// Tests that several fusions (over several functions, with several results)
// get distinct names after the kernels already in an existing
// @kiln_kernels module, which is reused.
// CHECK-LABEL: func.func @first
// CHECK: %[[R:.*]]:2 = kiln.launch @kiln_kernels::@fusion_1(%arg0) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<f32>)
// CHECK-LABEL: func.func @second
// CHECK: kiln.launch @kiln_kernels::@fusion_2(%arg0) : (tensor<4xi32>) -> tensor<4xi32>
// CHECK: module @kiln_kernels
// CHECK: func.func @fusion_0
// CHECK: func.func @fusion_1(%{{.*}}: tensor<4xf32>) -> (tensor<4xf32>, tensor<f32>)
// CHECK: "kiln.Const"
// CHECK: "kiln.Sum"
// CHECK: return %{{.*}}, %{{.*}} : tensor<4xf32>, tensor<f32>
// CHECK: func.func @fusion_2
// CHECK: "kiln.Neg"
func.func @first(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<f32>) {
  %r:2 = kiln.fusion(%x) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<f32>) {
  ^bb0(%a: tensor<4xf32>):
    %e:2 = "kiln.Exp"(%a) : (tensor<4xf32>) -> (tensor<4xf32>, !kiln.control)
    %axis:2 = "kiln.Const"() {dtype = i32, value = dense<0> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
    %s:2 = "kiln.Sum"(%e#0, %axis#0) {keep_dims = false} : (tensor<4xf32>, tensor<i32>) -> (tensor<f32>, !kiln.control)
    kiln.yield %e#0, %s#0 : tensor<4xf32>, tensor<f32>
  }
  return %r#0, %r#1 : tensor<4xf32>, tensor<f32>
}
func.func @second(%x: tensor<4xi32>) -> tensor<4xi32> {
  %r = kiln.fusion(%x) : (tensor<4xi32>) -> tensor<4xi32> {
  ^bb0(%a: tensor<4xi32>):
    %n:2 = "kiln.Neg"(%a) : (tensor<4xi32>) -> (tensor<4xi32>, !kiln.control)
    kiln.yield %n#0 : tensor<4xi32>
  }
  return %r : tensor<4xi32>
}
module @kiln_kernels {
  func.func @fusion_0(%a: tensor<4xf32>) -> tensor<4xf32> {
    return %a : tensor<4xf32>
  }
}

// -----

// Tests that arguments and results kiln.split slices by rows get a `?` dim
// 0 in the kernel's signature, cast to the body's static types, while an
// argument passed whole keeps its type.
// CHECK-LABEL: func.func @rows
// CHECK: kiln.launch @kiln_kernels::@fusion_0(%arg0, %arg1) {{.*}} : (tensor<64x10xf32>, tensor<10xf32>) -> tensor<64x10xf32>
// CHECK: func.func @fusion_0(%[[A:.*]]: tensor<?x10xf32>, %[[B:.*]]: tensor<10xf32>) -> tensor<?x10xf32>
// CHECK: %[[C:.*]] = tensor.cast %[[A]] : tensor<?x10xf32> to tensor<64x10xf32>
// CHECK: %[[S:.*]], %{{.*}} = "kiln.AddV2"(%[[C]], %[[B]])
// CHECK: %[[D:.*]] = tensor.cast %[[S]] : tensor<64x10xf32> to tensor<?x10xf32>
// CHECK: return %[[D]] : tensor<?x10xf32>
func.func @rows(%x: tensor<64x10xf32>, %b: tensor<10xf32>) -> tensor<64x10xf32> {
  %r = kiln.fusion(%x, %b) {kiln.split = array<i1: true, false, true>} : (tensor<64x10xf32>, tensor<10xf32>) -> tensor<64x10xf32> {
  ^bb0(%a: tensor<64x10xf32>, %c: tensor<10xf32>):
    %s:2 = "kiln.AddV2"(%a, %c) : (tensor<64x10xf32>, tensor<10xf32>) -> (tensor<64x10xf32>, !kiln.control)
    kiln.yield %s#0 : tensor<64x10xf32>
  }
  return %r : tensor<64x10xf32>
}
