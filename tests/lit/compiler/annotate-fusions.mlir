// RUN: kiln-opt --split-input-file --kiln-annotate-fusions %s | FileCheck %s

// Tests that a row-wise fusion (bias add, then a softmax-style max over the
// last axis broadcast back) gets result dims from its first argument's `?`
// dim 0 (encoded -1 - (64 * arg + dim)), is split by rows, and that the bias
// (rank 1, broadcast along the last dim) is passed whole.
// CHECK-LABEL: func.func @rows
// CHECK: kiln.fusion(%arg0, %arg1) {kiln.dim_equalities = array<i64>, kiln.result_dims = [array<i64: -1, 10>], kiln.split = array<i1: true, false, true>}
func.func @rows(%x: tensor<?x10xf32>, %b: tensor<10xf32>) -> tensor<?x10xf32> {
  %r = kiln.fusion(%x, %b) : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32> {
  ^bb0(%a: tensor<?x10xf32>, %c: tensor<10xf32>):
    %s:2 = "kiln.AddV2"(%a, %c) : (tensor<?x10xf32>, tensor<10xf32>) -> (tensor<?x10xf32>, !kiln.control)
    %axis:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
    %m:2 = "kiln.Max"(%s#0, %axis#0) {keep_dims = true} : (tensor<?x10xf32>, tensor<i32>) -> (tensor<?x1xf32>, !kiln.control)
    %d:2 = "kiln.Sub"(%s#0, %m#0) : (tensor<?x10xf32>, tensor<?x1xf32>) -> (tensor<?x10xf32>, !kiln.control)
    kiln.yield %d#0 : tensor<?x10xf32>
  }
  return %r : tensor<?x10xf32>
}

// -----

// Tests that two `?` dims broadcast against each other are recorded as an
// equality the executor checks (argument 0 dim 1 == argument 1 dim 1), and
// that a `?` against a known 7 is checked against the constant (argument
// -1).
// CHECK-LABEL: func.func @equalities
// CHECK: kiln.dim_equalities = array<i64: 0, 1, 1, 1, 2, 0, -1, 7>, kiln.result_dims = [array<i64: 7, -2>]
func.func @equalities(%x: tensor<7x?xf32>, %y: tensor<7x?xf32>, %z: tensor<?x1xf32>) -> tensor<7x?xf32> {
  %r = kiln.fusion(%x, %y, %z) : (tensor<7x?xf32>, tensor<7x?xf32>, tensor<?x1xf32>) -> tensor<7x?xf32> {
  ^bb0(%a: tensor<7x?xf32>, %b: tensor<7x?xf32>, %c: tensor<?x1xf32>):
    %s:2 = "kiln.Mul"(%a, %b) : (tensor<7x?xf32>, tensor<7x?xf32>) -> (tensor<7x?xf32>, !kiln.control)
    %t:2 = "kiln.AddV2"(%s#0, %c) : (tensor<7x?xf32>, tensor<?x1xf32>) -> (tensor<7x?xf32>, !kiln.control)
    kiln.yield %t#0 : tensor<7x?xf32>
  }
  return %r : tensor<7x?xf32>
}

// -----

// Tests that a reduction over the rows (axis 0) is not split: every result
// row needs every input row.
// CHECK-LABEL: func.func @column_sum
// CHECK: kiln.result_dims = [array<i64: 10>]
// CHECK-NOT: kiln.split
func.func @column_sum(%x: tensor<?x10xf32>) -> tensor<10xf32> {
  %r = kiln.fusion(%x) : (tensor<?x10xf32>) -> tensor<10xf32> {
  ^bb0(%a: tensor<?x10xf32>):
    %axis:2 = "kiln.Const"() {dtype = i32, value = dense<0> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
    %s:2 = "kiln.Sum"(%a, %axis#0) {keep_dims = false} : (tensor<?x10xf32>, tensor<i32>) -> (tensor<10xf32>, !kiln.control)
    kiln.yield %s#0 : tensor<10xf32>
  }
  return %r : tensor<10xf32>
}

// -----

// Tests that a transpose moving the rows elsewhere is not split, while a
// row sum without keep_dims is (its [?] result keeps the rows).
// CHECK-LABEL: func.func @transpose_and_row_sum
// CHECK: kiln.fusion(%arg0) {kiln.dim_equalities = array<i64>, kiln.result_dims = [array<i64: 10, -1>]}
// CHECK: kiln.fusion(%arg0) {kiln.dim_equalities = array<i64>, kiln.result_dims = [array<i64: -1>], kiln.split = array<i1: true, true>}
func.func @transpose_and_row_sum(%x: tensor<?x10xf32>) -> (tensor<10x?xf32>, tensor<?xf32>) {
  %t = kiln.fusion(%x) : (tensor<?x10xf32>) -> tensor<10x?xf32> {
  ^bb0(%a: tensor<?x10xf32>):
    %perm:2 = "kiln.Const"() {dtype = i32, value = dense<[1, 0]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
    %y:2 = "kiln.Transpose"(%a, %perm#0) : (tensor<?x10xf32>, tensor<2xi32>) -> (tensor<10x?xf32>, !kiln.control)
    kiln.yield %y#0 : tensor<10x?xf32>
  }
  %s = kiln.fusion(%x) : (tensor<?x10xf32>) -> tensor<?xf32> {
  ^bb0(%a: tensor<?x10xf32>):
    %axis:2 = "kiln.Const"() {dtype = i32, value = dense<-1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
    %y:2 = "kiln.Sum"(%a, %axis#0) {keep_dims = false} : (tensor<?x10xf32>, tensor<i32>) -> (tensor<?xf32>, !kiln.control)
    kiln.yield %y#0 : tensor<?xf32>
  }
  return %t, %s : tensor<10x?xf32>, tensor<?xf32>
}
