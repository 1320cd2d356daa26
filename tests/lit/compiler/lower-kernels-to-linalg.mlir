// RUN: kiln-opt --split-input-file --kiln-lower-kernels-to-linalg --mlir-print-local-scope %s | FileCheck %s

// Tests that a broadcast add and a tanh become linalg.generic ops over the
// result's shape (the `?` dim from tensor.dim of the input, the bias read
// along d1), and that the kernel becomes destination-passing: its result is
// written into a trailing memref argument and it returns nothing.
// CHECK-LABEL: func.func @add_tanh
// CHECK-SAME: (%[[X:.*]]: tensor<?x10xf32> {bufferization.writable = false}, %[[B:.*]]: tensor<10xf32> {bufferization.writable = false}, %[[OUT:.*]]: memref<?x10xf32>) attributes {llvm.emit_c_interface}
// CHECK: %[[DIM:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x10xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[DIM]]) : tensor<?x10xf32>
// CHECK: %[[S:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[B]] : tensor<?x10xf32>, tensor<10xf32>) outs(%[[E]] : tensor<?x10xf32>)
// CHECK: arith.addf
// CHECK: %[[T:.*]] = linalg.generic
// CHECK: math.tanh
// CHECK: bufferization.materialize_in_destination %[[T]] in restrict writable %[[OUT]] : (tensor<?x10xf32>, memref<?x10xf32>) -> ()
// CHECK-NEXT: return{{$}}
// CHECK-NOT: kiln.
func.func @add_tanh(%x: tensor<?x10xf32>, %b: tensor<10xf32>) -> tensor<?x10xf32> {
  %s:2 = "kiln.AddV2"(%x, %b) : (tensor<?x10xf32>, tensor<10xf32>) -> (tensor<?x10xf32>, !kiln.control)
  %t:2 = "kiln.Tanh"(%s#0) : (tensor<?x10xf32>) -> (tensor<?x10xf32>, !kiln.control)
  return %t#0 : tensor<?x10xf32>
}

// -----

// Tests that statically-1 dims broadcast by reading index 0.
// CHECK-LABEL: func.func @outer
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK: arith.mulf
func.func @outer(%x: tensor<4x1xf32>, %y: tensor<1x5xf32>) -> tensor<4x5xf32> {
  %m:2 = "kiln.Mul"(%x, %y) : (tensor<4x1xf32>, tensor<1x5xf32>) -> (tensor<4x5xf32>, !kiln.control)
  return %m#0 : tensor<4x5xf32>
}

// -----

// Tests Cast: f32 -> i32 sends NaN and out-of-range values to the lowest
// i32 (x86's rule), ui8 is stored as i8 (in the signature too) and
// converts unsigned.
// CHECK-LABEL: func.func @casts
// CHECK-SAME: %{{.*}}: tensor<3xi8>
// CHECK: arith.cmpf olt, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf oge
// CHECK: arith.cmpf uno
// CHECK: %[[I:.*]] = arith.fptosi %{{.*}} : f32 to i32
// CHECK: %[[LOWEST:.*]] = arith.constant -2147483648 : i32
// CHECK: arith.select %{{.*}}, %[[LOWEST]], %[[I]] : i32
// CHECK: arith.uitofp %{{.*}} : i8 to f32
func.func @casts(%x: tensor<3xf32>, %u: tensor<3xui8>) -> (tensor<3xi32>, tensor<3xf32>) {
  %i:2 = "kiln.Cast"(%x) {DstT = i32, Truncate = false} : (tensor<3xf32>) -> (tensor<3xi32>, !kiln.control)
  %f:2 = "kiln.Cast"(%u) {DstT = f32, Truncate = false} : (tensor<3xui8>) -> (tensor<3xf32>, !kiln.control)
  return %i#0, %f#0 : tensor<3xi32>, tensor<3xf32>
}

// -----

// Tests comparisons and selects: Greater is an ordered compare, SelectV2
// broadcasts all three operands, Select (v1) with a rank-1 condition picks
// rows (condition read at d0).
// CHECK-LABEL: func.func @select
// CHECK: arith.cmpf ogt
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK: arith.select
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK: arith.select
func.func @select(%x: tensor<2x3xf32>, %y: tensor<3xf32>, %c: tensor<2xi1>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %g:2 = "kiln.Greater"(%x, %y) : (tensor<2x3xf32>, tensor<3xf32>) -> (tensor<2x3xi1>, !kiln.control)
  %s:2 = "kiln.SelectV2"(%g#0, %x, %y) : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> (tensor<2x3xf32>, !kiln.control)
  %r:2 = "kiln.Select"(%c, %x, %s#0) : (tensor<2xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> (tensor<2x3xf32>, !kiln.control)
  return %s#0, %r#0 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Tests that integer division never divides by 0 or lowest by -1 (which
// trap on x86): the divisor is replaced by 1 there, and the result is 0
// (the reference reports an error) or -x (wrapping).
// CHECK-LABEL: func.func @divide
// CHECK: %[[ZERO:.*]] = arith.cmpi eq, %[[Y:.*]], %{{.*}} : i32
// CHECK: %[[MINUS:.*]] = arith.cmpi eq, %[[Y]], %{{.*}} : i32
// CHECK: %[[UNSAFE:.*]] = arith.ori %[[ZERO]], %[[MINUS]] : i1
// CHECK: %[[SAFE:.*]] = arith.select %[[UNSAFE]], %{{.*}}, %[[Y]] : i32
// CHECK: arith.divsi %{{.*}}, %[[SAFE]] : i32
// CHECK: arith.subi
// CHECK: arith.select %[[MINUS]]
// CHECK: arith.select %[[ZERO]]
func.func @divide(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %d:2 = "kiln.RealDiv"(%x, %y) : (tensor<4xi32>, tensor<4xi32>) -> (tensor<4xi32>, !kiln.control)
  return %d#0 : tensor<4xi32>
}

// -----

// Tests a Max over a negative axis with keep_dims: a reduction from -inf
// with NaN-propagating maximumf, whose result is written into the
// collapsed view of the kept-shape output (no copy).
// CHECK-LABEL: func.func @max_keep
// CHECK-SAME: %[[OUT:[^:]*]]: memref<?x1xf32>
// CHECK: %[[VIEW:.*]] = memref.collapse_shape %[[OUT]] {{\[\[}}0, 1]] : memref<?x1xf32> into memref<?xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} {{.*}} outs(%[[INIT]] : tensor<?xf32>)
// CHECK: arith.maximumf
// CHECK: bufferization.materialize_in_destination %[[R]] in restrict writable %[[VIEW]]
func.func @max_keep(%x: tensor<?x10xf32>) -> tensor<?x1xf32> {
  %axis:2 = "kiln.Const"() {dtype = i32, value = dense<-1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %m:2 = "kiln.Max"(%x, %axis#0) {keep_dims = true} : (tensor<?x10xf32>, tensor<i32>) -> (tensor<?x1xf32>, !kiln.control)
  return %m#0 : tensor<?x1xf32>
}

// -----

// Tests Mean over axis 0: f32 accumulates in f64 (as the reference does),
// reassociable so that LLVM vectorizes the sum, then divides by the reduced
// count and rounds once.
// CHECK-LABEL: func.func @mean
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK: arith.addf %{{.*}} fastmath<reassoc> : f64
// CHECK: arith.divf %{{.*}} : f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @mean(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  %axis:2 = "kiln.Const"() {dtype = i32, value = dense<[0]> : tensor<1xi32>} : () -> (tensor<1xi32>, !kiln.control)
  %m:2 = "kiln.Mean"(%x, %axis#0) {keep_dims = false} : (tensor<2x3xf32>, tensor<1xi32>) -> (tensor<3xf32>, !kiln.control)
  return %m#0 : tensor<3xf32>
}

// -----

// Tests ArgMax: one reduction with two outputs (best value from the lowest
// finite f32, its index), taking the first strictly greater value.
// CHECK-LABEL: func.func @argmax
// CHECK: %[[LOWEST:.*]] = arith.constant -3.40282347E+38 : f32
// CHECK: %[[R:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.cmpf ogt
// CHECK: linalg.index 1 : index
// CHECK: bufferization.materialize_in_destination %[[R]]#1
func.func @argmax(%x: tensor<?x10xf32>) -> tensor<?xi64> {
  %axis:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %i:2 = "kiln.ArgMax"(%x, %axis#0) {output_type = i64} : (tensor<?x10xf32>, tensor<i32>) -> (tensor<?xi64>, !kiln.control)
  return %i#0 : tensor<?xi64>
}

// -----

// Tests Transpose: output dim d walks input dim perm[d]; the `?` output dim
// is the input's dim 1.
// CHECK-LABEL: func.func @transpose
// CHECK: %[[DIM:.*]] = tensor.dim %arg0, %c1 : tensor<2x?x4xf32>
// CHECK: tensor.empty(%[[DIM]]) : tensor<4x2x?xf32>
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2, d0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
func.func @transpose(%x: tensor<2x?x4xf32>) -> tensor<4x2x?xf32> {
  %p:2 = "kiln.Const"() {dtype = i32, value = dense<[2, 0, 1]> : tensor<3xi32>} : () -> (tensor<3xi32>, !kiln.control)
  %t:2 = "kiln.Transpose"(%x, %p#0) : (tensor<2x?x4xf32>, tensor<3xi32>) -> (tensor<4x2x?xf32>, !kiln.control)
  return %t#0 : tensor<4x2x?xf32>
}

// -----

// Tests OneHot with the depth dim first (axis 0) and ui8 indices compared
// unsigned with the depth position.
// CHECK-LABEL: func.func @onehot
// CHECK: %[[ON:.*]] = arith.constant 7 : i32
// CHECK: %[[OFF:.*]] = arith.constant -1 : i32
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK: arith.extui %{{.*}} : i8 to i64
// CHECK: linalg.index 0
// CHECK: arith.cmpi eq
// CHECK: arith.select %{{.*}}, %[[ON]], %[[OFF]] : i32
func.func @onehot(%i: tensor<3xui8>) -> tensor<4x3xi32> {
  %d:2 = "kiln.Const"() {dtype = i32, value = dense<4> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %on:2 = "kiln.Const"() {dtype = i32, value = dense<7> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %off:2 = "kiln.Const"() {dtype = i32, value = dense<-1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %y:2 = "kiln.OneHot"(%i, %d#0, %on#0, %off#0) {axis = 0 : i64} : (tensor<3xui8>, tensor<i32>, tensor<i32>, tensor<i32>) -> (tensor<4x3xi32>, !kiln.control)
  return %y#0 : tensor<4x3xi32>
}

// -----

// Tests Fill: the scalar value is read at () in every element.
// CHECK-LABEL: func.func @fill
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d0, d1)>]{{.*}} ins(%arg0 : tensor<i32>)
func.func @fill(%v: tensor<i32>) -> tensor<2x3xi32> {
  %d:2 = "kiln.Const"() {dtype = i32, value = dense<[2, 3]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  %y:2 = "kiln.Fill"(%d#0, %v) : (tensor<2xi32>, tensor<i32>) -> (tensor<2x3xi32>, !kiln.control)
  return %y#0 : tensor<2x3xi32>
}

// -----

// Tests a whole softmax fusion: max (keep_dims), x - max broadcast over the
// kept dim (read at 0), exp, sum (f64), division.
// CHECK-LABEL: func.func @softmax
// CHECK: arith.maximumf
// CHECK: tensor.expand_shape
// CHECK: affine_map<(d0, d1) -> (d0, 0)>
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf %{{.*}} : f64
// CHECK: arith.truncf
// CHECK: tensor.expand_shape
// CHECK: arith.divf %{{.*}} : f32
// CHECK: bufferization.materialize_in_destination
func.func @softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %axis:2 = "kiln.Const"() {dtype = i32, value = dense<-1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %m:2 = "kiln.Max"(%x, %axis#0) {keep_dims = true} : (tensor<?x10xf32>, tensor<i32>) -> (tensor<?x1xf32>, !kiln.control)
  %d:2 = "kiln.Sub"(%x, %m#0) : (tensor<?x10xf32>, tensor<?x1xf32>) -> (tensor<?x10xf32>, !kiln.control)
  %e:2 = "kiln.Exp"(%d#0) : (tensor<?x10xf32>) -> (tensor<?x10xf32>, !kiln.control)
  %s:2 = "kiln.Sum"(%e#0, %axis#0) {keep_dims = true} : (tensor<?x10xf32>, tensor<i32>) -> (tensor<?x1xf32>, !kiln.control)
  %y:2 = "kiln.RealDiv"(%e#0, %s#0) : (tensor<?x10xf32>, tensor<?x1xf32>) -> (tensor<?x10xf32>, !kiln.control)
  return %y#0 : tensor<?x10xf32>
}
