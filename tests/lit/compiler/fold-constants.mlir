// RUN: kiln-opt --split-input-file --kiln-fold-constants --mlir-print-debuginfo --mlir-print-local-scope %s | FileCheck %s
// RUN: kiln-opt --split-input-file --kiln-fold-constants=max-elements=2 %s | FileCheck %s --check-prefix=SMALL

// Tests that a chain of ops on constants folds to one constant, computed by
// the reference kernels: (1 + 2) * [1, 2, 3] - 1 = [2, 5, 8].
// CHECK-LABEL: func.func @chain
// CHECK: "kiln.Const"() {dtype = f32, value = dense<[2.000000e+00, 5.000000e+00, 8.000000e+00]> : tensor<3xf32>}
// CHECK-NOT: "kiln.AddV2"
// CHECK-NOT: "kiln.Mul"
// CHECK-NOT: "kiln.Sub"
// SMALL-LABEL: func.func @chain
// SMALL: "kiln.Mul"
func.func @chain() -> tensor<3xf32> {
  %a:2 = "kiln.Const"() {dtype = f32, value = dense<1.0> : tensor<f32>} : () -> (tensor<f32>, !kiln.control)
  %b:2 = "kiln.Const"() {dtype = f32, value = dense<2.0> : tensor<f32>} : () -> (tensor<f32>, !kiln.control)
  %v:2 = "kiln.Const"() {dtype = f32, value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> (tensor<3xf32>, !kiln.control)
  %s:2 = "kiln.AddV2"(%a#0, %b#0) : (tensor<f32>, tensor<f32>) -> (tensor<f32>, !kiln.control)
  %m:2 = "kiln.Mul"(%s#0, %v#0) : (tensor<f32>, tensor<3xf32>) -> (tensor<3xf32>, !kiln.control)
  %r:2 = "kiln.Sub"(%m#0, %a#0) : (tensor<3xf32>, tensor<f32>) -> (tensor<3xf32>, !kiln.control)
  return %r#0 : tensor<3xf32>
}

// -----

// Tests that shape arithmetic on constants folds (Reshape with a -1, a
// reduction over a negative axis), keeping the node's name.
// CHECK-LABEL: func.func @shapes
// CHECK: "kiln.Const"() {dtype = i32, value = dense<[6, 15]> : tensor<2xi32>} {{.*}} loc("sum")
func.func @shapes() -> tensor<2xi32> {
  %x:2 = "kiln.Const"() {dtype = i32, value = dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi32>} : () -> (tensor<6xi32>, !kiln.control)
  %shape:2 = "kiln.Const"() {dtype = i32, value = dense<[2, -1]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  %axis:2 = "kiln.Const"() {dtype = i32, value = dense<-1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %y:2 = "kiln.Reshape"(%x#0, %shape#0) : (tensor<6xi32>, tensor<2xi32>) -> (tensor<2x3xi32>, !kiln.control) loc("reshape")
  %z:2 = "kiln.Sum"(%y#0, %axis#0) {keep_dims = false} : (tensor<2x3xi32>, tensor<i32>) -> (tensor<2xi32>, !kiln.control) loc("sum")
  return %z#0 : tensor<2xi32>
}

// -----

// Tests that a folded op's control inputs move to its constant, that what
// waited on the op now waits on the constant, and that ops with a
// non-constant or stateful input stay.
// CHECK-LABEL: func.func @controls
// CHECK: %[[INIT:.*]] = "kiln.NoOp"
// CHECK: %{{.*}}, %[[CTL:.*]] = "kiln.Const"(%[[INIT]]) {dtype = f32, value = dense<-2.000000e+00> : tensor<f32>}
// CHECK: "kiln.AddV2"(%arg0, %{{.*}}, %[[CTL]])
// CHECK: "kiln.ReadVariableOp"
func.func @controls(%x: tensor<f32>, %v: tensor<!kiln.resource>) -> (tensor<f32>, tensor<*xf32>) {
  %init = "kiln.NoOp"() : () -> !kiln.control
  %c:2 = "kiln.Const"() {dtype = f32, value = dense<2.0> : tensor<f32>} : () -> (tensor<f32>, !kiln.control)
  %n:2 = "kiln.Neg"(%c#0, %init) : (tensor<f32>, !kiln.control) -> (tensor<f32>, !kiln.control)
  %y:2 = "kiln.AddV2"(%x, %n#0, %n#1) : (tensor<f32>, tensor<f32>, !kiln.control) -> (tensor<f32>, !kiln.control)
  %r:2 = "kiln.ReadVariableOp"(%v) {dtype = f32} : (tensor<!kiln.resource>) -> (tensor<*xf32>, !kiln.control)
  return %y#0, %r#0 : tensor<f32>, tensor<*xf32>
}

// -----

// Tests that an op whose evaluation fails (integer division by zero) is
// left for run time rather than folded.
// CHECK-LABEL: func.func @no_fold_on_error
// CHECK: "kiln.RealDiv"
func.func @no_fold_on_error() -> tensor<i32> {
  %a:2 = "kiln.Const"() {dtype = i32, value = dense<4> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %z:2 = "kiln.Const"() {dtype = i32, value = dense<0> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %d:2 = "kiln.RealDiv"(%a#0, %z#0) : (tensor<i32>, tensor<i32>) -> (tensor<i32>, !kiln.control)
  return %d#0 : tensor<i32>
}

// -----

// Tests that a folded result returned as is refines the function's type.
// CHECK-LABEL: func.func @returned
// CHECK-SAME: -> tensor<2xf32>
func.func @returned() -> tensor<*xf32> {
  %a:2 = "kiln.Const"() {dtype = f32, value = dense<[1.0, 4.0]> : tensor<2xf32>} : () -> (tensor<2xf32>, !kiln.control)
  %r:2 = "kiln.Sqrt"(%a#0) : (tensor<2xf32>) -> (tensor<*xf32>, !kiln.control)
  return %r#0 : tensor<*xf32>
}
