// RUN: kiln-opt --split-input-file --kiln-form-control-flow-kernels %s | FileCheck %s

// Tests that a loop of elementwise ops becomes one kiln.fusion: the loop's
// operands and the values its body reads from outside become the fusion's
// operands, the constant it reads is cloned in.
// CHECK-LABEL: func.func @loop
// CHECK: %[[F:.*]]:2 = kiln.fusion(%arg0, %arg1) : (tensor<?x3xf32>, tensor<i32>) -> (tensor<i32>, tensor<?x3xf32>) {
// CHECK-NEXT: ^bb0(%[[X:.*]]: tensor<?x3xf32>, %[[N:.*]]: tensor<i32>):
// CHECK: "kiln.Const"() {dtype = i32, value = dense<0> : tensor<i32>}
// CHECK: scf.while
// CHECK: "kiln.Less"(%{{.*}}, %[[N]])
// CHECK: scf.condition
// CHECK: "kiln.Mul"
// CHECK: scf.yield
// CHECK: kiln.yield
// CHECK: return %[[F]]#1
func.func @loop(%x: tensor<?x3xf32>, %n: tensor<i32>) -> tensor<?x3xf32> {
  %zero:2 = "kiln.Const"() {dtype = i32, value = dense<0> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %r:2 = scf.while (%i = %zero#0, %v = %x) : (tensor<i32>, tensor<?x3xf32>) -> (tensor<i32>, tensor<?x3xf32>) {
    %p:2 = "kiln.Less"(%i, %n) : (tensor<i32>, tensor<i32>) -> (tensor<i1>, !kiln.control)
    %b = tensor.extract %p#0[] : tensor<i1>
    scf.condition(%b) %i, %v : tensor<i32>, tensor<?x3xf32>
  } do {
  ^bb0(%i: tensor<i32>, %v: tensor<?x3xf32>):
    %one:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
    %j:2 = "kiln.AddV2"(%i, %one#0) : (tensor<i32>, tensor<i32>) -> (tensor<i32>, !kiln.control)
    %w:2 = "kiln.Mul"(%v, %v) : (tensor<?x3xf32>, tensor<?x3xf32>) -> (tensor<?x3xf32>, !kiln.control)
    scf.yield %j#0, %w#0 : tensor<i32>, tensor<?x3xf32>
  }
  return %r#1 : tensor<?x3xf32>
}

// -----

// Tests that an scf.if takes the extract of its predicate into the fusion.
// CHECK-LABEL: func.func @branch
// CHECK: kiln.fusion(%arg1, %arg0) : (tensor<i1>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: tensor.extract
// CHECK: scf.if
// CHECK-NOT: tensor.extract
func.func @branch(%x: tensor<4xf32>, %p: tensor<i1>) -> tensor<4xf32> {
  %b = tensor.extract %p[] : tensor<i1>
  %r = scf.if %b -> (tensor<4xf32>) {
    %e:2 = "kiln.Exp"(%x) : (tensor<4xf32>) -> (tensor<4xf32>, !kiln.control)
    scf.yield %e#0 : tensor<4xf32>
  } else {
    %t:2 = "kiln.Tanh"(%x) : (tensor<4xf32>) -> (tensor<4xf32>, !kiln.control)
    scf.yield %t#0 : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// Tests that loops no kernel can take stay: a MatMul in the body too large
// for plain loops (2M multiply-adds a trip), and a
// variable whose dims swap every trip (its shape cannot be followed).
// CHECK-LABEL: func.func @stays
// CHECK-NOT: kiln.fusion
// CHECK: scf.while
// CHECK: scf.while
func.func @stays(%x: tensor<128x128xf32>, %y: tensor<?x?xf32>, %p: tensor<i1>) -> (tensor<128x128xf32>, tensor<?x?xf32>) {
  %r = scf.while (%v = %x) : (tensor<128x128xf32>) -> tensor<128x128xf32> {
    %b = tensor.extract %p[] : tensor<i1>
    scf.condition(%b) %v : tensor<128x128xf32>
  } do {
  ^bb0(%v: tensor<128x128xf32>):
    %m:2 = "kiln.MatMul"(%v, %v) : (tensor<128x128xf32>, tensor<128x128xf32>) -> (tensor<128x128xf32>, !kiln.control)
    scf.yield %m#0 : tensor<128x128xf32>
  }
  %s = scf.while (%v = %y) : (tensor<?x?xf32>) -> tensor<?x?xf32> {
    %b = tensor.extract %p[] : tensor<i1>
    scf.condition(%b) %v : tensor<?x?xf32>
  } do {
  ^bb0(%v: tensor<?x?xf32>):
    %perm:2 = "kiln.Const"() {dtype = i32, value = dense<[1, 0]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
    %t:2 = "kiln.Transpose"(%v, %perm#0) : (tensor<?x?xf32>, tensor<2xi32>) -> (tensor<?x?xf32>, !kiln.control)
    scf.yield %t#0 : tensor<?x?xf32>
  }
  return %r, %s : tensor<128x128xf32>, tensor<?x?xf32>
}
