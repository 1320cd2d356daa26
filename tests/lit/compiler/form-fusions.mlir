// RUN: kiln-opt --split-input-file --kiln-form-fusions %s | FileCheck %s
// RUN: kiln-opt --split-input-file --kiln-form-fusions=singletons=true %s | FileCheck %s --check-prefix=SINGLE

// Tests that a decomposed softmax becomes one fusion reading x, with its
// axis constant cloned inside and the original constant gone.
// CHECK-LABEL: func.func @softmax
// CHECK-NOT: "kiln.Const"
// CHECK: %[[F:.*]] = kiln.fusion(%arg0) : (tensor<?x10xf32>) -> tensor<?x10xf32> {
// CHECK-NEXT: ^bb0(%[[X:.*]]: tensor<?x10xf32>):
// CHECK-NEXT: %[[AXIS:.*]], %{{.*}} = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<i32>}
// CHECK-NEXT: "kiln.Max"(%[[X]], %[[AXIS]])
// CHECK-NEXT: "kiln.Sub"
// CHECK-NEXT: "kiln.Exp"
// CHECK-NEXT: "kiln.Sum"
// CHECK-NEXT: %[[DIV:.*]], %{{.*}} = "kiln.RealDiv"
// CHECK-NEXT: kiln.yield %[[DIV]] : tensor<?x10xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[F]]
// SINGLE-LABEL: func.func @softmax
// SINGLE-COUNT-5: kiln.fusion
// SINGLE-NOT: kiln.fusion
func.func @softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %axis:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %m:2 = "kiln.Max"(%x, %axis#0) {keep_dims = true} : (tensor<?x10xf32>, tensor<i32>) -> (tensor<?x1xf32>, !kiln.control)
  %s:2 = "kiln.Sub"(%x, %m#0) : (tensor<?x10xf32>, tensor<?x1xf32>) -> (tensor<?x10xf32>, !kiln.control)
  %e:2 = "kiln.Exp"(%s#0) : (tensor<?x10xf32>) -> (tensor<?x10xf32>, !kiln.control)
  %t:2 = "kiln.Sum"(%e#0, %axis#0) {keep_dims = true} : (tensor<?x10xf32>, tensor<i32>) -> (tensor<?x1xf32>, !kiln.control)
  %d:2 = "kiln.RealDiv"(%e#0, %t#0) : (tensor<?x10xf32>, tensor<?x1xf32>) -> (tensor<?x10xf32>, !kiln.control)
  return %d#0 : tensor<?x10xf32>
}

// -----

// Tests that a path leaving a cluster through a non-fusible op and coming
// back (a -> MatMul -> b) keeps a and b apart, and that the fusion holding
// b comes after the MatMul.
// CHECK-LABEL: func.func @cycle
// SINGLE-LABEL: func.func @cycle
// CHECK: %[[A:.*]] = kiln.fusion(%arg0)
// CHECK: "kiln.Exp"
// CHECK: %[[P:.*]], %{{.*}} = "kiln.MatMul"(%[[A]], %arg1)
// CHECK: kiln.fusion(%[[A]], %[[P]])
// CHECK: "kiln.AddV2"
func.func @cycle(%x: tensor<2x2xf32>, %w: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %a:2 = "kiln.Exp"(%x) : (tensor<2x2xf32>) -> (tensor<2x2xf32>, !kiln.control)
  %p:2 = "kiln.MatMul"(%a#0, %w) : (tensor<2x2xf32>, tensor<2x2xf32>) -> (tensor<2x2xf32>, !kiln.control)
  %b:2 = "kiln.AddV2"(%a#0, %p#0) : (tensor<2x2xf32>, tensor<2x2xf32>) -> (tensor<2x2xf32>, !kiln.control)
  return %b#0 : tensor<2x2xf32>
}

// -----

// Tests that two clusters may not depend on each other: with a1 -> a2 and
// b1 -> b2 fused, a1 -> MatMul -> b2 and b1 -> MatMul -> a2 would make each
// fusion wait on the other, so b2 gets a fusion of its own.
// CHECK-LABEL: func.func @cross_cycle
// CHECK: %[[B1:.*]] = kiln.fusion(%arg1)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: "kiln.Neg"
// CHECK-NEXT: kiln.yield
// CHECK: %[[M2:.*]], %{{.*}} = "kiln.MatMul"(%[[B1]], %arg2)
// CHECK: %[[A:.*]]:2 = kiln.fusion(%arg0, %[[M2]])
// CHECK: "kiln.Exp"
// CHECK: "kiln.AddV2"
// CHECK: %[[M1:.*]], %{{.*}} = "kiln.MatMul"(%[[A]]#0, %arg2)
// CHECK: kiln.fusion(%[[B1]], %[[M1]])
// CHECK-NEXT: ^bb0
// CHECK-NEXT: "kiln.Mul"
// SINGLE-LABEL: func.func @cross_cycle
func.func @cross_cycle(%x: tensor<2x2xf32>, %y: tensor<2x2xf32>, %w: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %a1:2 = "kiln.Exp"(%x) : (tensor<2x2xf32>) -> (tensor<2x2xf32>, !kiln.control)
  %b1:2 = "kiln.Neg"(%y) : (tensor<2x2xf32>) -> (tensor<2x2xf32>, !kiln.control)
  %m1:2 = "kiln.MatMul"(%a1#0, %w) : (tensor<2x2xf32>, tensor<2x2xf32>) -> (tensor<2x2xf32>, !kiln.control)
  %m2:2 = "kiln.MatMul"(%b1#0, %w) : (tensor<2x2xf32>, tensor<2x2xf32>) -> (tensor<2x2xf32>, !kiln.control)
  %a2:2 = "kiln.AddV2"(%a1#0, %m2#0) : (tensor<2x2xf32>, tensor<2x2xf32>) -> (tensor<2x2xf32>, !kiln.control)
  %b2:2 = "kiln.Mul"(%b1#0, %m1#0) : (tensor<2x2xf32>, tensor<2x2xf32>) -> (tensor<2x2xf32>, !kiln.control)
  return %a2#0, %b2#0 : tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// Tests that an op with a control edge stays outside (it is not fusible) and
// splits the chain around it.
// CHECK-LABEL: func.func @control_edge
// CHECK: %[[A:.*]] = kiln.fusion(%arg0)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: "kiln.Exp"
// CHECK-NEXT: kiln.yield
// CHECK: %[[N:.*]], %{{.*}} = "kiln.Neg"(%[[A]], %{{.*}})
// CHECK: kiln.fusion(%[[N]])
// CHECK-NEXT: ^bb0
// CHECK-NEXT: "kiln.Tanh"
func.func @control_edge(%x: tensor<3xf32>) -> tensor<3xf32> {
  %init = "kiln.NoOp"() : () -> !kiln.control
  %a:2 = "kiln.Exp"(%x) : (tensor<3xf32>) -> (tensor<3xf32>, !kiln.control)
  %n:2 = "kiln.Neg"(%a#0, %init) : (tensor<3xf32>, !kiln.control) -> (tensor<3xf32>, !kiln.control)
  %t:2 = "kiln.Tanh"(%n#0) : (tensor<3xf32>) -> (tensor<3xf32>, !kiln.control)
  return %t#0 : tensor<3xf32>
}

// -----

// Tests that values used outside become results (an intermediate read by a
// MatMul placed between the members moves after the fusion), that a small
// constant is cloned inside while a large one is passed in.
// CHECK-LABEL: func.func @outputs_and_constants
// CHECK: %[[BIG:.*]], %{{.*}} = "kiln.Const"() {dtype = f32, value = dense<2.000000e+00> : tensor<17xf32>}
// CHECK: %[[F:.*]]:2 = kiln.fusion(%arg0, %[[BIG]]) : (tensor<17xf32>, tensor<17xf32>) -> (tensor<17xf32>, tensor<17xf32>)
// CHECK: "kiln.Const"() {dtype = f32, value = dense<3.000000e+00> : tensor<f32>}
// CHECK: "kiln.Mul"
// CHECK: "kiln.AddV2"
// CHECK: "kiln.Sub"
// CHECK: kiln.yield
// CHECK: "kiln.Reshape"(%[[F]]#0
// CHECK: return %[[F]]#1
func.func @outputs_and_constants(%x: tensor<17xf32>) -> (tensor<17xf32>, tensor<1x17xf32>) {
  %small:2 = "kiln.Const"() {dtype = f32, value = dense<3.0> : tensor<f32>} : () -> (tensor<f32>, !kiln.control)
  %big:2 = "kiln.Const"() {dtype = f32, value = dense<2.0> : tensor<17xf32>} : () -> (tensor<17xf32>, !kiln.control)
  %shape:2 = "kiln.Const"() {dtype = i32, value = dense<[1, 17]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  %m:2 = "kiln.Mul"(%x, %small#0) : (tensor<17xf32>, tensor<f32>) -> (tensor<17xf32>, !kiln.control)
  %a:2 = "kiln.AddV2"(%m#0, %big#0) : (tensor<17xf32>, tensor<17xf32>) -> (tensor<17xf32>, !kiln.control)
  %r:2 = "kiln.Reshape"(%a#0, %shape#0) : (tensor<17xf32>, tensor<2xi32>) -> (tensor<1x17xf32>, !kiln.control)
  %s:2 = "kiln.Sub"(%a#0, %x) : (tensor<17xf32>, tensor<17xf32>) -> (tensor<17xf32>, !kiln.control)
  return %s#0, %r#0 : tensor<17xf32>, tensor<1x17xf32>
}

// -----

// Tests that with `singletons` each fusible op gets its own fusion, reading
// the previous one's result.
// SINGLE-LABEL: func.func @chain
// SINGLE: %[[A:.*]] = kiln.fusion(%arg0)
// SINGLE: "kiln.Exp"
// SINGLE: %[[B:.*]] = kiln.fusion(%[[A]])
// SINGLE: "kiln.Relu"
// SINGLE: return %[[B]]
// CHECK-LABEL: func.func @chain
// CHECK-COUNT-1: kiln.fusion
// CHECK-NOT: kiln.fusion
func.func @chain(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a:2 = "kiln.Exp"(%x) : (tensor<4xf32>) -> (tensor<4xf32>, !kiln.control)
  %b:2 = "kiln.Relu"(%a#0) : (tensor<4xf32>) -> (tensor<4xf32>, !kiln.control)
  return %b#0 : tensor<4xf32>
}
