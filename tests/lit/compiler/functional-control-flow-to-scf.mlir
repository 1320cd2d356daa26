// RUN: kiln-opt --split-input-file --kiln-functional-control-flow-to-scf %s | FileCheck %s

// Tests that a StatelessWhile becomes an scf.while over its operands, the
// condition's and body's functions cloned into its regions with the
// operands' types (the functions' are unranked), and the library gone.
// CHECK-LABEL: func.func @main
// CHECK-SAME: -> (tensor<i32>, tensor<?x3xf32>)
// CHECK: %[[R:.*]]:2 = scf.while (%[[I:.*]] = %{{.*}}, %[[X:.*]] = %arg0) : (tensor<i32>, tensor<?x3xf32>) -> (tensor<i32>, tensor<?x3xf32>) {
// CHECK: %[[LESS:.*]], %{{.*}} = "kiln.Less"(%[[I]], %{{.*}}) : (tensor<i32>, tensor<i32>) -> (tensor<i1>, !kiln.control)
// CHECK: %[[P:.*]] = tensor.extract %[[LESS]][] : tensor<i1>
// CHECK: scf.condition(%[[P]]) %[[I]], %[[X]]
// CHECK: } do {
// CHECK: ^bb0(%[[BI:.*]]: tensor<i32>, %[[BX:.*]]: tensor<?x3xf32>):
// CHECK: "kiln.AddV2"(%[[BI]], %{{.*}}) : (tensor<i32>, tensor<i32>)
// CHECK: %[[MUL:.*]], %{{.*}} = "kiln.Mul"(%[[BX]], %{{.*}}) : (tensor<?x3xf32>, tensor<f32>) -> (tensor<?x3xf32>, !kiln.control)
// CHECK: scf.yield %{{.*}}, %[[MUL]] : tensor<i32>, tensor<?x3xf32>
// CHECK: return %[[R]]#0, %[[R]]#1
// CHECK-NOT: func.func private
module {
  func.func @main(%x: tensor<?x3xf32>) -> (tensor<*xi32>, tensor<*xf32>) {
    %zero:2 = "kiln.Const"() {dtype = i32, value = dense<0> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
    %r:3 = "kiln.opaque"(%zero#0, %x) {attrs = {T = [i32, f32], body = #kiln.func<@body, {}>, cond = #kiln.func<@cond, {}>}, op_type = "StatelessWhile", operandSegmentSizes = array<i32: 2, 0>} : (tensor<i32>, tensor<?x3xf32>) -> (tensor<*xi32>, tensor<*xf32>, !kiln.control)
    return %r#0, %r#1 : tensor<*xi32>, tensor<*xf32>
  }
  func.func private @cond(%i: tensor<*xi32>, %x: tensor<*xf32>) -> tensor<*xi1> attributes {kiln.function_def} {
    %n:2 = "kiln.Const"() {dtype = i32, value = dense<3> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
    %p:2 = "kiln.Less"(%i, %n#0) : (tensor<*xi32>, tensor<i32>) -> (tensor<*xi1>, !kiln.control)
    return %p#0 : tensor<*xi1>
  }
  func.func private @body(%i: tensor<*xi32>, %x: tensor<*xf32>) -> (tensor<*xi32>, tensor<*xf32>) attributes {kiln.function_def} {
    %one:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
    %next:2 = "kiln.AddV2"(%i, %one#0) : (tensor<*xi32>, tensor<i32>) -> (tensor<*xi32>, !kiln.control)
    %k:2 = "kiln.Const"() {dtype = f32, value = dense<1.5> : tensor<f32>} : () -> (tensor<f32>, !kiln.control)
    %y:2 = "kiln.Mul"(%x, %k#0) : (tensor<*xf32>, tensor<f32>) -> (tensor<*xf32>, !kiln.control)
    return %next#0, %y#0 : tensor<*xi32>, tensor<*xf32>
  }
}

// -----

// Tests that an If with a bool scalar predicate becomes an scf.if whose
// result type joins the branches' (here both keep x's type), and that a
// nested If in a branch converts too.
// CHECK-LABEL: func.func @main
// CHECK: %[[P:.*]] = tensor.extract %arg1[] : tensor<i1>
// CHECK: scf.if %[[P]] -> (tensor<2xf32>) {
// CHECK: "kiln.Neg"
// CHECK: scf.if
// CHECK: "kiln.Exp"
// CHECK: } else {
// CHECK: "kiln.Tanh"
// CHECK: }
// CHECK: } else {
// CHECK: "kiln.Sqrt"
// CHECK-NOT: kiln.opaque
module {
  func.func @main(%x: tensor<2xf32>, %p: tensor<i1>) -> tensor<*xf32> {
    %r:2 = "kiln.opaque"(%p, %x, %p) {attrs = {Tcond = i1, Tin = [f32, i1], Tout = [f32], then_branch = #kiln.func<@outer_then, {}>, else_branch = #kiln.func<@outer_else, {}>}, op_type = "StatelessIf", operandSegmentSizes = array<i32: 3, 0>} : (tensor<i1>, tensor<2xf32>, tensor<i1>) -> (tensor<*xf32>, !kiln.control)
    return %r#0 : tensor<*xf32>
  }
  func.func private @outer_then(%x: tensor<*xf32>, %p: tensor<*xi1>) -> tensor<*xf32> attributes {kiln.function_def} {
    %n:2 = "kiln.Neg"(%x) : (tensor<*xf32>) -> (tensor<*xf32>, !kiln.control)
    %r:2 = "kiln.opaque"(%p, %n#0) {attrs = {Tcond = i1, Tin = [f32], Tout = [f32], then_branch = #kiln.func<@inner_then, {}>, else_branch = #kiln.func<@inner_else, {}>}, op_type = "If", operandSegmentSizes = array<i32: 2, 0>} : (tensor<*xi1>, tensor<*xf32>) -> (tensor<*xf32>, !kiln.control)
    return %r#0 : tensor<*xf32>
  }
  func.func private @outer_else(%x: tensor<*xf32>, %p: tensor<*xi1>) -> tensor<*xf32> attributes {kiln.function_def} {
    %s:2 = "kiln.Sqrt"(%x) : (tensor<*xf32>) -> (tensor<*xf32>, !kiln.control)
    return %s#0 : tensor<*xf32>
  }
  func.func private @inner_then(%x: tensor<*xf32>) -> tensor<*xf32> attributes {kiln.function_def} {
    %e:2 = "kiln.Exp"(%x) : (tensor<*xf32>) -> (tensor<*xf32>, !kiln.control)
    return %e#0 : tensor<*xf32>
  }
  func.func private @inner_else(%x: tensor<*xf32>) -> tensor<*xf32> attributes {kiln.function_def} {
    %t:2 = "kiln.Tanh"(%x) : (tensor<*xf32>) -> (tensor<*xf32>, !kiln.control)
    return %t#0 : tensor<*xf32>
  }
}

// -----

// Tests that a node it cannot convert stays, with its library: a
// predicate that is not a bool scalar (TensorFlow's truthiness of a
// tensor's size), and a body reading a resource.
// CHECK-LABEL: func.func @main
// CHECK: op_type = "StatelessIf"
// CHECK: op_type = "While"
// CHECK: func.func private @then
// CHECK: func.func private @body
module {
  func.func @main(%x: tensor<2xf32>, %v: tensor<!kiln.resource>) -> (tensor<*xf32>, tensor<*xf32>) {
    %r:2 = "kiln.opaque"(%x, %x) {attrs = {Tcond = f32, Tin = [f32], Tout = [f32], then_branch = #kiln.func<@then, {}>, else_branch = #kiln.func<@then, {}>}, op_type = "StatelessIf", operandSegmentSizes = array<i32: 2, 0>} : (tensor<2xf32>, tensor<2xf32>) -> (tensor<*xf32>, !kiln.control)
    %w:3 = "kiln.opaque"(%x, %v) {attrs = {T = [f32, !kiln.resource], body = #kiln.func<@body, {}>, cond = #kiln.func<@body, {}>}, op_type = "While", operandSegmentSizes = array<i32: 2, 0>} : (tensor<2xf32>, tensor<!kiln.resource>) -> (tensor<*xf32>, tensor<*x!kiln.resource>, !kiln.control)
    return %r#0, %w#0 : tensor<*xf32>, tensor<*xf32>
  }
  func.func private @then(%x: tensor<*xf32>) -> tensor<*xf32> attributes {kiln.function_def} {
    return %x : tensor<*xf32>
  }
  func.func private @body(%x: tensor<*xf32>, %v: tensor<*x!kiln.resource>) -> (tensor<*xf32>, tensor<*x!kiln.resource>) attributes {kiln.function_def} {
    return %x, %v : tensor<*xf32>, tensor<*x!kiln.resource>
  }
}
